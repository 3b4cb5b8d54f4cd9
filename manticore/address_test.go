package manticore_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/manticore"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in      string
		want    manticore.Address
		wantErr string
	}{
		{"sphinxql://127.0.0.1:9306/pullquote", manticore.Address{Nodes: []string{"127.0.0.1:9306"}, Index: "pullquote"}, ""},
		{"sphinxql://a:9306,b:9308/reviews", manticore.Address{Nodes: []string{"a:9306", "b:9308"}, Index: "reviews"}, ""},
		{"sphinxql://[::1]:9306", manticore.Address{Nodes: []string{"[::1]:9306"}, Index: manticore.Index}, ""},
		{"mysql://127.0.0.1:9306/pullquote", manticore.Address{}, "want sphinxql://"},
		{"sphinxql://127.0.0.1/pullquote", manticore.Address{}, `node "127.0.0.1"`},
		{"sphinxql://a:9306,/pullquote", manticore.Address{}, `node ""`},
		{"sphinxql://a:9306/pull;quote", manticore.Address{}, "index name"},
	}
	for _, tt := range tests {
		got, err := manticore.ParseAddress(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: %v, want an error with %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if again, err := manticore.ParseAddress(got.String()); err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("%s: String() %q does not parse back: %+v, %v", tt.in, got.String(), again, err)
		}
	}
}

package opensearch

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	env := map[string]string{"OPENSEARCH_USERNAME": "envuser", "OPENSEARCH_PASSWORD": "envpass"}
	for _, tt := range []struct {
		in   string
		want Address
		err  string
	}{
		{"opensearch://127.0.0.1:9200/pullquote", Address{Nodes: []string{"127.0.0.1:9200"}, Index: "pullquote", User: "envuser", Password: "envpass"}, ""},
		{"opensearchs://me:s%40cret@a:9200,b:9201/reviews", Address{Nodes: []string{"a:9200", "b:9201"}, Index: "reviews", TLS: true, User: "me", Password: "s@cret"}, ""},
		{"opensearch://[::1]:9200", Address{Nodes: []string{"[::1]:9200"}, Index: DefaultIndex, User: "envuser", Password: "envpass"}, ""},
		{"http://a:9200/x", Address{}, "want opensearch://"},
		{"opensearch://a/x", Address{}, "want HOST:PORT"},
		{"opensearch://a:1/Bad", Address{}, "lower-case"},
		{"opensearch://me:hunter2@a/x", Address{}, "me:***@"},
	} {
		got, err := ParseAddress(tt.in, func(k string) string { return env[k] })
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "hunter2") {
				t.Errorf("ParseAddress(%q) = %v, want an error with %q and no password", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseAddress(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if strings.Contains(got.String(), got.Password) && got.Password != "" {
			t.Errorf("String() of %q shows the password: %s", tt.in, got)
		}
	}
}

package corpus

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func TestBatches(t *testing.T) {
	rs := []Review{
		{ID: "a", Paragraphs: []string{"one", "two"}},
		{ID: "b", Paragraphs: []string{"", "three"}},
		{ID: "a", Paragraphs: []string{"a again"}},
		{ID: "c", Paragraphs: []string{"four", "five", "six"}},
		{ID: "d", Paragraphs: []string{"seven"}},
	}
	var got [][]string
	var kept [][]Review
	dups, err := Batches(context.Background(), Reviews(rs), 3, func(b []Review) error {
		var ids []string
		for _, r := range b {
			ids = append(ids, r.ID)
		}
		got, kept = append(got, ids), append(kept, b)
		return nil
	})
	if err != nil || dups != 1 {
		t.Fatalf("duplicates %d, error %v; want 1, nil", dups, err)
	}
	if want := [][]string{{"a", "b"}, {"c"}, {"d"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("batches %v, want %v", got, want)
	}
	if kept[0][0].Paragraphs[0] != "one" || kept[1][0].ID != "c" {
		t.Errorf("a batch kept by fn changed: %+v", kept)
	}
	stop := errors.New("stop")
	if _, err := Batches(context.Background(), Reviews(rs), 1, func([]Review) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: got %v", err)
	}
}

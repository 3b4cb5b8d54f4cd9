package search

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNormalizeDefaults(t *testing.T) {
	got, err := Request{Query: "ai", Filter: Filter{Outlets: []string{" IMDb ", "", "IMDb", "Salon"}}}.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if got.Page != 1 || got.Size != DefaultSize || got.Sort != "" {
		t.Errorf("defaults: page %d size %d sort %q, want 1, %d, empty", got.Page, got.Size, got.Sort, DefaultSize)
	}
	if want := []string{"IMDb", "Salon"}; strings.Join(got.Filter.Outlets, "|") != strings.Join(want, "|") {
		t.Errorf("outlets %q, want %q (trimmed, empty and repeated values dropped)", got.Filter.Outlets, want)
	}
}

func TestNormalizeErrors(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	day := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		req   Request
		param string
	}{
		{"long query", Request{Query: strings.Repeat("a", MaxQueryRunes+1)}, "q"},
		{"bad utf-8", Request{Query: "\xff"}, "q"},
		{"too many words", Request{Query: strings.Repeat("a ", MaxQueryWords+1)}, "q"},
		{"long phrase", Request{Query: `"` + strings.Repeat("the ", MaxPhraseWords+1) + `"`}, "q"},
		{"too many outlets", Request{Filter: Filter{Outlets: make([]string, MaxValues+1)}}, "outlet"},
		{"long work", Request{Filter: Filter{Works: []string{strings.Repeat("w", MaxValueRunes+1)}}}, "work"},
		{"unknown kind", Request{Filter: Filter{Kinds: []string{"robot"}}}, "kind"},
		{"score over 100", Request{Filter: Filter{Score: Range{Max: f(200)}}}, "score"},
		{"score reversed", Request{Filter: Filter{Score: Range{Min: f(90), Max: f(10)}}}, "score"},
		{"year too early", Request{Filter: Filter{Date: DateRange{From: day(2)}}}, "from"},
		{"year too late", Request{Filter: Filter{Date: DateRange{To: day(9999)}}}, "to"},
		{"to before from", Request{Filter: Filter{Date: DateRange{From: day(2013), To: day(2012)}}}, "to"},
		{"unknown sort", Request{Sort: "random"}, "sort"},
		{"negative page", Request{Page: -1}, "page"},
		{"deep page", Request{Page: MaxPage + 1}, "page"},
		{"big size", Request{Size: MaxSize + 1}, "size"},
		{"past depth", Request{Page: MaxDepth/MaxSize + 1, Size: MaxSize}, "page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.req.Normalize()
			var inv *InvalidError
			if !errors.As(err, &inv) || inv.Param != tt.param {
				t.Errorf("Normalize() = %v, want an InvalidError naming %q", err, tt.param)
			}
		})
	}
}

func TestLongTextIsCut(t *testing.T) {
	long := strings.Repeat("word ", MaxTextBytes)
	out := NewResponseJSON(Request{}, &Response{Hits: []Hit{{ID: "a", Text: long}, {ID: "b", Text: "short"}}})
	if h := out.Hits[0]; !h.TextCut || len(h.Text) > MaxTextBytes+len("…") || !strings.HasSuffix(h.Text, "word…") {
		t.Errorf("long text: cut %v, %d bytes, ends %q", h.TextCut, len(h.Text), h.Text[len(h.Text)-10:])
	}
	if h := out.Hits[1]; h.TextCut || h.Text != "short" {
		t.Errorf("short text: %+v", h)
	}
}

func TestPrefixOnlyWhileTyping(t *testing.T) {
	typed := Request{Query: "rumpled charis", Prefix: true}.Parsed()
	if last := typed.Clauses[len(typed.Clauses)-1]; !last.Prefix {
		t.Error("while typing, the last word is not a prefix")
	}
	for _, req := range []Request{{Query: "rumpled charis"}, {Query: "rumpled charis ", Prefix: true}} {
		for _, c := range req.Parsed().Clauses {
			if c.Prefix {
				t.Errorf("%+v: %q matches as a prefix", req, c.Text)
			}
		}
	}
	a, _ := Request{Query: "charis", Prefix: true}.Key()
	b, _ := Request{Query: "charis"}.Key()
	if a == b {
		t.Error("a typed and a submitted search share a cache key")
	}
}

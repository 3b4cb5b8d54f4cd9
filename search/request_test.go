package search

import (
	"errors"
	"fmt"
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
		{"too many words in one token", Request{Query: strings.Repeat("a-", MaxQueryWords+1)}, "q"},
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

// A query of more than MaxQueryWords words is searched by its first
// words, cut where a token ends, and Cut says so.
func TestNormalizeCutsLongQueries(t *testing.T) {
	words := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = fmt.Sprintf("w%d", i+1)
		}
		return strings.Join(w, " ")
	}
	tests := []struct {
		name, query string
		prefix      bool
		want        string // the query searched
		cut         *QueryCut
	}{
		{"at the limit", words(MaxQueryWords), true, words(MaxQueryWords), nil},
		{"a pasted paragraph", words(70), true, words(MaxQueryWords), &QueryCut{Searched: 64, Given: 70}},
		{"a token of two words is kept whole or not at all", words(63) + " don't stop", false, words(63), &QueryCut{Searched: 63, Given: 66}},
		{"a phrase cut in two keeps its first words", words(60) + ` "a b c d e f"`, false, words(60) + ` "a b c d`, &QueryCut{Searched: 64, Given: 66}},
		{"filters are not words", "outlet:IMDb " + words(70), false, "outlet:IMDb " + words(MaxQueryWords), &QueryCut{Searched: 64, Given: 70}},
		{"spaces and punctuation stay as typed", "w0,  " + words(70), false, "w0,  " + words(MaxQueryWords-1), &QueryCut{Searched: 64, Given: 71}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Request{Query: tt.query, Prefix: tt.prefix}.Normalize()
			if err != nil {
				t.Fatal(err)
			}
			if got.Query != tt.want {
				t.Errorf("searched %q,\nwant %q", got.Query, tt.want)
			}
			if tt.cut == nil {
				if got.Cut != nil || got.Prefix != tt.prefix {
					t.Errorf("cut %+v, prefix %v; want no cut, prefix %v", got.Cut, got.Prefix, tt.prefix)
				}
				return
			}
			if got.Cut == nil || got.Cut.Searched != tt.cut.Searched || got.Cut.Given != tt.cut.Given || got.Cut.Text != tt.query {
				t.Errorf("cut %+v, want %+v with the text as given", got.Cut, tt.cut)
			}
			if got.Prefix {
				t.Error("the last word kept matches as a prefix: it is a whole word")
			}
			again, err := got.Normalize()
			if err != nil || again.Query != got.Query || again.Cut == nil || *again.Cut != *got.Cut {
				t.Errorf("normalized again: %q, %+v, %v; want the same", again.Query, again.Cut, err)
			}
			k1, _ := got.Key()
			k2, _ := Request{Query: tt.want}.Key()
			if k1 != k2 {
				t.Errorf("key %s, want the key of the words searched %s", k1, k2)
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

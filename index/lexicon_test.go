package index

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

func lexiconReviews() []corpus.Review {
	review := func(id, text string) corpus.Review {
		return corpus.Review{ID: id, Work: "W", Kind: corpus.KindCritic, Paragraphs: []string{text}}
	}
	return []corpus.Review{
		review("a", "A thrilling unfinished symphony, and the story is not over."),
		review("b", "The thrilled audience heard a symphony of noise."),
		review("c", "One of the best films of the year; Ai's best."),
		review("d", "One in the best seats, I was never sorry. Café society."),
	}
}

// The lexicon holds each word as written (folded, lower case, possessive
// gone), stop words left out, and finds words by prefix and by edits.
func TestLexicon(t *testing.T) {
	ix := newTestIndex(t, lexiconReviews())
	lex := ix.lex.Load()
	for _, tt := range []struct {
		word string
		want bool
	}{
		{"thrilling", true}, {"thrilled", true}, {"thrill", false}, // words, not stems
		{"cafe", true}, {"café", false}, // folded
		{"ai", true}, {"ai's", false}, // possessive gone
		{"the", false}, {"of", false}, // stop words
		{"unknown", false},
	} {
		if got := lex.has(tt.word); got != tt.want {
			t.Errorf("has(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	if got, want := lex.withPrefix("thr"), []string{"thrilled", "thrilling"}; !reflect.DeepEqual(got, want) {
		t.Errorf("withPrefix(thr) = %q, want %q", got, want)
	}
	if got := lex.withPrefix("zz"); got != nil {
		t.Errorf("withPrefix(zz) = %q, want none", got)
	}
	for _, tt := range []struct {
		word  string
		edits int
		want  []string
		dists []uint8
	}{
		{"symphnoy", 1, []string{"symphony"}, []uint8{1}}, // a swap is one edit
		{"thriled", 1, []string{"thrilled"}, []uint8{1}},
		{"thriling", 1, []string{"thrilling"}, []uint8{1}},
		{"thrilling", 1, nil, nil}, // "thrilled" is three away
		{"thrillinn", 2, []string{"thrilling"}, []uint8{1}},
	} {
		words, dists := lex.near(tt.word, tt.edits, 1)
		if !reflect.DeepEqual(words, tt.want) || !reflect.DeepEqual(dists, tt.dists) {
			t.Errorf("near(%q, %d) = %q %v, want %q %v", tt.word, tt.edits, words, dists, tt.want, tt.dists)
		}
	}
	if near, _ := lex.near("symphony", 1, 1); slices.Contains(near, "symphony") {
		t.Errorf("near(symphony) = %q: the word itself is not its own variant", near)
	}
	if near, _ := lex.near("xymphony", 1, 1); near != nil {
		t.Errorf("near(xymphony) = %q: the first letter is kept", near)
	}

	words := ix.words()
	for _, tt := range []struct {
		word string
		want bool
	}{
		{"thrilling", true}, {"thrilled", true}, // thrill
		{"symphony", false}, {"audience", false},
		{"best", false},
		{"thrills", true}, // in no paragraph: a paragraph found by its stem has another form
	} {
		if got := words.OtherForms(tt.word); got != tt.want {
			t.Errorf("otherForms(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}

	// An add brings its words in, for searches that follow.
	if _, err := ix.Add(context.Background(), corpus.Reviews([]corpus.Review{{ID: "e", Work: "W", Kind: corpus.KindUser,
		Paragraphs: []string{"Mesmerizing."}}}), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if !ix.lex.Load().has("mesmerizing") || !ix.lex.Load().has("thrilling") {
		t.Error("after an add the lexicon lacks the added word or an old one")
	}
	if resp := mustSearch(t, ix, search.Request{Query: "mesmerizng"}); resp.Total != 1 {
		t.Errorf("a typo of an added word finds %d paragraphs, want 1", resp.Total)
	}
	if resp := mustSearch(t, ix, search.Request{Query: "mesm", Prefix: true}); resp.Total != 1 {
		t.Errorf("a prefix of an added word finds %d paragraphs, want 1", resp.Total)
	}
}

// A quoted phrase is found by its stems and kept only where the text has
// its words: another form of a word, or another stop word in a stop
// word's place, is not the phrase. The total counts only what is kept.
func TestPhraseExactWords(t *testing.T) {
	ix := newTestIndex(t, lexiconReviews())
	tests := []struct {
		query string
		want  []string
	}{
		{`"thrilling symphony"`, nil},                         // "thrilling unfinished symphony": not adjacent
		{`"thrilled audience"`, []string{"b-0"}},              //
		{`"thrilling audience"`, nil},                         // the stems are there, the word is not
		{`"thrilling unfinished"`, []string{"a-0"}},           //
		{`"one of the best"`, []string{"c-0"}},                // not "one in the best"
		{`"one in the best"`, []string{"d-0"}},                // not "one of the best"
		{`"ai's best"`, []string{"c-0"}},                      // possessive
		{`"cafe society"`, []string{"d-0"}},                   // folded
		{`"the story is not over" symphony`, []string{"a-0"}}, // with a word
		{`thrilling audience`, []string{"b-0"}},               // unquoted: stems
	}
	for _, tt := range tests {
		resp := mustSearch(t, ix, search.Request{Query: tt.query})
		var got []string
		for _, h := range resp.Hits {
			got = append(got, h.ID)
		}
		if !reflect.DeepEqual(got, tt.want) || resp.Total != uint64(len(tt.want)) {
			t.Errorf("%s: hits %v (total %d), want %v", tt.query, got, resp.Total, tt.want)
		}
	}
}

// A query of stop words alone finds them as they are; the word being
// typed finds the words it begins.
func TestStopWordsOnly(t *testing.T) {
	ix := newTestIndex(t, lexiconReviews())
	if resp := mustSearch(t, ix, search.Request{Query: "of the"}); resp.Total != 2 {
		t.Errorf(`"of the" finds %d paragraphs, want 2`, resp.Total)
	}
	if resp := mustSearch(t, ix, search.Request{Query: `"is not over"`}); resp.Total != 1 {
		t.Errorf(`"is not over" finds %d paragraphs, want 1`, resp.Total)
	}
	resp := mustSearch(t, ix, search.Request{Query: "the thr", Prefix: true})
	if resp.Total != 2 {
		t.Errorf(`"the thr" as typed finds %d paragraphs, want 2 (thrilling, thrilled)`, resp.Total)
	}
}

// Written over an old lexicon, a lexicon holds the words of both, once
// each, in order, and marks exactly the words whose stem another of them
// has (checked against a count of stems), for random words.
func TestWriteLexiconMerges(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	stem := analysis.NewStemmer()
	word := func() string {
		// Words that often share stems: a root and a suffix.
		roots := []string{"thrill", "symphon", "happ", "documentar", "film", "lov", "sorr", "xq"}
		suffixes := []string{"", "s", "ed", "ing", "y", "ies", "iness", "er", "ly", "e"}
		return roots[rng.IntN(len(roots))] + suffixes[rng.IntN(len(suffixes))]
	}
	collect := func(n int) *wordCollector {
		c := &wordCollector{words: map[string]struct{}{}}
		for range n {
			c.words[word()] = struct{}{}
		}
		return c
	}
	dir := t.TempDir()
	first := collect(20)
	if err := writeLexicon(dir, nil, first, stem); err != nil {
		t.Fatal(err)
	}
	old, err := readLexicon(dir)
	if err != nil {
		t.Fatal(err)
	}
	second := collect(20)
	if err := writeLexicon(dir, old, second, stem); err != nil {
		t.Fatal(err)
	}
	lex, err := readLexicon(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{}{}
	for _, c := range []*wordCollector{first, second} {
		for w := range c.words {
			want[w] = struct{}{}
		}
	}
	got := lex.withPrefix("")
	if len(got) != len(want) || !slices.IsSorted(got) {
		t.Fatalf("lexicon has %d words (sorted %v), want %d", len(got), slices.IsSorted(got), len(want))
	}
	stems := map[string]int{}
	for w := range want {
		stems[stem.Stem(w)]++
	}
	for w := range want {
		if !lex.has(w) {
			t.Errorf("%q is missing", w)
		}
		if got, want := lex.otherForms(w), stems[stem.Stem(w)] > 1; got != want {
			t.Errorf("otherForms(%q) = %v, want %v", w, got, want)
		}
	}
}

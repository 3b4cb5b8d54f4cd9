package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
	pqsearch "github.com/pullquote/pullquote/search"
)

// The phrase searcher matches exactly what Bleve's own phrase query
// matches, on phrases drawn from the embedded corpus's text (2 to 8 words,
// some with a word repeated) and on phrases no paragraph holds.
func TestPhraseMatchesBleve(t *testing.T) {
	ix, rs := embeddedIndex(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var phrases []string
	for _, r := range rs {
		for _, p := range r.Paragraphs {
			words := strings.Fields(p)
			for range 3 {
				if len(words) < 3 {
					break
				}
				n := 2 + rng.IntN(7)
				i := rng.IntN(max(1, len(words)-n))
				phrases = append(phrases, strings.Join(words[i:min(len(words), i+n)], " "))
			}
		}
	}
	phrases = append(phrases, "the the", "the the the the the the the the the the", "of the of the", "never sorry", "never sorrier",
		"Ai Weiwei Ai Weiwei", "is is", "a a a")
	for _, ph := range phrases {
		ours := idsOf(t, ix, textPhrase(ph))
		theirs := bleve.NewMatchPhraseQuery(ph)
		theirs.SetField(FieldText)
		theirs.Analyzer = analysis.StemmedName
		if want := idsOf(t, ix, theirs); !reflect.DeepEqual(ours, want) {
			t.Errorf("%q: matches %v, Bleve's phrase query %v", ph, ours, want)
		}
	}
}

// A repeated word is matched at consecutive positions only: "film film" is
// a doubled word, not two "film"s anywhere.
func TestPhraseRepeatedWord(t *testing.T) {
	ix := newTestIndex(t, []corpus.Review{
		{ID: "a", Work: "W", Kind: corpus.KindCritic, Paragraphs: []string{"It is a film film, the best."}},
		{ID: "b", Work: "W", Kind: corpus.KindCritic, Paragraphs: []string{"The film is a film."}},
	})
	if got := idsOf(t, ix, textPhrase("film film")); !reflect.DeepEqual(got, []string{"a-0"}) {
		t.Errorf(`"film film" matches %v, want only the doubled word`, got)
	}
	if got := idsOf(t, ix, textPhrase("film film film")); got != nil {
		t.Errorf(`"film film film" matches %v, want none`, got)
	}
}

// A phrase search stops when its context is done, even when no document
// matches (Bleve's own phrase searcher ran to the end).
func TestPhraseStopsWithItsContext(t *testing.T) {
	var rs []corpus.Review
	for i := range 2 * checkEvery {
		rs = append(rs, corpus.Review{ID: fmt.Sprintf("r%d", i),
			Work: "W", Kind: corpus.KindUser, Paragraphs: []string{"the film and the story of the film"}})
	}
	ix := newTestIndex(t, rs)
	idx, err := ix.shards[0].Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := idx.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := textPhrase("film film film").Searcher(ctx, r, ix.mapping(), search.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cancel()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	dm, err := s.Next(sctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Next after cancel: %v, %v; want context.Canceled", dm, err)
	}
}

// A quoted phrase's total is the number of paragraphs whose text holds its
// words in order, as a scan of every paragraph counts them: the stems the
// index finds them by, checked word for word. Phrases are drawn from the
// embedded corpus and from synthetic text (where most have one word that
// is not a stop word), stop words only too.
func TestPhraseTotalsMatchAScan(t *testing.T) {
	seed, _ := embedded()
	for _, c := range []struct {
		name string
		rs   []corpus.Review
	}{
		{"embedded", seed},
		{"synthetic", synthReviews(t, 1, 3000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			ix := newTestIndex(t, c.rs)
			checkPhraseTotals(t, ix, c.rs)
		})
	}
}

func checkPhraseTotals(t *testing.T, ix *Index, rs []corpus.Review) {
	an := analysis.New()
	var paras []string
	var scanned [][]string // each paragraph's words, for the scan
	for _, r := range rs {
		for _, p := range r.Paragraphs {
			if !corpus.Blank(p) {
				paras = append(paras, p)
				scanned = append(scanned, wordsOf(an, p))
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	phrases := []string{"never sorry", "never sorrier", "the artist", "the artists", "one of the", "of the film"}
	for len(phrases) < 120 {
		words := strings.Fields(paras[rng.IntN(len(paras))])
		if len(words) < 4 {
			continue
		}
		n := 2 + rng.IntN(3)
		i := rng.IntN(len(words) - n)
		phrases = append(phrases, strings.Trim(strings.Join(words[i:i+n], " "), `"“”.,;:!?()`))
	}
	for _, ph := range phrases {
		want := wordsOf(an, ph)
		n := 0
		if len(an.Stemmed([]byte(ph))) > 0 {
			for _, words := range scanned {
				for i := 0; i+len(want) <= len(words); i++ {
					if slices.Equal(words[i:i+len(want)], want) {
						n++
						break
					}
				}
			}
		}
		resp, err := searchOf(ix).Search(context.Background(), pqsearch.Request{Query: `"` + ph + `"`, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		if resp.AnyWords {
			if n > 0 {
				t.Errorf("%q: fell back to any words, a scan finds %d", ph, n)
			}
			continue
		}
		if resp.Total != uint64(n) {
			t.Errorf("%q: total %d, a scan finds %d", ph, resp.Total, n)
		}
	}
}

// wordsOf returns text's words as analysis.ExactName gives them, one per
// position.
func wordsOf(an *analysis.Analyzer, text string) []string {
	var out []string
	for _, t := range an.Exact([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// textPhrase is a phrase of text's words matched by their stems alone.
func textPhrase(text string) *stemPhraseQuery {
	return &stemPhraseQuery{text: text, field: FieldText, boost: boostPhrase}
}

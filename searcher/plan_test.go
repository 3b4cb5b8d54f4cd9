package searcher

import (
	"testing"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/search"
)

// Words the index holds get no typo variants; unknown ones do.
func TestPlanTypoVariantsOnlyForUnknownWords(t *testing.T) {
	ix, _ := embeddedIndex(t)
	an := analysis.New()
	p := newPlan(an, search.Parse("symphony symphonie thrilling thriling "), search.Filter{}, ix.Words())
	if got, want := p.describe(), "symphoni symphoni~2 thrill thrile~1"; got != want {
		t.Errorf("plan = %q, want %q", got, want)
	}
}

// A word repeated in the query is one word to match: the any-words
// fallback needs half the distinct words, as both engines count them.
func TestPlanCountsARepeatedWordOnce(t *testing.T) {
	ix, _ := embeddedIndex(t)
	an := analysis.New()
	p := newPlan(an, search.Parse("art art films film art "), search.Filter{}, ix.Words())
	if len(p.words) != 2 || len(p.terms) != 5 {
		t.Errorf("%d words to match, %d terms; want 2 and 5 (the rerank keeps them all)", len(p.words), len(p.terms))
	}
}

// Typos are forgiven as Meilisearch and Typesense forgive them: one edit
// from 5 letters, two from 9, none in a word with a digit.
func TestFuzziness(t *testing.T) {
	for _, tt := range []struct {
		word string
		want int
	}{{"film", 0}, {"filmz", 1}, {"blorfing", 1}, {"enthralin", 2}, {"2049x", 0}, {"3dfilms", 0}} {
		if got := fuzziness(tt.word); got != tt.want {
			t.Errorf("fuzziness(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

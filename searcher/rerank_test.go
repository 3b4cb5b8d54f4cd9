package searcher

import (
	"context"
	"fmt"
	"testing"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// The quote finder must lift the paragraph that holds the query in order
// above ones that BM25 prefers for repeating its words.
func TestRerankFindsQuoteBM25Misses(t *testing.T) {
	quote := "Watching it is like experiencing a thrilling unfinished symphony: the story is enthralling, but it's not over, and there's no telling where it's going."
	rs := []corpus.Review{{ID: "true", Work: "W", Site: "S", Kind: corpus.KindCritic, Paragraphs: []string{quote}}}
	for i := range 30 {
		rs = append(rs, corpus.Review{
			ID: fmt.Sprintf("decoy-%02d", i), Work: "W", Site: "S", Kind: corpus.KindUser,
			Paragraphs: []string{fmt.Sprintf("Story, story, story %d. Thrilling? Over and over: a symphony of noise. Unfinished.", i)},
		})
	}
	ix := newTestEngine(t, rs)
	q := "thrilling unfinished symphony, the story is not over"
	// BM25 alone ranks the decoys first (else this test proves nothing).
	an := analysis.New()
	req, _ := search.Request{Query: q, Sort: search.SortRelevance}.Normalize()
	p := newPlan(an, search.Parse(q), search.Filter{}, nil)
	res, err := ix.Retrieve(context.Background(), p.retrieval(req.Sort, 0, rerankDepth, nil, ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID == corpus.ParagraphID("true", 0) {
		t.Fatalf("BM25 alone already ranks the quote first; make the decoys stronger")
	}
	resp := mustSearch(t, ix, search.Request{Query: q})
	if got := resp.Hits[0].ReviewID; got != "true" {
		t.Errorf("first hit %s (%.3f), want the quote", got, resp.Hits[0].Relevance)
	}
}

func TestQuoteScore(t *testing.T) {
	occ := func(pairs ...int) []occurrence { // pos, term, pos, term…
		var out []occurrence
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, occurrence{pos: pairs[i], term: pairs[i+1], quality: 1})
		}
		return out
	}
	inOrder := quoteScore(occ(1, 0, 2, 1, 3, 2, 5, 3), 4, 5)
	reordered := quoteScore(occ(1, 3, 2, 2, 3, 1, 5, 0), 4, 5)
	spread := quoteScore(occ(1, 0, 20, 1, 40, 2, 60, 3), 4, 5)
	partial := quoteScore(occ(1, 0, 2, 1), 4, 5)
	if !(inOrder > reordered && inOrder > spread && inOrder > partial) {
		t.Errorf("in order %.3f should beat reordered %.3f, spread %.3f, partial %.3f", inOrder, reordered, spread, partial)
	}
	if inOrder != 1 {
		t.Errorf("the whole query in order scores %.3f, want 1", inOrder)
	}
	if s := quoteScore(nil, 4, 5); s != 0 {
		t.Errorf("no matches scores %.3f", s)
	}
}

func TestSmallestWindow(t *testing.T) {
	// Terms 0,1,2 at positions: 0@1 1@3 0@10 2@11 1@12 → the tightest
	// window holding all three is positions 10..12.
	occ := []occurrence{{pos: 1, term: 0}, {pos: 3, term: 1}, {pos: 10, term: 0}, {pos: 11, term: 2}, {pos: 12, term: 1}}
	lo, hi := smallestWindow(occ, 3, 3)
	if occ[lo].pos != 10 || occ[hi-1].pos != 12 {
		t.Errorf("window %d..%d, want positions 10..12", occ[lo].pos, occ[hi-1].pos)
	}
}

func TestLongestInOrder(t *testing.T) {
	tests := []struct {
		terms []int
		want  int
	}{
		{[]int{0, 1, 2, 3}, 4},
		{[]int{3, 2, 1, 0}, 1},
		{[]int{0, 2, 1, 3}, 3},
		{[]int{0, 0, 0}, 1},
		{nil, 0},
	}
	for _, tt := range tests {
		var occ []occurrence
		for i, term := range tt.terms {
			occ = append(occ, occurrence{pos: i, term: term})
		}
		if got := longestInOrder(occ); got != tt.want {
			t.Errorf("longestInOrder(%v) = %d, want %d", tt.terms, got, tt.want)
		}
	}
}

func TestWithinEdits(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want bool
	}{
		{"symphony", "symphony", 0, true},
		{"symphny", "symphony", 1, true},
		{"sympohny", "symphony", 1, false},
		{"sympohny", "symphony", 2, true},
		{"verite", "vérité", 2, true},
		{"verite", "vérité", 1, false},
		{"thrill", "thrilling", 2, false},
		{"", "ab", 2, true},
	}
	for _, tt := range tests {
		if got := withinEdits(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v, want %v", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}

func TestPlanTerms(t *testing.T) {
	a := analysis.New()
	tests := []struct {
		query, want string
	}{
		{"thrilling unfinished symphony, the story is not over", "thrill~2 unfinish~2 symphoni~1 stori~1 over*"},
		{"Inspiring ai's", "inspir~2 ai*"},
		{`"never sorry" verite -twitter`, "never sorri verit~1"},
		{"the who", "the who*"},
		{"the who ", "the who"}, // only stop words: matched unstemmed
		{"", ""},
	}
	for _, tt := range tests {
		if got := newPlan(a, search.Parse(tt.query), search.Filter{}, nil).describe(); got != tt.want {
			t.Errorf("plan(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

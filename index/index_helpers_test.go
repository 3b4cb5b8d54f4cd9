package index

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/searcher"
)

// newTestIndex builds reviews into an index in a temporary directory and
// opens it; the index is closed when the test ends.
func newTestIndex(tb testing.TB, reviews []corpus.Review) *Index {
	tb.Helper()
	dir := tb.TempDir()
	// Two shards, whatever the machine's cores: tests take the sharded
	// path that a default build takes on most machines, the same way on
	// every machine.
	if _, err := Build(context.Background(), dir, corpus.Reviews(reviews), BuildOptions{Shards: 2}); err != nil {
		tb.Fatalf("build test index: %v", err)
	}
	ix, err := Open(dir)
	if err != nil {
		tb.Fatalf("open test index: %v", err)
	}
	tb.Cleanup(func() {
		if err := ix.Close(); err != nil {
			tb.Errorf("close test index: %v", err)
		}
	})
	return ix
}

// testReviews is a small hand-made corpus for index tests.
func testReviews() []corpus.Review {
	day := func(s string) time.Time {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return []corpus.Review{
		{
			ID: "mc-up-1", Work: "Up", Site: "Metacritic", Outlet: "Boston Globe", Author: "Ty Burr",
			Kind: corpus.KindCritic, Date: day("2009-05-29"), Score: &corpus.Score{Value: 100, Raw: "100", Scale: "100"},
			Paragraphs: []string{
				"A thrilling, unfinished symphony: the story is not over.",
				"Pixar's animators have never been more inspired.",
			},
		},
		{
			ID: "imdb-up-7", Work: "Up", Site: "IMDb", Outlet: "IMDb", Author: "moviefan",
			Kind: corpus.KindUser, Date: day("2012-01-03"), Score: &corpus.Score{Value: 70, Raw: "7", Scale: "10"},
			Helpful: &corpus.Helpful{Yes: 12, Total: 15}, Spoiler: true,
			Paragraphs: []string{"The balloons lifting the house made me cry, a vérité of grief."},
		},
		{
			ID: "art-wall-e", Work: "WALL-E", Site: "Article", Outlet: "The Atlantic", Kind: corpus.KindArticle,
			Title: "Robots in love",
			Paragraphs: []string{
				"Ai's loneliness is the film's engine.",
				"",
				"The last act inspires less than the first.",
			},
		},
	}
}

// bleve returns an alias over ix's shards, for tests that query bleve
// directly.
func (ix *Index) bleve() bleve.Index {
	a := bleve.NewIndexAlias(ix.shards...)
	a.SetIndexMapping(ix.mapping())
	return a
}

// idsOf returns the IDs of the paragraphs q matches, sorted; nil for none.
func idsOf(tb testing.TB, ix *Index, q query.Query) []string {
	tb.Helper()
	res, err := ix.bleve().Search(bleve.NewSearchRequestOptions(q, 10000, 0, false))
	if err != nil {
		tb.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// searchOf is pullquote's search over e, as a server runs it.
func searchOf(e engine.Engine) *searcher.Searcher { return searcher.New(e) }

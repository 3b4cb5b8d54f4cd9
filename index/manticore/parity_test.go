package manticore_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/pullquote/pullquote/index/manticore"
	"github.com/pullquote/pullquote/index/manticore/manticoretest"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/search"
)

// backends builds the reviews into an embedded Bleve index and into a
// cluster of three shards on real searchd, and returns pullquote's search
// over each.
func backends(t *testing.T, rs []corpus.Review) (bleve, sphinx search.Searcher) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := index.Build(ctx, dir, index.Reviews(rs), index.BuildOptions{Shards: 1}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	sphinx, _ = manticoretest.Searcher(t, manticore.Cluster{Shards: 3, Replicas: 1}, index.Reviews(rs), manticore.LoadOptions{Batch: 2000})
	return ix, sphinx
}

// rtPixar loads the rt-pixar export, skipping when ../shared is absent
// outside CI.
func rtPixar(t *testing.T) []corpus.Review {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", "rt-pixar")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing", dir)
		}
		t.Skipf("%s is missing", dir)
	}
	var rs []corpus.Review
	if _, err := corpus.LoadPaths(context.Background(), []string{dir}, corpus.Options{}, func(r corpus.Review) error {
		rs = append(rs, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return rs
}

// parityCase is one search and what the Manticore backend answers
// otherwise, if anything.
type parityCase struct {
	name string
	req  search.Request
	// typos is set for a query that leans on typo variants, which the
	// Manticore backend has none of (docs/scale-out.md): it finds fewer
	// paragraphs, never others, and suggests no spelling.
	typos bool
	// quorum is set for a query with a "phrase" that no paragraph holds
	// whole: the any-words fallback of the Manticore backend then matches
	// any of its words and phrases, not at least half (Sphinx's quorum
	// operator takes words only; docs/scale-out.md). It finds more
	// paragraphs, never fewer.
	quorum bool
	// order, when set, says why the order of the hits by relevance is not
	// compared (the total, facets and hits' count still are).
	order string
}

// Why relevance orders differ (docs/scale-out.md).
const (
	orderPrefix = "Sphinx scores the words a prefix begins as one keyword, with no lower weight than the word itself"
	orderTies   = "ranks 11–20 of a word in most paragraphs are near ties, broken by document frequencies counted per shard (by Bleve too)"
)

func ptr(v float64) *float64 { return &v }

// embeddedCases search the embedded corpus (Ai Weiwei: Never Sorry).
var embeddedCases = []parityCase{
	{name: "words", req: search.Request{Query: "ai weiwei"}},
	{name: "one word", req: search.Request{Query: "art"}},
	{name: "stemmed word", req: search.Request{Query: "documentaries"}},
	{name: "phrase", req: search.Request{Query: `"never sorry"`}},
	{name: "phrase of stop words", req: search.Request{Query: `"one of the"`}},
	{name: "phrase, exact words", req: search.Request{Query: `"his art"`}},
	{name: "stop words only", req: search.Request{Query: "the who"}},
	{name: "exclusion", req: search.Request{Query: "ai -weiwei"}},
	{name: "phrase excluded", req: search.Request{Query: `art -"never sorry"`}},
	{name: "quote", req: search.Request{Query: "a thrilling unfinished symphony"}},
	{name: "misremembered quote", req: search.Request{Query: "thrilling symphony unfinished story over dissident"}},
	{name: "prefix", req: search.Request{Query: "documen", Prefix: true}, order: orderPrefix},
	{name: "prefix after words", req: search.Request{Query: "ai weiwei dissi", Prefix: true}},
	{name: "outlet", req: search.Request{Query: "art", Filter: search.Filter{Outlets: []string{"IMDb"}}}},
	{name: "two outlets", req: search.Request{Query: "film", Filter: search.Filter{Outlets: []string{"IMDb", "Variety"}}}},
	{name: "kind", req: search.Request{Query: "film kind:user"}},
	{name: "film", req: search.Request{Query: "weiwei", Filter: search.Filter{Works: []string{"Ai Weiwei: Never Sorry"}}}},
	{name: "score", req: search.Request{Query: "art score:>=60"}},
	{name: "score band or none", req: search.Request{Query: "film", Filter: search.Filter{Score: search.Range{Min: ptr(80)}, NoScore: true}}},
	{name: "no score", req: search.Request{Query: "film", Filter: search.Filter{NoScore: true}}},
	{name: "date", req: search.Request{Query: "art date:2012"}},
	{name: "date range", req: search.Request{Query: "film", Filter: search.Filter{Date: search.DateRange{From: time.Date(2012, 7, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2012, 8, 31, 0, 0, 0, 0, time.UTC)}}}},
	{name: "browse", req: search.Request{}},
	{name: "browse an outlet", req: search.Request{Filter: search.Filter{Outlets: []string{"IMDb"}}}},
	{name: "newest", req: search.Request{Query: "art", Sort: search.SortNewest}},
	{name: "oldest", req: search.Request{Query: "film", Sort: search.SortOldest}},
	{name: "score order", req: search.Request{Query: "film", Sort: search.SortScore}},
	{name: "helpful", req: search.Request{Query: "film", Sort: search.SortHelpful}},
	{name: "page 2", req: search.Request{Query: "ai", Page: 2}, order: orderTies},
	{name: "all outlets", req: search.Request{Query: "film", All: "outlet"}},
	{name: "nothing", req: search.Request{Query: "zyzzyva"}},
	{name: "typo", req: search.Request{Query: "thriling"}, typos: true},
	{name: "typos in a quote", req: search.Request{Query: "thriling unfinshed symphony"}, typos: true},
	// Hostile text: SphinxQL's string quoting and the query syntax's
	// operators must reach the engine as words, or not at all.
	{name: "sql quote", req: search.Request{Query: `art'); DROP TABLE shard0; --`}},
	{name: "backslashes", req: search.Request{Query: `art \\ \' \"`}},
	{name: "operators", req: search.Request{Query: `art | (film) @text ~3 ^art$ =art <art> !art art/2`}},
	{name: "misremembered quote with a phrase", req: search.Request{Query: `"unfinished symphony" thrilling story dissident over`}, quorum: true},
	{name: "unclosed phrase", req: search.Request{Query: `"never sorry`}},
	{name: "operator words", req: search.Request{Query: "art MAYBE film NEAR/3 SENTENCE PARAGRAPH"}},
	{name: "apostrophes", req: search.Request{Query: "Ai's art's"}},
	{name: "unicode", req: search.Request{Query: "vérité 艾未未 ﬁlm"}},
}

// rtPixarCases search the rt-pixar export (7.6k critics' quotes, 28 films).
var rtPixarCases = []parityCase{
	{name: "words", req: search.Request{Query: "toy story"}},
	{name: "one word", req: search.Request{Query: "pixar"}},
	{name: "phrase", req: search.Request{Query: `"to infinity and beyond"`}},
	{name: "common phrase", req: search.Request{Query: `"one of the best"`}},
	{name: "exclusion", req: search.Request{Query: "sequel -toy"}},
	{name: "quote", req: search.Request{Query: "a film that adults will enjoy as much as children"}},
	{name: "film", req: search.Request{Query: "funny", Filter: search.Filter{Works: []string{"Up"}}}},
	{name: "score", req: search.Request{Query: "boring score:<40"}},
	{name: "date", req: search.Request{Query: "heart date:2009"}},
	{name: "prefix", req: search.Request{Query: "anim", Prefix: true}, order: orderPrefix},
	{name: "newest", req: search.Request{Query: "robot", Sort: search.SortNewest}},
	{name: "score order", req: search.Request{Query: "emotional", Sort: search.SortScore}},
	{name: "all films", req: search.Request{Query: "sequel", All: "work"}},
	{name: "browse a film", req: search.Request{Filter: search.Filter{Works: []string{"Cars 2"}}, Sort: search.SortOldest}},
	{name: "browse (1,277 outlets, more than a facet lists)", req: search.Request{}},
	{name: "browse, every outlet", req: search.Request{All: "outlet"}},
	{name: "typo", req: search.Request{Query: "masterpeice"}, typos: true},
}

// The search is the same product on either backend: the same film
// counts, and for each query the
// same total, the same facet counts, the same hits in the same order of
// their sort field, and for relevance at least six of the same top ten
// (document frequencies are counted per shard, and tokens differ at
// hyphens and apostrophes, so scores differ a little; docs/scale-out.md). Where the
// Manticore backend cannot answer the same (typo variants), the case
// says so and what holds instead.
func TestBackendsAnswerAlike(t *testing.T) {
	manticoretest.NeedSearchd(t)
	for _, c := range []struct {
		name  string
		load  func(*testing.T) []corpus.Review
		cases []parityCase
	}{{"embedded", embedded, embeddedCases}, {"rt-pixar", rtPixar, rtPixarCases}} {
		t.Run(c.name, func(t *testing.T) {
			bl, sp := backends(t, c.load(t))
			for _, pc := range c.cases {
				pc.req.Highlight = true
				a, err := bl.Search(context.Background(), pc.req)
				if err != nil {
					t.Fatalf("%s: bleve: %v", pc.name, err)
				}
				b, err := sp.Search(context.Background(), pc.req)
				if err != nil {
					t.Fatalf("%s: manticore: %v", pc.name, err)
				}
				compare(t, pc, a, b)
			}
			// The film pages' counts: reviews by site and kind, scores, days.
			want, err := bl.(search.FilmLister).Films(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			got, err := sp.(search.FilmLister).Films(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("films:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// compare checks b, the Manticore backend's answer, against a, Bleve's.
func compare(t *testing.T, pc parityCase, a, b *search.Response) {
	t.Helper()
	if len(b.Missing) > 0 {
		t.Errorf("%s: shards missing: %v", pc.name, b.Missing)
	}
	if pc.typos {
		if b.Total > a.Total || b.Suggestion != "" {
			t.Errorf("%s: total %d (bleve %d), suggestion %q: want fewer paragraphs and no suggestion", pc.name, b.Total, a.Total, b.Suggestion)
		}
		return
	}
	if pc.quorum {
		if !a.AnyWords || !b.AnyWords || b.Total < a.Total {
			t.Errorf("%s: total %d, any words %v; bleve %d, %v: want any words and no fewer", pc.name, b.Total, b.AnyWords, a.Total, a.AnyWords)
		}
		return
	}
	if a.Total == 0 && pc.name != "nothing" {
		t.Errorf("%s: bleve finds nothing; the case proves nothing", pc.name)
	}
	if a.Total != b.Total || a.AnyWords != b.AnyWords {
		t.Errorf("%s: total %d, any words %v; bleve %d, %v", pc.name, b.Total, b.AnyWords, a.Total, a.AnyWords)
	}
	if !reflect.DeepEqual(a.Facets, b.Facets) {
		t.Errorf("%s: facets\n got %+v\nwant %+v", pc.name, b.Facets, a.Facets)
	}
	if len(a.Hits) != len(b.Hits) {
		t.Fatalf("%s: %d hits, bleve %d", pc.name, len(b.Hits), len(a.Hits))
	}
	sort := pc.req.Sort
	if sort == "" && pc.req.Query == "" {
		sort = search.SortNewest
	}
	if sort != "" && sort != search.SortRelevance {
		for i := range a.Hits {
			if ka, kb := sortKey(sort, a.Hits[i]), sortKey(sort, b.Hits[i]); ka != kb {
				t.Errorf("%s: hit %d sorts by %v, bleve's by %v", pc.name, i, kb, ka)
			}
		}
		return
	}
	if pc.order != "" {
		return
	}
	same := 0
	for _, h := range b.Hits {
		if slices.ContainsFunc(a.Hits, func(x search.Hit) bool { return x.ID == h.ID }) {
			same++
		}
	}
	if 10*same < 6*len(a.Hits) {
		t.Errorf("%s: %d of the top %d are bleve's:\n got %v\nwant %v", pc.name, same, len(a.Hits), ids(b.Hits), ids(a.Hits))
	}
	for i := range b.Hits {
		if b.Hits[i].Highlight == "" {
			t.Errorf("%s: hit %s has no highlight", pc.name, b.Hits[i].ID)
		}
	}
}

// sortKey is a hit's value of the field sort orders by.
func sortKey(s search.Sort, h search.Hit) any {
	switch s {
	case search.SortScore:
		if h.Score == nil {
			return -1.0
		}
		return h.Score.Value
	case search.SortHelpful:
		if h.Helpful == nil {
			return 0
		}
		return h.Helpful.Yes
	}
	return h.Date
}

func ids(hits []search.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

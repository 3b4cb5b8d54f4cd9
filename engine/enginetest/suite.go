package enginetest

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// Config is an engine under the suite: how to make one, and where it is
// known to answer otherwise than the fake (each difference named in
// docs/scale-out.md).
type Config struct {
	// Open returns the engine under test holding rs and the aggregates
	// their pages stated.
	Open func(t *testing.T, rs []corpus.Review, stated []corpus.Aggregate) engine.Engine
	// Search is pullquote's search over an engine (searcher.New; the
	// suite cannot import the searcher, whose tests use the fake).
	Search func(engine.Engine) Searcher
	// NoTypos is set for an engine that gives no typo variants and no
	// spelling suggestions (it is no engine.Lexicon).
	NoTypos bool
	// QuorumOfWords is set for an engine whose any-words fallback with a
	// phrase matches any word or phrase, not at least half of them.
	QuorumOfWords bool
	// OwnRanking, when set, says how the engine's relevance scores differ
	// from Bleve's BM25, which the fake's model: then at least half of its
	// top ten by relevance must score, by the fake's ranking, as well as
	// the fake's thirtieth (ties included), rather than six of them be
	// among the fake's top ten.
	OwnRanking string
}

// Searcher is what the suite asks of pullquote's search.
type Searcher interface {
	search.Searcher
	search.FilmLister
}

// Run runs the suite: every case of EmbeddedCases on the embedded corpus
// and of RTPixarCases on the rt-pixar export (skipped when ../shared is
// absent outside CI), through pullquote's search over the engine and over
// a Fake holding the same reviews. Each must have the same total, the same
// any-words flag and the same facet counts, its hits in the same order of
// their sort field, for relevance at least six of the fake's top ten, a
// highlight on every hit, and the same film counts. A case an engine
// answers otherwise by a named difference (Config) is held to what holds
// instead.
func Run(t *testing.T, c Config) {
	for _, set := range []struct {
		name  string
		load  func(testing.TB) ([]corpus.Review, []corpus.Aggregate)
		cases []Case
	}{{"embedded", embedded, EmbeddedCases}, {"rt-pixar", RTPixar, RTPixarCases}} {
		t.Run(set.name, func(t *testing.T) {
			rs, stated := set.load(t)
			want := c.Search(NewFake(rs, stated...))
			got := c.Search(c.Open(t, rs, stated))
			for _, pc := range set.cases {
				pc.req.Highlight = true
				a, err := want.Search(context.Background(), pc.req)
				if err != nil {
					t.Fatalf("%s: fake: %v", pc.name, err)
				}
				b, err := got.Search(context.Background(), pc.req)
				if err != nil {
					t.Fatalf("%s: %v", pc.name, err)
				}
				compare(t, c, want, pc, a, b)
			}
			// The film pages' counts: reviews by site and kind, scores, days.
			wf, err := want.Films(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			gf, err := got.Films(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// The aggregates a film's pages stated come in no set order.
			for _, fs := range [][]search.FilmCounts{wf, gf} {
				for i := range fs {
					slices.SortFunc(fs[i].Stated, func(a, b corpus.Aggregate) int {
						return cmp.Or(strings.Compare(a.Site, b.Site), strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.Label, b.Label))
					})
				}
			}
			if len(wf) == 0 || !reflect.DeepEqual(gf, wf) {
				t.Errorf("films:\n got %+v\nwant %+v", gf, wf)
			}
		})
	}
}

// embedded loads the embedded corpus with its pages' aggregates.
func embedded(t testing.TB) ([]corpus.Review, []corpus.Aggregate) {
	t.Helper()
	var rs []corpus.Review
	rep, err := corpus.LoadEmbedded(context.Background(), corpus.Options{}, func(r corpus.Review) error {
		rs = append(rs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rs, rep.Aggregates
}

// RTPixar loads the rt-pixar export from ../shared beside the module,
// skipping the test when it is absent outside CI.
func RTPixar(t testing.TB) ([]corpus.Review, []corpus.Aggregate) {
	t.Helper()
	dir := filepath.Join(moduleRoot(t), "..", "shared", "data", "rt-pixar")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing", dir)
		}
		t.Skipf("%s is missing", dir)
	}
	var rs []corpus.Review
	rep, err := corpus.LoadPaths(context.Background(), []string{dir}, corpus.Options{}, func(r corpus.Review) error {
		rs = append(rs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rs, rep.Aggregates
}

// moduleRoot returns the directory of the go.mod above the test's.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = up
	}
}

// Case is one search of the suite, and what an engine may answer
// otherwise.
type Case struct {
	name string
	req  search.Request
	// typos is set for a query that leans on typo variants: an engine that
	// is no Lexicon (Config.NoTypos) finds fewer paragraphs, never others,
	// and suggests no spelling.
	typos bool
	// quorum is set for a query with a "phrase" that no paragraph holds
	// whole: an engine whose any-words fallback matches any word or
	// phrase (Config.QuorumOfWords) finds more paragraphs, never fewer.
	quorum bool
	// order, when set, says why the order of the hits by relevance is not
	// compared (the total, facets and hits' count still are).
	order string
	// none is set for a query that finds nothing: its suggestion is what
	// it proves.
	none bool
}

// Why relevance orders differ (docs/scale-out.md).
const (
	orderPrefix = "engines score the words a prefix begins differently (Sphinx as one keyword, with no lower weight than the word itself)"
	orderTies   = "ranks 11–20 of a word in most paragraphs are near ties, broken by document frequencies (counted per shard by real engines)"
)

func ptr(v float64) *float64 { return &v }

// EmbeddedCases search the embedded corpus (Ai Weiwei: Never Sorry).
var EmbeddedCases = []Case{
	{name: "words", req: search.Request{Query: "ai weiwei"}},
	{name: "one word", req: search.Request{Query: "art"}},
	{name: "stemmed word", req: search.Request{Query: "documentaries"}},
	{name: "phrase", req: search.Request{Query: `"never sorry"`}},
	{name: "phrase of stop words", req: search.Request{Query: `"one of the"`}},
	{name: "phrase, exact words", req: search.Request{Query: `"his art"`}},
	{name: "quoted word with other forms", req: search.Request{Query: `"artist"`}},
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
	// A phrase with a typo finds nothing: did you mean it spelt right?
	{name: "typo in a phrase", req: search.Request{Query: `"unfinshed symphony"`}, typos: true, none: true},
	// Hostile text: SphinxQL's string quoting and the query syntax's
	// operators must reach the engine as words, or not at all.
	{name: "sql quote", req: search.Request{Query: `art'); DROP TABLE shard0; --`}},
	{name: "backslashes", req: search.Request{Query: `art \\ \' \"`}},
	{name: "operators", req: search.Request{Query: `art | (film) @text ~3 ^art$ =art <art> !art art/2`}},
	// Filter values end in backslashes and quotes: a cluster must not read
	// them as code (the values find nothing, IMDb's paragraphs are all).
	{name: "hostile outlets", req: search.Request{Query: "film", Filter: search.Filter{Outlets: []string{`x\`, "IMDb", `x\'`, `'`, `\\`, `x"`}}}},
	{name: "hostile author and film", req: search.Request{Query: "film", Filter: search.Filter{Authors: []string{`a\`, "Andrew O'Hehir", "x'"}, Works: []string{`w'\`, "Ai Weiwei: Never Sorry"}}}},
	{name: "misremembered quote with a phrase", req: search.Request{Query: `"unfinished symphony" thrilling story dissident over`}, quorum: true},
	{name: "unclosed phrase", req: search.Request{Query: `"never sorry`}},
	{name: "operator words", req: search.Request{Query: "art MAYBE film NEAR/3 SENTENCE PARAGRAPH"}},
	{name: "apostrophes", req: search.Request{Query: "Ai's art's"}},
	{name: "unicode", req: search.Request{Query: "vérité 艾未未 ﬁlm"}},
}

// RTPixarCases search the rt-pixar export (7.6k critics' quotes, 28 films).
var RTPixarCases = []Case{
	{name: "words", req: search.Request{Query: "toy story"}},
	{name: "one word", req: search.Request{Query: "pixar"}},
	{name: "phrase", req: search.Request{Query: `"to infinity and beyond"`}},
	{name: "common phrase", req: search.Request{Query: `"one of the best"`}},
	// A quoted word is that form only: "film" is not films, filmed or
	// filming, nor their exclusion.
	{name: "quoted common word", req: search.Request{Query: `"film"`}},
	{name: "quoted word excluded", req: search.Request{Query: `pixar -"films"`}},
	{name: "phrase of forms", req: search.Request{Query: `"animated films"`}},
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
	{name: "typo in a phrase", req: search.Request{Query: `"to infinty and beyond"`}, typos: true, none: true},
}

// compare checks b, the answer of the engine under test, against a, the
// fake's.
func compare(t *testing.T, c Config, fake Searcher, pc Case, a, b *search.Response) {
	t.Helper()
	if len(b.Missing) > 0 {
		t.Errorf("%s: shards missing: %v", pc.name, b.Missing)
	}
	if pc.typos && c.NoTypos {
		if b.Total > a.Total || b.Suggestion != "" {
			t.Errorf("%s: total %d (the fake %d), suggestion %q: want fewer paragraphs and no suggestion", pc.name, b.Total, a.Total, b.Suggestion)
		}
		return
	}
	if pc.quorum && c.QuorumOfWords {
		if !a.AnyWords || !b.AnyWords || b.Total < a.Total {
			t.Errorf("%s: total %d, any words %v; the fake %d, %v: want any words and no fewer", pc.name, b.Total, b.AnyWords, a.Total, a.AnyWords)
		}
		return
	}
	switch {
	case pc.none && (a.Total != 0 || a.Suggestion == ""):
		t.Errorf("%s: the fake finds %d, suggests %q; want nothing and a suggestion", pc.name, a.Total, a.Suggestion)
	case a.Total == 0 && pc.name != "nothing" && !pc.none:
		t.Errorf("%s: the fake finds nothing; the case proves nothing", pc.name)
	}
	if a.Total != b.Total || a.AnyWords != b.AnyWords {
		t.Errorf("%s: total %d, any words %v; the fake %d, %v", pc.name, b.Total, b.AnyWords, a.Total, a.AnyWords)
	}
	if a.Suggestion != b.Suggestion && !c.NoTypos {
		t.Errorf("%s: suggestion %q; the fake %q", pc.name, b.Suggestion, a.Suggestion)
	}
	if !reflect.DeepEqual(a.Facets, b.Facets) {
		t.Errorf("%s: facets\n got %+v\nwant %+v", pc.name, b.Facets, a.Facets)
	}
	if len(a.Hits) != len(b.Hits) {
		t.Fatalf("%s: %d hits, the fake %d", pc.name, len(b.Hits), len(a.Hits))
	}
	sort := pc.req.Sort
	if sort == "" && pc.req.Query == "" {
		sort = search.SortNewest
	}
	if sort != "" && sort != search.SortRelevance {
		for i := range a.Hits {
			if ka, kb := sortKey(sort, a.Hits[i]), sortKey(sort, b.Hits[i]); ka != kb {
				t.Errorf("%s: hit %d sorts by %v, the fake's by %v", pc.name, i, kb, ka)
			}
		}
		return
	}
	if pc.order != "" {
		return
	}
	if c.OwnRanking != "" && len(b.Hits) > 0 {
		// Half the hits must score, by the fake's ranking, at least as well
		// as the fake's thirtieth (ties included).
		wide := pc.req
		wide.Page, wide.Size = 1, search.MaxSize
		r, err := fake.Search(context.Background(), wide)
		if err != nil {
			t.Fatalf("%s: fake: %v", pc.name, err)
		}
		k := min(3*max(pc.req.Page, 1)*len(a.Hits), len(r.Hits)) - 1
		good := 0
		for _, h := range b.Hits {
			i := slices.IndexFunc(r.Hits, func(x search.Hit) bool { return x.ID == h.ID })
			if i >= 0 && r.Hits[i].Relevance >= r.Hits[k].Relevance-1e-9 {
				good++
			}
		}
		if 2*good < len(b.Hits) {
			t.Errorf("%s: %d of the top %d score as the fake's top %d do (%s):\n got %v\nwant %v", pc.name, good, len(b.Hits), k+1, c.OwnRanking, ids(b.Hits), ids(r.Hits[:k+1]))
		}
	} else if c.OwnRanking == "" {
		same := 0
		for _, h := range b.Hits {
			if slices.ContainsFunc(a.Hits, func(x search.Hit) bool { return x.ID == h.ID }) {
				same++
			}
		}
		if 10*same < 6*len(a.Hits) {
			t.Errorf("%s: %d of the top %d are the fake's:\n got %v\nwant %v", pc.name, same, len(a.Hits), ids(b.Hits), ids(a.Hits))
		}
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

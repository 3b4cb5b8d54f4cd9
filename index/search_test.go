package index

import (
	"context"
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// embedded loads the embedded corpus once per test binary.
var embedded = sync.OnceValues(func() ([]corpus.Review, error) {
	var rs []corpus.Review
	_, err := corpus.LoadEmbedded(context.Background(), corpus.Options{}, func(r corpus.Review) error {
		rs = append(rs, r)
		return nil
	})
	return rs, err
})

// embeddedIndex indexes the embedded corpus into a temporary directory.
func embeddedIndex(tb testing.TB) (*Index, []corpus.Review) {
	tb.Helper()
	rs, err := embedded()
	if err != nil {
		tb.Fatalf("load embedded corpus: %v", err)
	}
	return newTestIndex(tb, rs), rs
}

func mustSearch(tb testing.TB, ix engine.Engine, req search.Request) *search.Response {
	tb.Helper()
	resp, err := searchOf(ix).Search(context.Background(), req)
	if err != nil {
		tb.Fatalf("Search(%+v): %v", req, err)
	}
	return resp
}

// find returns the review by author (or, for unnamed ones, by site and
// the start of its text) and the index of the paragraph holding want.
func find(tb testing.TB, rs []corpus.Review, author, want string) (corpus.Review, int) {
	tb.Helper()
	for _, r := range rs {
		if r.Author != author {
			continue
		}
		for i, p := range r.Paragraphs {
			if strings.Contains(p, want) {
				return r, i
			}
		}
	}
	tb.Fatalf("no paragraph by %q holds %q in the corpus", author, want)
	return corpus.Review{}, 0
}

func TestSearchRightParagraphFirst(t *testing.T) {
	ix, rs := embeddedIndex(t)
	tests := []struct {
		name, query   string
		author, holds string // the paragraph that must come first
		anyWords      bool
	}{
		{"phrase", `"tofu construction"`, "tbmforclasstsar", "'tofu' construction", false},
		{"plain words", "tofu construction", "tbmforclasstsar", "'tofu' construction", false},
		{"stemmed", "inspiring activist gatherings", "Kerry Song", "inspired activist gatherings", false},
		{"typo", "thriling unfinshed symphonie", "Kenneth Turan", "unfinished symphony", false},
		{"typo, two edits in a long word", "enthraling sympohny", "Kenneth Turan", "unfinished symphony", false},
		{"misremembered quote", "thrilling unfinished symphony, the story is not over", "Kenneth Turan", "unfinished symphony", false},
		{"quote reordered, words changed", "the tale isn't over, a thrilling symphony left unfinished", "Kenneth Turan", "unfinished symphony", true},
		{"accents folded", "verite style", "Andrew O'Hehir", "vérité-style", false},
		{"possessive", "Ai's rumpled charisma ", "Ty Burr", "rumpled charisma", false},
		{"prefix while typing", "rumpled charis", "Ty Burr", "rumpled charisma", false},
		{"unclosed quote falls back", `"solzhenitsyn of the twitter`, "Owen Gleiberman", "Solzhenitsyn", false},
		{"bad filter falls back", "score:high porcelain sunflower seed replicas", "Kerry Song", "seed replicas", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, para := find(t, rs, tt.author, tt.holds)
			resp := mustSearch(t, ix, search.Request{Query: tt.query, Highlight: true, Prefix: strings.HasPrefix(tt.name, "prefix")})
			if len(resp.Hits) == 0 {
				t.Fatalf("%q: no hits", tt.query)
			}
			top := resp.Hits[0]
			isWant := func(h search.Hit) bool {
				if h.ReviewID == want.ID && h.Paragraph == para {
					return true
				}
				for _, a := range h.Also {
					if a.ReviewID == want.ID {
						return true
					}
				}
				return false
			}
			if !isWant(top) {
				for i, h := range resp.Hits[:min(5, len(resp.Hits))] {
					t.Logf("hit %d: %.3f %s %s: %.80s", i, h.Relevance, h.Author, h.Site, h.Text)
				}
				t.Fatalf("%q: first hit is %s paragraph %d by %q, want %s paragraph %d by %q",
					tt.query, top.ReviewID, top.Paragraph, top.Author, want.ID, para, tt.author)
			}
			if resp.AnyWords != tt.anyWords {
				t.Errorf("%q: AnyWords = %v, want %v", tt.query, resp.AnyWords, tt.anyWords)
			}
			if !strings.Contains(top.Highlight, "<mark>") {
				t.Errorf("%q: highlight marks nothing: %s", tt.query, top.Highlight)
			}
		})
	}
}

func TestSearchScoreFilter(t *testing.T) {
	ix, rs := embeddedIndex(t)
	// The reviews that scored 90 or more, from the corpus itself.
	want := map[string]bool{}
	for _, r := range rs {
		if r.Score != nil && r.Score.Value >= 90 {
			want[r.ID] = true
			if r.Site != "Metacritic" || r.Kind != corpus.KindCritic {
				t.Errorf("review %s scored %v but is a %s %s review", r.ID, r.Score.Value, r.Site, r.Kind)
			}
		}
	}
	if len(want) != 7 {
		t.Errorf("corpus has %d reviews scored 90 or more, the issue says 7", len(want))
	}
	r90, _ := search.ParseScoreRange("90..100")
	for _, req := range []search.Request{
		{Filter: search.Filter{Score: r90}, Size: search.MaxSize},
		{Query: "score:90..100", Size: search.MaxSize},
		{Query: "score:>=90 ", Sort: search.SortScore, Size: search.MaxSize},
	} {
		resp := mustSearch(t, ix, req)
		got := map[string]bool{}
		for _, h := range resp.Hits {
			got[h.ReviewID] = true
			if h.Score == nil || h.Score.Value < 90 {
				t.Errorf("%+v: hit %s has score %v", req, h.ReviewID, h.Score)
			}
		}
		if len(got) != len(want) || int(resp.Total) != len(want) {
			t.Errorf("%+v: %d reviews (total %d), want %d", req, len(got), resp.Total, len(want))
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%+v: review %s missing", req, id)
			}
		}
	}
}

func TestSearchExclusions(t *testing.T) {
	ix, _ := embeddedIndex(t)
	tests := []struct {
		query    string
		mustNot  string
		minTotal int
	}{
		{"school -tofu", "tofu", 1},
		{"ai -twitter ", "twitter", 10},
		{`ai -"never sorry" `, "never sorry", 10},
		{"-twitter", "twitter", 10}, // only an exclusion: browse the rest
	}
	for _, tt := range tests {
		resp := mustSearch(t, ix, search.Request{Query: tt.query, Size: search.MaxSize})
		if int(resp.Total) < tt.minTotal {
			t.Errorf("%q: total %d, want at least %d", tt.query, resp.Total, tt.minTotal)
		}
		for _, h := range resp.Hits {
			if strings.Contains(strings.ToLower(h.Text), tt.mustNot) {
				t.Errorf("%q: hit %s holds %q: %.100s", tt.query, h.ID, tt.mustNot, h.Text)
			}
		}
	}
}

// TestSearchDatesOutsideIndexRange checks that dates bleve cannot store
// (before 1677, after 2262) narrow the search like any other date instead
// of failing it.
func TestSearchDatesOutsideIndexRange(t *testing.T) {
	ix, rs := embeddedIndex(t)
	dated := 0
	for _, r := range rs {
		if !r.Date.IsZero() {
			dated += corpus.Indexable(r.Paragraphs)
		}
	}
	tests := []struct {
		query string
		want  int
	}{
		{"date:0001", 0},
		{"date:9999", 0},
		{"date:<1500-01-01", 0},
		{"date:0001..9999", dated},
	}
	for _, tt := range tests {
		resp, err := searchOf(ix).Search(context.Background(), search.Request{Query: tt.query, Size: 1})
		if err != nil {
			t.Errorf("%q: %v", tt.query, err)
			continue
		}
		if int(resp.Total) != tt.want {
			t.Errorf("%q: total %d, want %d", tt.query, resp.Total, tt.want)
		}
	}
}

func TestSearchAnyWordsFallback(t *testing.T) {
	ix, _ := embeddedIndex(t)
	resp := mustSearch(t, ix, search.Request{Query: "sunflower xylophonic "})
	if !resp.AnyWords || resp.Total == 0 {
		t.Fatalf("AnyWords = %v, total %d; want the any-words fallback with hits", resp.AnyWords, resp.Total)
	}
	if !strings.Contains(strings.ToLower(resp.Hits[0].Text), "sunflower") {
		t.Errorf("first hit lacks sunflower: %.100s", resp.Hits[0].Text)
	}
	resp = mustSearch(t, ix, search.Request{Query: "sunflower seeds "})
	if resp.AnyWords {
		t.Error("AnyWords set though paragraphs hold both words")
	}
	resp = mustSearch(t, ix, search.Request{Query: "xylophonic zeppelins "})
	if resp.Total != 0 || len(resp.Hits) != 0 {
		t.Errorf("nonsense query: total %d, %d hits", resp.Total, len(resp.Hits))
	}
}

func TestSearchBadSort(t *testing.T) {
	ix, _ := embeddedIndex(t)
	_, err := searchOf(ix).Search(context.Background(), search.Request{Query: "ai", Sort: "loudest"})
	var inv *search.InvalidError
	if !errors.As(err, &inv) || inv.Param != "sort" {
		t.Errorf("bad sort: err = %v, want *search.InvalidError for sort", err)
	}
}

func TestSearchSorts(t *testing.T) {
	ix, _ := embeddedIndex(t)
	tests := []struct {
		sort search.Sort
		// before reports whether a may come before b; missing values last.
		before func(a, b search.Hit) bool
	}{
		{search.SortNewest, func(a, b search.Hit) bool {
			return b.Date.IsZero() || (!a.Date.IsZero() && !a.Date.Before(b.Date))
		}},
		{search.SortOldest, func(a, b search.Hit) bool {
			return b.Date.IsZero() || (!a.Date.IsZero() && !a.Date.After(b.Date))
		}},
		{search.SortScore, func(a, b search.Hit) bool {
			return b.Score == nil || (a.Score != nil && a.Score.Value >= b.Score.Value)
		}},
		{search.SortHelpful, func(a, b search.Hit) bool {
			return b.Helpful == nil || (a.Helpful != nil && a.Helpful.Yes >= b.Helpful.Yes)
		}},
		{search.SortRelevance, func(a, b search.Hit) bool { return a.Relevance >= b.Relevance }},
	}
	for _, tt := range tests {
		for _, q := range []string{"", "documentary", "ai weiwei"} {
			resp := mustSearch(t, ix, search.Request{Query: q, Sort: tt.sort, Size: search.MaxSize})
			if len(resp.Hits) < 5 {
				t.Fatalf("%s %q: only %d hits", tt.sort, q, len(resp.Hits))
			}
			for i := 1; i < len(resp.Hits); i++ {
				if a, b := resp.Hits[i-1], resp.Hits[i]; !tt.before(a, b) {
					t.Errorf("sort %s, %q: hit %d (%v %v %v %.3f) before hit %d (%v %v %v %.3f)", tt.sort, q,
						i-1, a.Date.Format("2006-01-02"), a.Score, a.Helpful, a.Relevance,
						i, b.Date.Format("2006-01-02"), b.Score, b.Helpful, b.Relevance)
					break
				}
			}
		}
	}
}

func TestSearchPages(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, sort := range []search.Sort{search.SortRelevance, search.SortNewest} {
		all := mustSearch(t, ix, search.Request{Query: "ai", Sort: sort, Size: 30})
		seen := map[string]bool{}
		for page := 1; page <= 3; page++ {
			resp := mustSearch(t, ix, search.Request{Query: "ai", Sort: sort, Page: page, Size: 10})
			if len(resp.Hits) != 10 || resp.Total != all.Total {
				t.Fatalf("%s page %d: %d hits of %d, want 10 of %d", sort, page, len(resp.Hits), resp.Total, all.Total)
			}
			for i, h := range resp.Hits {
				if seen[h.ID] {
					t.Errorf("%s page %d: hit %s seen on an earlier page", sort, page, h.ID)
				}
				seen[h.ID] = true
				if want := all.Hits[(page-1)*10+i].ID; h.ID != want {
					t.Errorf("%s page %d hit %d = %s, want %s as in one page of 30", sort, page, i, h.ID, want)
				}
			}
		}
	}
	resp := mustSearch(t, ix, search.Request{Query: "ai"})
	if len(resp.Hits) != search.DefaultSize {
		t.Errorf("default size: %d hits", len(resp.Hits))
	}
	var inv *search.InvalidError
	if _, err := searchOf(ix).Search(context.Background(), search.Request{Query: "ai", Size: 1000}); !errors.As(err, &inv) || inv.Param != "size" {
		t.Errorf("size 1000: %v, want an InvalidError naming size", err)
	}
	resp = mustSearch(t, ix, search.Request{Query: "ai", Page: 500})
	if len(resp.Hits) != 0 || resp.Total == 0 {
		t.Errorf("page past the end: %d hits, total %d", len(resp.Hits), resp.Total)
	}
}

func TestSearchCollapsesCopies(t *testing.T) {
	ix, rs := embeddedIndex(t)
	imdb, _ := find(t, rs, "lasttimeisaw", "internationally acclaimed")
	var mc corpus.Review
	for _, r := range rs {
		if r.Site == "Metacritic" && r.Kind == corpus.KindUser && strings.HasPrefix(r.Paragraphs[0], "Ai Weiwei is an internationally acclaimed") {
			mc = r
		}
	}
	if mc.ID == "" {
		t.Fatal("no Metacritic copy of the lasttimeisaw review in the corpus")
	}
	for _, sort := range []search.Sort{search.SortRelevance, search.SortNewest} {
		resp := mustSearch(t, ix, search.Request{Query: "internationally acclaimed chinese artist-activist", Sort: sort})
		var found []search.Hit
		for _, h := range resp.Hits {
			if h.ReviewID == imdb.ID || h.ReviewID == mc.ID {
				found = append(found, h)
			}
		}
		if len(found) != 1 {
			t.Fatalf("%s: %d hits for the two copies, want one", sort, len(found))
		}
		h := found[0]
		if sort == search.SortRelevance {
			if h.ReviewID != imdb.ID || len(h.Also) != 1 || h.Also[0].ReviewID != mc.ID || h.Also[0].Site != "Metacritic" {
				t.Errorf("%s: hit %s (%s) also %+v; want the fuller IMDb copy naming the Metacritic one", sort, h.ReviewID, h.Site, h.Also)
			}
			continue
		}
		// Sorted by date, the copy whose date earned the place (the newer;
		// on the same day, the more relevant) is shown, so that dates stay
		// in order; the other is named.
		shown, other := imdb, mc
		if h.ReviewID == mc.ID {
			shown, other = mc, imdb
		}
		if len(h.Also) != 1 || h.Also[0].ReviewID != other.ID || shown.Date.Before(other.Date) {
			t.Errorf("%s: hit %s (%s, %s) also %+v; want the newer copy naming the other (%s, %s)",
				sort, h.ReviewID, h.Site, h.Date.Format(time.DateOnly), h.Also, other.Site, other.Date.Format(time.DateOnly))
		}
	}
}

func TestSearchKeywordFiltersIgnoreCase(t *testing.T) {
	ix, rs := embeddedIndex(t)
	want := 0
	for _, r := range rs {
		if r.Outlet == "IMDb" {
			want += len(r.Paragraphs)
		}
	}
	for _, q := range []string{"outlet:imdb", "outlet:IMDB", "outlet:IMDb"} {
		resp := mustSearch(t, ix, search.Request{Query: q})
		if int(resp.Total) != want {
			t.Errorf("%q: total %d, want the %d IMDb paragraphs", q, resp.Total, want)
		}
		for _, o := range resp.Facets.Outlet {
			if o.Selected != (o.Value == "IMDb") {
				t.Errorf("%q: outlet %s selected = %v", q, o.Value, o.Selected)
			}
		}
	}
	resp := mustSearch(t, ix, search.Request{Query: `author:"kenneth turan" symphony`})
	if resp.Total != 1 || resp.Hits[0].Author != "Kenneth Turan" {
		t.Errorf("author filter in lower case: total %d", resp.Total)
	}
	if resp := mustSearch(t, ix, search.Request{Query: "outlet:nowhere"}); resp.Total != 0 {
		t.Errorf("unknown outlet: total %d, want 0", resp.Total)
	}
}

func TestSearchSuggestsSpelling(t *testing.T) {
	ix, _ := embeddedIndex(t)
	tests := []struct{ query, want string }{
		{"thriling unfinshed symphony ", "thrilling unfinished symphony"},
		{"Solzhenitsin ", "solzhenitsyn"},
		{"documentarie ", "documentary"}, // its stem is documentary's: not "documentarian"
		{"thrilling symphony ", ""},      // nothing to correct
	}
	for _, tt := range tests {
		resp := mustSearch(t, ix, search.Request{Query: tt.query})
		if resp.Suggestion != tt.want {
			t.Errorf("%q: suggestion %q, want %q", tt.query, resp.Suggestion, tt.want)
		}
	}
}

// A sharded index (an alias over shards, global BM25 statistics) answers
// as one shard does.
func TestSearchShardedMatchesSingle(t *testing.T) {
	rs, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	open := func(shards int) *Index {
		dir := t.TempDir()
		if _, err := Build(context.Background(), dir, corpus.Reviews(rs), BuildOptions{Shards: shards}); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return ix
	}
	one, three := open(1), open(3)
	// Words with filters on ranges (score, date): their unscored filters
	// once failed every shard. Their top hits score within 1% of each other
	// and may swap: a term's document frequency is counted per shard, as
	// in bleve's own global scoring.
	ranged := []string{"Ai Weiwei score:80..100", "artist date:2012", "china -police score:<80"}
	for _, q := range append([]string{
		"thrilling unfinished symphony, the story is not over", "documentary outlet:imdb", "tofu construction",
		"score:>=80 kind:critic", "thriling symphonie",
	}, ranged...) {
		a := mustSearch(t, one, search.Request{Query: q, Size: 5})
		b := mustSearch(t, three, search.Request{Query: q, Size: 5})
		if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
			t.Errorf("%q: 1 shard %d hits (%d), 3 shards %d (%d)", q, a.Total, len(a.Hits), b.Total, len(b.Hits))
			continue
		}
		if a.Total == 0 {
			t.Errorf("%q: no hits", q)
		}
		if len(a.Hits) > 0 && a.Hits[0].ID != b.Hits[0].ID && !slices.Contains(ranged, q) {
			t.Errorf("%q: first hit %s on 1 shard, %s on 3", q, a.Hits[0].ID, b.Hits[0].ID)
		}
		if fa, fb := facetCounts(a.Facets), facetCounts(b.Facets); !maps.Equal(fa.outlet, fb.outlet) || !maps.Equal(fa.score, fb.score) || !maps.Equal(fa.date, fb.date) {
			t.Errorf("%q: facets differ: %v vs %v", q, fa, fb)
		}
		if a.Suggestion != b.Suggestion {
			t.Errorf("%q: suggestion %q vs %q", q, a.Suggestion, b.Suggestion)
		}
	}
}

// The web server searches from many goroutines at once.
func TestSearchConcurrent(t *testing.T) {
	ix, _ := embeddedIndex(t)
	queries := []search.Request{
		{Query: "thrilling unfinished symphony", Highlight: true},
		{Query: "documentary", Filter: search.Filter{Outlets: []string{"IMDb"}}, Highlight: true},
		{Query: "thriling", Sort: search.SortNewest},
		{Filter: search.Filter{NoScore: true}},
	}
	want := make([]*search.Response, len(queries))
	for i, q := range queries {
		want[i] = mustSearch(t, ix, q)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				k := (g + i) % len(queries)
				got, err := searchOf(ix).Search(context.Background(), queries[k])
				if err != nil {
					t.Error(err)
					return
				}
				if got.Total != want[k].Total || len(got.Hits) != len(want[k].Hits) || (len(got.Hits) > 0 && got.Hits[0].ID != want[k].Hits[0].ID) {
					t.Errorf("query %d: concurrent answer differs", k)
					return
				}
			}
		})
	}
	wg.Wait()
}

// A filter narrows the hits without changing their scores: it is unscored
// even where it leads the query.
func TestFilterLeavesScores(t *testing.T) {
	ix, _ := embeddedIndex(t)
	ctx, err := ix.withScoring(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	scores := func(q string) map[string]float64 {
		parsed := search.Parse(q)
		r := &engine.Retrieval{
			Need:   []engine.Match{{Word: "ai", Term: "ai"}, {Word: "weiwei", Term: "weiwei"}},
			Filter: ix.ResolveKeywords(parsed.Filter),
		}
		res, err := ix.search(ctx, bleve.NewSearchRequestOptions(bleveQuery(r, nil), 100, 0, false))
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	all := scores("ai weiwei ")
	for _, q := range []string{"ai weiwei kind:critic", "ai weiwei score:>=60", "ai weiwei date:2012", "ai weiwei outlet:imdb"} {
		got := scores(q)
		if len(got) == 0 || len(got) >= len(all) {
			t.Errorf("%q: %d hits of %d unfiltered, want fewer but some", q, len(got), len(all))
		}
		for id, s := range got {
			if want, ok := all[id]; !ok || math.Abs(s-want) > 1e-9 {
				t.Errorf("%q: %s scores %v, %v without the filter", q, id, s, want)
			}
		}
	}
}

// Typos are forgiven as Meilisearch and Typesense forgive them: one edit
// from 5 letters, two from 9, never the first letter, never in a number.
func TestTypoRules(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, tt := range []struct {
		query string
		hits  bool
	}{
		{"zxqvw blorfing", false},       // 8 letters, two edits from "boring": gibberish
		{"ymphony ", false},             // the first letter is kept
		{"expereincing symphony", true}, // 12 letters, two edits (a swap)
		{"documentry", true},            // one edit
	} {
		resp := mustSearch(t, ix, search.Request{Query: tt.query})
		if (resp.Total > 0) != tt.hits {
			t.Errorf("%q: %d hits, want hits: %v", tt.query, resp.Total, tt.hits)
		}
	}
}

// Exact turns typo tolerance off: "search instead for" what was typed.
func TestExactSearch(t *testing.T) {
	ix, _ := embeddedIndex(t)
	loose := mustSearch(t, ix, search.Request{Query: "documentry"})
	exact := mustSearch(t, ix, search.Request{Query: "documentry", Exact: true})
	if loose.Total == 0 || loose.Suggestion != "documentary" {
		t.Errorf("documentry: %d hits, suggestion %q; want hits for documentary", loose.Total, loose.Suggestion)
	}
	if exact.Total != 0 || exact.Suggestion != "" {
		t.Errorf("documentry, exact: %d hits, suggestion %q; want none", exact.Total, exact.Suggestion)
	}
	if a, b := mustSearch(t, ix, search.Request{Query: "documentaries", Exact: true}).Total, mustSearch(t, ix, search.Request{Query: "documentary"}).Total; a != b {
		t.Errorf("exact still stems: documentaries %d, documentary %d", a, b)
	}
}

// A search that finds nothing because of a typo inside a phrase, or in a
// word too short for typo variants, gets a "did you mean" from the index's
// own words, offered only if it finds something.
func TestDidYouMeanFromTheDictionary(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, tt := range []struct{ query, want string }{
		{`"never sory"`, `"never sorry"`},
		{`"thrilling unfinshed symphony"`, `"thrilling unfinished symphony"`},
		{"sory", "sorry"},
		{`"clevr cat"`, ""}, // "clear cat" is the nearest, and finds nothing
		{"zxqvw", ""},
	} {
		resp := mustSearch(t, ix, search.Request{Query: tt.query})
		if resp.Total != 0 {
			t.Fatalf("%s: %d hits, the test wants none", tt.query, resp.Total)
		}
		if resp.Suggestion != tt.want {
			t.Errorf("%s: suggestion %q, want %q", tt.query, resp.Suggestion, tt.want)
		}
		if tt.want != "" {
			if n := mustSearch(t, ix, search.Request{Query: resp.Suggestion}).Total; n == 0 {
				t.Errorf("%s: the suggestion %q finds nothing", tt.query, resp.Suggestion)
			}
		}
	}
}

package web

import (
	"context"
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// fakeSearcher is a small in-memory search.Searcher over a few reviews: a
// paragraph matches when it holds every query word (case-insensitive
// substring), filters apply as the interface documents, and facets are
// counted disjunctively. It records the last request.
type fakeSearcher struct {
	reviews    []corpus.Review
	suggestion string   // returned when nothing matches
	err        error    // returned by Search when set
	missing    []string // shards named as not answering (Response.Missing)

	mu   sync.Mutex
	last search.Request
}

func mustDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func newFake() *fakeSearcher {
	return &fakeSearcher{
		suggestion: "clever cat",
		reviews: []corpus.Review{
			{ID: "r1", Work: "Never Sorry", Site: "Metacritic", Outlet: "Phoenix New Times", Author: "Kerry Lengel", Kind: corpus.KindCritic,
				Date: mustDay("2012-08-09"), Score: &corpus.Score{Value: 90, Raw: "90", Scale: "100"},
				Paragraphs: []string{"The metaphor is plain yet elegant: Ai is the clever cat busily devising ways to push through the barriers.", "And in China the biggest barrier is the one-party state."}},
			{ID: "r2", Work: "Never Sorry", Site: "Metacritic", Outlet: "Boston Globe", Author: "Ty Burr", Kind: corpus.KindCritic,
				Date: mustDay("2012-08-02"), Score: &corpus.Score{Value: 100, Raw: "100", Scale: "100"},
				Paragraphs: []string{"One of the most engagingly powerful movies of the year, a documentary about a clever artist."}},
			{ID: "r3", Work: "Never Sorry", Site: "IMDb", Outlet: "IMDb", Author: "moviefan <b>99</b>", Kind: corpus.KindUser,
				Date: mustDay("2013-01-15"), Score: &corpus.Score{Value: 60, Raw: "6/10", Scale: "10"}, Helpful: &corpus.Helpful{Yes: 12, Total: 15}, Spoiler: true,
				Paragraphs: []string{"A cat & a camera: the documentary shows the artist at work <really>."}},
			{ID: "r4", Work: "Never Sorry", Site: "CineVue", Outlet: "CineVue", Kind: corpus.KindArticle,
				Paragraphs: []string{"An undated, unscored article about the clever documentary."}},
			{ID: "r5", Work: "Other Film", Site: "Metacritic", Outlet: "Variety", Author: "Jay Weissberg", Kind: corpus.KindCritic,
				Date: mustDay("2011-05-20"), Score: &corpus.Score{Value: 30, Raw: "30", Scale: "100"},
				Paragraphs: []string{"A clever premise wasted on a dull documentary."}},
		},
	}
}

func (f *fakeSearcher) lastRequest() search.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

// Review implements search.Searcher.
func (f *fakeSearcher) Review(ctx context.Context, id string) (*corpus.Review, error) {
	for i := range f.reviews {
		if f.reviews[i].ID == id {
			r := f.reviews[i]
			return &r, nil
		}
	}
	return nil, fmt.Errorf("review %q: %w", id, search.ErrNotFound)
}

// match reports whether paragraph p of r passes req with the filter
// named skip left out (for disjunctive facets).
func match(req search.Request, r corpus.Review, p string, skip string) bool {
	text := strings.ToLower(p)
	for _, w := range strings.Fields(strings.ToLower(req.Query)) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	f := req.Filter
	if skip != "outlet" && len(f.Outlets) > 0 && !slices.Contains(f.Outlets, r.Outlet) {
		return false
	}
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, string(r.Kind)) {
		return false
	}
	if skip != "work" && len(f.Works) > 0 && !slices.Contains(f.Works, r.Work) {
		return false
	}
	if skip != "score" && (!f.Score.IsZero() || f.NoScore) {
		in := r.Score != nil && !f.Score.IsZero() &&
			(f.Score.Min == nil || r.Score.Value >= *f.Score.Min) && (f.Score.Max == nil || r.Score.Value <= *f.Score.Max)
		if !in && !(f.NoScore && r.Score == nil) {
			return false
		}
	}
	if skip != "date" && !f.Date.IsZero() {
		if r.Date.IsZero() || (!f.Date.From.IsZero() && r.Date.Before(f.Date.From)) || (!f.Date.To.IsZero() && r.Date.After(f.Date.To)) {
			return false
		}
	}
	return true
}

// mark HTML-escapes p and marks the query words in it.
func mark(p, query string) string {
	out := html.EscapeString(p)
	for _, w := range strings.Fields(query) {
		w = html.EscapeString(w)
		lower := strings.ToLower(out)
		if i := strings.Index(lower, strings.ToLower(w)); i >= 0 {
			out = out[:i] + "<mark>" + out[i:i+len(w)] + "</mark>" + out[i+len(w):]
		}
	}
	return out
}

// Search implements search.Searcher.
func (f *fakeSearcher) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	f.mu.Lock()
	f.last = req
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	resp := &search.Response{Query: req.Query, Took: 1500 * time.Microsecond, Hits: []search.Hit{}, Missing: f.missing}
	outlets, works := map[string]int{}, map[string]int{}
	bands := slices.Clone(search.ScoreBands)
	years := map[int]int{}
	var hits []search.Hit
	for _, r := range f.reviews {
		for i, p := range r.Paragraphs {
			if match(req, r, p, "outlet") {
				outlets[r.Outlet]++
			}
			if match(req, r, p, "work") {
				works[r.Work]++
			}
			if match(req, r, p, "score") {
				for b := range bands {
					if bands[b].Missing && r.Score == nil || !bands[b].Missing && r.Score != nil && r.Score.Value >= bands[b].Min && r.Score.Value <= bands[b].Max {
						bands[b].Count++
					}
				}
			}
			if match(req, r, p, "date") && !r.Date.IsZero() {
				years[r.Date.Year()]++
			}
			if !match(req, r, p, "") {
				continue
			}
			hits = append(hits, search.Hit{
				ID: fmt.Sprintf("%s-%d", r.ID, i), ReviewID: r.ID, Paragraph: i,
				Work: r.Work, Site: r.Site, Outlet: r.Outlet, Author: r.Author, Kind: string(r.Kind),
				Title: r.Title, Date: r.Date, Score: r.Score, Helpful: r.Helpful, Spoiler: r.Spoiler, URL: r.URL,
				Text: p, Highlight: mark(p, req.Query), Relevance: 1,
			})
		}
	}
	resp.Total = uint64(len(hits))
	if len(hits) == 0 {
		resp.Suggestion = f.suggestion
	}
	size, page := max(req.Size, 1), max(req.Page, 1)
	lo, hi := min((page-1)*size, len(hits)), min(page*size, len(hits))
	resp.Hits = append(resp.Hits, hits[lo:hi]...)
	terms := func(counts map[string]int, sel []string) []search.TermCount {
		var out []search.TermCount
		for v, n := range counts {
			out = append(out, search.TermCount{Value: v, Count: n, Selected: slices.Contains(sel, v)})
		}
		slices.SortStableFunc(out, func(a, b search.TermCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		return out
	}
	resp.Facets.Outlet = terms(outlets, req.Filter.Outlets)
	resp.Facets.Work = terms(works, req.Filter.Works)
	resp.Facets.OutletCount, resp.Facets.WorkCount = len(resp.Facets.Outlet), len(resp.Facets.Work)
	resp.Facets.Score = bands
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	for _, y := range ys {
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		resp.Facets.Date = append(resp.Facets.Date, search.DateBucket{
			Label: fmt.Sprint(y), From: from, To: from.AddDate(1, 0, -1), Count: years[y],
		})
	}
	return resp, nil
}

var errBoom = errors.New("disk on fire at /secret/path")

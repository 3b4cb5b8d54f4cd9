package film_test

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/check"
	"github.com/pullquote/pullquote/search/film"
	"github.com/pullquote/pullquote/searcher"
)

// open builds an index of what load reads, with its aggregates, and
// returns a film service over it.
func open(t *testing.T, load func(ctx context.Context, fn func(corpus.Review) error) (*corpus.Report, error)) (*film.Service, *index.Index) {
	t.Helper()
	dir := t.TempDir()
	l := &corpus.Loader{Load: load}
	if _, err := index.Build(context.Background(), dir, l.Source, index.BuildOptions{Aggregates: l.Aggregates}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return film.New(ix, searcher.New(ix)), ix
}

func embedded(t *testing.T) (*film.Service, *index.Index) {
	return open(t, func(ctx context.Context, fn func(corpus.Review) error) (*corpus.Report, error) {
		return corpus.LoadEmbedded(ctx, corpus.Options{}, fn)
	})
}

// The seed corpus: the film page states Metacritic's verdicts as the page
// gives them and counts the reviews pullquote holds, by site and kind.
func TestSeedFilm(t *testing.T) {
	svc, ix := embedded(t)
	ctx := context.Background()
	f, err := svc.Get(ctx, "ai-weiwei-never-sorry")
	if err != nil {
		t.Fatal(err)
	}
	want := []film.Aggregate{
		{Site: "Metacritic", Kind: "critic", Label: "Metascore", Value: "81", Scale: "100", Normalised: 81, Band: "great", Count: 28, Unit: "critics",
			Verdict: "Universal acclaim", Distribution: []corpus.Share{{Label: "Positive", Count: 24, Of: 28}, {Label: "Negative", Count: 0, Of: 28}}},
		{Site: "Metacritic", Kind: "user", Label: "User score", Value: "8.1", Scale: "10", Normalised: 81, Band: "great", Count: 10, Unit: "ratings",
			Verdict: "Universal acclaim", Distribution: []corpus.Share{{Label: "Positive", Count: 2, Of: 2}, {Label: "Mixed", Count: 0, Of: 2}, {Label: "Negative", Count: 0, Of: 2}}},
	}
	if !reflect.DeepEqual(f.Aggregates, want) {
		t.Errorf("aggregates\n got %+v\nwant %+v", f.Aggregates, want)
	}
	wantSites := []search.SiteKindCount{
		{Site: "Metacritic", Kind: "critic", Reviews: 13}, {Site: "IMDb", Kind: "user", Reviews: 10}, {Site: "Metacritic", Kind: "user", Reviews: 2},
		{Site: "Blog", Kind: "article", Reviews: 1}, {Site: "CineVue", Kind: "article", Reviews: 1}, {Site: "Examiner", Kind: "article", Reviews: 1},
	}
	if !reflect.DeepEqual(f.Counted.BySite, wantSites) {
		t.Errorf("by site %+v, want %+v", f.Counted.BySite, wantSites)
	}
	if want := map[string]int{"critic": 13, "user": 12, "article": 3}; !reflect.DeepEqual(f.Counted.ByKind, want) || f.Reviews != 28 {
		t.Errorf("%d reviews by kind %v, want 28: %v", f.Reviews, f.Counted.ByKind, want)
	}
	sum := 0
	for _, b := range f.Counted.Histogram {
		sum += b.Reviews
	}
	s := f.Counted.Sentiment
	if sum != f.Counted.Scored || s.Positive+s.Mixed+s.Negative != f.Counted.Scored || f.Counted.Scored == 0 {
		t.Errorf("histogram sums to %d, sentiment to %d, scored %d", sum, s.Positive+s.Mixed+s.Negative, f.Counted.Scored)
	}
	if f.Counted.Mean == nil || f.Counted.Median == nil || *f.Counted.Mean < 60 || *f.Counted.Median < 60 {
		t.Errorf("mean %v, median %v: the film was acclaimed", f.Counted.Mean, f.Counted.Median)
	}

	// The quotable lines: quotable, from positive or unscored reviews, at
	// most two a review, and each one the check finds exactly as quoted.
	if len(f.Quotes) < 3 {
		t.Fatalf("%d quotes, want at least 3", len(f.Quotes))
	}
	checker := check.New(searcher.New(ix))
	per := map[string]int{}
	for _, q := range f.Quotes {
		per[q.ReviewID]++
		if q.Quotability.Points < check.MinQuotable || per[q.ReviewID] > 2 || q.Score != nil && *q.Score < search.PositiveFrom {
			t.Errorf("quote %q: %+v, score %v, %d from its review", q.Text, q.Quotability, q.Score, per[q.ReviewID])
		}
		if !strings.HasPrefix(q.Check, "/check?") {
			t.Errorf("quote %q: check link %q", q.Text, q.Check)
		}
		res, err := checker.Check(context.Background(), check.Blurb{Quote: q.Text, Author: q.Author, Outlet: q.Outlet, Work: q.Work})
		if err != nil || res.Verdict != check.Exact {
			t.Errorf("checking quote %q: %v, %+v", q.Text, err, res)
		}
	}
	if !slices.IsSortedFunc(f.Quotes, func(a, b film.Quote) int { return b.Quotability.Points - a.Quotability.Points }) {
		t.Error("quotes are not best first")
	}

	// By name too, any case and punctuation; unknown films are not found.
	if g, err := svc.Get(ctx, "ai weiwei never SORRY"); err != nil || g.Slug != f.Slug {
		t.Errorf("by name: %v, %v", g, err)
	}
	if _, err := svc.Get(ctx, "toy-story"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("unknown film: %v, want ErrNotFound", err)
	}
	for q, want := range map[string]bool{"Ai Weiwei: Never Sorry": true, "ai weiwei never sorry": true, "never sorry": false, "": false} {
		card, err := svc.Match(ctx, q)
		if err != nil || (card != nil) != want {
			t.Errorf("Match(%q) = %v, %v; want a card: %v", q, card, err, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Ai Weiwei: Never Sorry": "ai-weiwei-never-sorry",
		"WALL·E":                 "wall-e",
		"Amélie":                 "amelie",
		"  Up!  ":                "up",
		"":                       "film",
		"???":                    "film",
		"Toy Story 2":            "toy-story-2",
	} {
		if got := film.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// rt-pixar: every film is listed, and each film's counts agree with a
// direct count of its rows in the CSV files.
func TestRTPixarFilms(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "rt-pixar")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing", dir)
		}
		t.Skipf("%s is missing", dir)
	}
	svc, _ := open(t, func(ctx context.Context, fn func(corpus.Review) error) (*corpus.Report, error) {
		return corpus.LoadPaths(ctx, []string{dir}, corpus.Options{}, fn)
	})
	ctx := context.Background()
	list, err := svc.List(ctx, film.ListRequest{Size: film.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	direct := countCSV(t, dir)
	if list.Total < 26 || list.Total != len(direct) {
		t.Fatalf("%d films listed, %d in the CSV; want the same, at least 26", list.Total, len(direct))
	}
	for i, s := range list.Films {
		if i > 0 && list.Films[i-1].Reviews < s.Reviews {
			t.Errorf("%s (%d reviews) after %s (%d): not most reviewed first", s.Work, s.Reviews, list.Films[i-1].Work, list.Films[i-1].Reviews)
		}
		if s.Reviews != direct[s.Work] {
			t.Errorf("%s: %d reviews, the CSV has %d rows with a quote", s.Work, s.Reviews, direct[s.Work])
		}
		f, err := svc.Get(ctx, s.Slug)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, b := range f.Counted.Histogram {
			sum += b.Reviews
		}
		if sum != f.Counted.Scored || f.Counted.ByKind["critic"] != s.Reviews {
			t.Errorf("%s: histogram sums to %d of %d scored; %d critic reviews of %d", s.Work, sum, f.Counted.Scored, f.Counted.ByKind["critic"], s.Reviews)
		}
	}
	// Searching and sorting the list.
	toy, err := svc.List(ctx, film.ListRequest{Query: "toy story", Sort: film.SortNewest})
	if err != nil {
		t.Fatal(err)
	}
	if toy.Total != 4 || toy.Films[0].Work != "Toy Story 4" {
		t.Errorf("toy story, newest first: %d films, first %+v", toy.Total, toy.Films)
	}
	if _, err := svc.List(ctx, film.ListRequest{Sort: "best"}); !isInvalid(err, "sort") {
		t.Errorf("sort=best: %v, want an invalid sort", err)
	}
}

func isInvalid(err error, param string) bool {
	var inv *search.InvalidError
	return errors.As(err, &inv) && inv.Param == param
}

// countCSV counts the rows of critic_reviews.csv with a quote, by film
// title (movies.csv), reading the files with encoding/csv alone.
func countCSV(t *testing.T, dir string) map[string]int {
	t.Helper()
	rows := func(name string) []map[string]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		head, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		var out []map[string]string
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			for i, h := range head {
				m[h] = rec[i]
			}
			out = append(out, m)
		}
	}
	titles := map[string]string{}
	for _, m := range rows("movies.csv") {
		titles[m["movieId"]] = m["movieTitle"]
	}
	counts := map[string]int{}
	for _, m := range rows("critic_reviews.csv") {
		if strings.TrimSpace(m["quote"]) != "" {
			counts[titles[m["movieId"]]]++
		}
	}
	return counts
}

// A film page is kept while the index stays the same, and rebuilt when it
// changes.
func TestFilmPageFollowsTheIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	review := func(id string, score float64) corpus.Review {
		return corpus.Review{ID: id, Work: "Up", Site: "Metacritic", Outlet: "Slate", Author: "Dana Stevens", Kind: corpus.KindCritic,
			Score: &corpus.Score{Value: score, Raw: "x", Scale: "100"}, Paragraphs: []string{"A wonderful, moving film."}}
	}
	if _, err := index.Build(ctx, dir, corpus.Reviews([]corpus.Review{review("a", 90)}), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	svc := film.New(ix, searcher.New(ix))
	first, err := svc.Get(ctx, "up")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := svc.Get(ctx, "up"); again != first {
		t.Error("the page was built again for an unchanged index")
	}
	if _, err := ix.Add(ctx, corpus.Reviews([]corpus.Review{review("b", 20)}), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	after, err := svc.Get(ctx, "up")
	if err != nil {
		t.Fatal(err)
	}
	if after.Reviews != 2 || after.Counted.Sentiment.Negative != 1 || first.Reviews != 1 {
		t.Errorf("after adding a review: %d reviews, %d negative (before: %d)", after.Reviews, after.Counted.Sentiment.Negative, first.Reviews)
	}
}

// countingSearcher counts the searches and film lists that reach the
// index, each held until release closes, so that requests pile up.
type countingSearcher struct {
	search.Searcher
	films            search.FilmLister
	searches, listed atomic.Int64
	release          chan struct{}
}

func (c *countingSearcher) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	c.searches.Add(1)
	<-c.release
	return c.Searcher.Search(ctx, req)
}

func (c *countingSearcher) Films(ctx context.Context) ([]search.FilmCounts, error) {
	c.listed.Add(1)
	<-c.release
	return c.films.Films(ctx)
}

func (c *countingSearcher) Version() string { return "1" }

// Many requests for a film page at once, as a popular widget's card sends
// after a new index, build the list of films and the page once: under
// load each building it again would queue its searches in turn.
func TestFilmPageBuiltOnceForConcurrentRequests(t *testing.T) {
	_, ix := embedded(t)
	c := &countingSearcher{Searcher: searcher.New(ix), films: ix, release: make(chan struct{})}
	svc := film.New(c, c)
	const n = 16
	var wg sync.WaitGroup
	pages := make([]*film.Film, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { pages[i], errs[i] = svc.Get(context.Background(), "ai-weiwei-never-sorry") })
	}
	time.Sleep(50 * time.Millisecond) // let them all ask
	close(c.release)
	wg.Wait()
	for i := range n {
		if errs[i] != nil || pages[i] != pages[0] {
			t.Fatalf("request %d: %v, page %p, want the one page %p", i, errs[i], pages[i], pages[0])
		}
	}
	if len(pages[0].Quotes) == 0 {
		t.Error("the page has no quotable lines")
	}
	if got := c.listed.Load(); got != 1 {
		t.Errorf("the films were listed %d times, want once", got)
	}
	// The seed film's positive and unscored reviews fit in one page of
	// search.MaxSize paragraphs: one search builds its lines.
	if got := c.searches.Load(); got != 1 {
		t.Errorf("%d searches for %d requests, want 1", got, n)
	}
}

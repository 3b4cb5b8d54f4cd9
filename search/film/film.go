// Package film builds what pullquote says about each film: the list of
// films an index holds, and a film's page — the aggregates its source
// pages stated, what the index itself counts, and the most quotable lines
// of its reviews. It runs over any engine: the counts come from a
// search.FilmLister, the lines from a search.Searcher.
package film

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/sync/singleflight"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/internal/shared"
)

// Summary is one film in a list: the JSON shape of /api/films entries and
// the head of a film page.
type Summary struct {
	Work string `json:"work"`
	// Slug names the film in URLs (/films/{slug}); see Slug.
	Slug string `json:"slug"`
	// URL is the film's page.
	URL string `json:"url"`
	// Reviews counts its indexed reviews, by kind in ByKind (critic, user,
	// article: every kind, 0 included).
	Reviews    int            `json:"reviews"`
	ByKind     map[string]int `json:"reviews_by_kind"`
	Paragraphs int            `json:"paragraphs"`
	// First and Last are the days of its earliest and latest dated
	// review (YYYY-MM-DD), null when none is dated.
	First *string `json:"first"`
	Last  *string `json:"last"`
	// MeanScore is the mean normalised score (0–100) of its Scored
	// reviews, null when none is scored.
	MeanScore *float64 `json:"mean_score"`
	Scored    int      `json:"scored"`
	// Stated is how many aggregates its pages stated.
	Stated int `json:"stated"`

	first time.Time // for sorting: the earliest dated review
	name  string    // the work name normalised for matching
}

// Film is one film's page: /api/films/{slug}.
type Film struct {
	Summary
	// Aggregates are the page-level scores, exactly as the pages stated them.
	Aggregates []Aggregate `json:"aggregates"`
	// Counted is what pullquote's own index counts.
	Counted Counted `json:"counted"`
	// Quotes are the film's most quotable lines, best first (see Quotes).
	Quotes []Quote `json:"quotes"`
}

// Aggregate is a stated aggregate in its JSON shape.
type Aggregate struct {
	Site  string `json:"site"`
	Kind  string `json:"kind"`
	Label string `json:"label"`
	// Value is the score as the page wrote it ("8.1"), on Scale ("10");
	// Normalised is it on 0–100.
	Value      string  `json:"value"`
	Scale      string  `json:"scale"`
	Normalised float64 `json:"normalised"`
	// Band is Normalised's score band class (search.ScoreBand.Class).
	Band string `json:"band"`
	// Count is how many Unit ("critics", "ratings") it is based on, 0
	// when the page does not say.
	Count        int            `json:"count"`
	Unit         string         `json:"unit"`
	Verdict      string         `json:"verdict"`
	Distribution []corpus.Share `json:"distribution"`
}

// Counted is what the index counts of a film's reviews.
type Counted struct {
	Reviews int            `json:"reviews"`
	ByKind  map[string]int `json:"reviews_by_kind"`
	// BySite counts reviews by site and kind, most first.
	BySite []search.SiteKindCount `json:"by_site"`
	// Scored reviews have a score; Mean and Median are of their
	// normalised scores, null when none has.
	Scored int      `json:"scored"`
	Mean   *float64 `json:"mean"`
	Median *float64 `json:"median"`
	// MeanBand is Mean's score band class (search.ScoreBand.Class).
	MeanBand string `json:"mean_band"`
	// Sentiment counts scored reviews as positive, mixed or negative by
	// the thresholds it names.
	Sentiment Sentiment `json:"sentiment"`
	// Histogram counts scored reviews in 10-point bins, 0–9 to 90–100.
	Histogram []Bin `json:"histogram"`
	// Years counts dated reviews by year; Undated the others.
	Years   []Year `json:"years"`
	Undated int    `json:"undated"`
}

// Sentiment counts scored reviews by search.Sentiment.
type Sentiment struct {
	Positive int `json:"positive"`
	Mixed    int `json:"mixed"`
	Negative int `json:"negative"`
	// PositiveFrom and MixedFrom are the thresholds (0–100): positive from
	// PositiveFrom, negative below MixedFrom, mixed between.
	PositiveFrom float64 `json:"positive_from"`
	MixedFrom    float64 `json:"mixed_from"`
}

// Bin is one bin of the score histogram: scores from From up to To (the
// last bin includes 100).
type Bin struct {
	Label   string  `json:"label"`
	From    float64 `json:"from"`
	To      float64 `json:"to"`
	Reviews int     `json:"reviews"`
}

// Year counts a film's reviews dated in one year.
type Year struct {
	Year    int `json:"year"`
	Reviews int `json:"reviews"`
}

// Service answers film lists and pages over an engine. Its list of films
// is computed once per index version (when the searcher has one).
type Service struct {
	films    search.FilmLister
	searcher search.Searcher

	mu      sync.Mutex
	version string
	catalog *catalog

	// group makes a catalog or a page that many requests want at once
	// (a popular widget's film card after a new index) be built once:
	// under load, every request building it again would each wait for
	// its searches to be admitted, and be refused, in turn.
	group singleflight.Group
}

// New returns a Service over films (the counts) and s (the lines).
func New(films search.FilmLister, s search.Searcher) *Service {
	return &Service{films: films, searcher: s}
}

// catalog is every film of one index version.
type catalog struct {
	counts    []search.FilmCounts
	summaries []Summary // in counts' order
	bySlug    map[string]int
	byName    map[string]int // by matchName
	byWork    map[string]int

	// pages keeps the film pages built for this version (their quotable
	// lines cost a few searches and tens of milliseconds of scoring), at
	// most maxPages of them.
	mu    sync.Mutex
	pages map[int]*Film
}

// maxPages bounds the film pages a catalog keeps.
const maxPages = 1024

// load returns the catalog of the index as it is now.
func (s *Service) load(ctx context.Context) (*catalog, error) {
	version := ""
	if v, ok := s.searcher.(interface{ Version() string }); ok {
		version = v.Version()
	}
	s.mu.Lock()
	if version != "" && s.version == version && s.catalog != nil {
		c := s.catalog
		s.mu.Unlock()
		return c, nil
	}
	s.mu.Unlock()
	return shared.Do(ctx, &s.group, "catalog\x00"+version, func(ctx context.Context) (*catalog, error) {
		counts, err := s.films.Films(ctx)
		if err != nil {
			return nil, err
		}
		c := newCatalog(counts)
		if version != "" {
			s.mu.Lock()
			s.version, s.catalog = version, c
			s.mu.Unlock()
		}
		return c, nil
	})
}

func newCatalog(counts []search.FilmCounts) *catalog {
	slices.SortFunc(counts, func(a, b search.FilmCounts) int { return strings.Compare(a.Work, b.Work) })
	c := &catalog{counts: counts, bySlug: map[string]int{}, byName: map[string]int{}, byWork: map[string]int{}}
	for i, f := range counts {
		slug := Slug(f.Work)
		// Two names with one slug ("Up" and "UP!"): the first by name
		// keeps it, the next get -2, -3.
		for n := 2; ; n++ {
			if _, taken := c.bySlug[slug]; !taken {
				break
			}
			slug = Slug(f.Work) + "-" + strconv.Itoa(n)
		}
		c.bySlug[slug] = i
		c.byWork[f.Work] = i
		sum := summarize(f, slug)
		if _, ok := c.byName[sum.name]; !ok {
			c.byName[sum.name] = i
		}
		c.summaries = append(c.summaries, sum)
	}
	return c
}

// Slug turns a film's name into its URL name: accents folded, lower case,
// runs of anything but letters and digits made one hyphen ("Ai Weiwei:
// Never Sorry" is "ai-weiwei-never-sorry"), at most 80 bytes. Names that
// make the same slug are told apart by -2, -3 in name order.
func Slug(work string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(corpus.Fold(work)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			if b.Len()+len(string(r)) > 80 {
				break
			}
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	if b.Len() == 0 {
		return "film"
	}
	return b.String()
}

// matchName is a film name or a query as they are compared: folded, lower
// case, words only.
func matchName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(corpus.Fold(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func summarize(f search.FilmCounts, slug string) Summary {
	s := Summary{
		Work: f.Work, Slug: slug, URL: "/films/" + slug, Reviews: f.Reviews, ByKind: byKind(f.Sites),
		Paragraphs: f.Paragraphs, Stated: len(f.Stated), name: matchName(f.Work),
	}
	if len(f.Days) > 0 {
		s.First, s.Last = search.DayJSON(f.Days[0].Day), search.DayJSON(f.Days[len(f.Days)-1].Day)
		s.first = f.Days[0].Day
	}
	s.MeanScore, s.Scored = mean(f.Scores)
	return s
}

// byKind counts reviews by kind, every kind present.
func byKind(sites []search.SiteKindCount) map[string]int {
	out := map[string]int{}
	for _, k := range search.Kinds() {
		out[k] = 0
	}
	for _, s := range sites {
		out[s.Kind] += s.Reviews
	}
	return out
}

// mean returns the mean of the scores and how many there are.
func mean(scores []search.ScoreCount) (*float64, int) {
	sum, n := 0.0, 0
	for _, s := range scores {
		sum += s.Score * float64(s.Reviews)
		n += s.Reviews
	}
	if n == 0 {
		return nil, 0
	}
	return round1(sum / float64(n)), n
}

// median returns the median of the scores (the mean of the middle two for
// an even count).
func median(scores []search.ScoreCount, n int) *float64 {
	if n == 0 {
		return nil
	}
	at := func(i int) float64 { // the i-th smallest, from 0
		for _, s := range scores {
			if i < s.Reviews {
				return s.Score
			}
			i -= s.Reviews
		}
		return math.NaN()
	}
	if n%2 == 1 {
		return round1(at(n / 2))
	}
	return round1((at(n/2-1) + at(n/2)) / 2)
}

func round1(v float64) *float64 {
	v = math.Round(v*10) / 10
	return &v
}

// count derives what the index counts of a film.
func count(f search.FilmCounts) Counted {
	c := Counted{Reviews: f.Reviews, ByKind: byKind(f.Sites), BySite: slices.Clone(f.Sites)}
	if c.BySite == nil {
		c.BySite = []search.SiteKindCount{}
	}
	// Most reviews first.
	slices.SortStableFunc(c.BySite, func(a, b search.SiteKindCount) int { return b.Reviews - a.Reviews })
	c.Mean, c.Scored = mean(f.Scores)
	c.MeanBand = search.BandFor(c.Mean).Class
	c.Median = median(f.Scores, c.Scored)
	c.Sentiment = Sentiment{PositiveFrom: search.PositiveFrom, MixedFrom: search.MixedFrom}
	c.Histogram = make([]Bin, 10)
	for i := range c.Histogram {
		lo := float64(i * 10)
		hi := lo + 9
		if i == 9 {
			hi = 100
		}
		c.Histogram[i] = Bin{Label: fmt.Sprintf("%g–%g", lo, hi), From: lo, To: lo + 10}
	}
	for _, s := range f.Scores {
		c.Histogram[min(int(s.Score/10), 9)].Reviews += s.Reviews
		switch search.Sentiment(s.Score) {
		case "positive":
			c.Sentiment.Positive += s.Reviews
		case "mixed":
			c.Sentiment.Mixed += s.Reviews
		default:
			c.Sentiment.Negative += s.Reviews
		}
	}
	c.Years = []Year{}
	dated := 0
	for _, d := range f.Days {
		y := d.Day.Year()
		if n := len(c.Years); n > 0 && c.Years[n-1].Year == y {
			c.Years[n-1].Reviews += d.Reviews
		} else {
			c.Years = append(c.Years, Year{Year: y, Reviews: d.Reviews})
		}
		dated += d.Reviews
	}
	c.Undated = f.Reviews - dated
	return c
}

// stated maps the pages' aggregates to their JSON shape, critics first.
func stated(aggs []corpus.Aggregate) []Aggregate {
	out := make([]Aggregate, 0, len(aggs))
	for _, a := range aggs {
		dist := a.Distribution
		if dist == nil {
			dist = []corpus.Share{}
		}
		out = append(out, Aggregate{
			Site: a.Site, Kind: string(a.Kind), Label: cmp.Or(a.Label, "Score"), Value: a.Score.Raw, Scale: a.Score.Scale,
			Normalised: a.Score.Value, Band: search.BandFor(&a.Score.Value).Class, Count: a.Count, Unit: a.Unit, Verdict: a.Verdict, Distribution: dist,
		})
	}
	slices.SortStableFunc(out, func(a, b Aggregate) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), strings.Compare(a.Site, b.Site))
	})
	return out
}

func kindOrder(k string) int {
	if i := slices.Index(search.Kinds(), k); i >= 0 {
		return i
	}
	return len(search.Kinds())
}

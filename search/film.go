package search

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

// FilmLister lists what an index holds of each film. index.Index
// implements it from its side store; another engine would with GROUP BY
// queries. What is derived from the counts (means, medians, bins, slugs,
// quotable lines) is search/film's, the same over any engine.
type FilmLister interface {
	// Films returns every film the index holds, by work name.
	Films(ctx context.Context) ([]FilmCounts, error)
}

// FilmCounts is what the index holds of one film: the aggregates its pages
// stated, and counts of its reviews.
type FilmCounts struct {
	Work string
	// Stated are the page-level aggregates, as the pages gave them.
	Stated []corpus.Aggregate
	// Reviews and Paragraphs count what is indexed (blank paragraphs are
	// not).
	Reviews    int
	Paragraphs int
	// Sites counts reviews by site and kind.
	Sites []SiteKindCount
	// Scores counts scored reviews by normalised score, ascending.
	Scores []ScoreCount
	// Days counts dated reviews by day (UTC midnight), ascending.
	Days []DayCount
}

// SiteKindCount is how many reviews of one kind a film has on one site.
type SiteKindCount struct {
	Site    string `json:"site"`
	Kind    string `json:"kind"`
	Reviews int    `json:"reviews"`
}

// ScoreCount is how many reviews gave one normalised score.
type ScoreCount struct {
	Score   float64
	Reviews int
}

// DayCount is how many reviews are dated one day.
type DayCount struct {
	Day     time.Time
	Reviews int
}

// The sentiment of a review by its normalised score, as its band says
// (ScoreBands): positive from PositiveFrom, negative below MixedFrom,
// mixed between. Constants, for filters and thresholds written in them;
// TestSentimentThresholds holds them to the bands.
const (
	PositiveFrom = 60
	MixedFrom    = 40
)

// Sentiment names a normalised score's sentiment, its band's: "positive",
// "mixed" or "negative".
func Sentiment(score float64) string { return BandFor(&score).Sentiment }

// FilmTally gathers the FilmCounts of films as an engine reads them, in
// any order. The zero value is not usable: make one with make.
type FilmTally map[string]*FilmCounts

// Film returns work's counts, adding them if new.
func (t FilmTally) Film(work string) *FilmCounts {
	f := t[work]
	if f == nil {
		f = &FilmCounts{Work: work}
		t[work] = f
	}
	return f
}

// Films returns the films by work, each one's sites ordered by site and
// kind, its scores and days ascending: what FilmLister.Films returns.
func (t FilmTally) Films() []FilmCounts {
	out := make([]FilmCounts, 0, len(t))
	for _, w := range slices.Sorted(maps.Keys(t)) {
		f := t[w]
		slices.SortFunc(f.Sites, func(a, b SiteKindCount) int {
			return cmp.Or(strings.Compare(a.Site, b.Site), strings.Compare(a.Kind, b.Kind))
		})
		slices.SortFunc(f.Scores, func(a, b ScoreCount) int { return cmp.Compare(a.Score, b.Score) })
		slices.SortFunc(f.Days, func(a, b DayCount) int { return a.Day.Compare(b.Day) })
		out = append(out, *f)
	}
	return out
}

package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/pullquote/pullquote/search"
)

// termFacetSize is how many values the outlet and film facets show (plus
// every selected one).
const termFacetSize = 20

// Facet names in bleve requests.
const (
	facetKeyOutlet = "outlet"
	facetKeyScore  = "score"
	facetKeyDate   = "date"
	facetKeyWork   = "work"
)

// selected reports whether f has a selection in facet n.
func selected(f search.Filter, n facetName) bool {
	switch n {
	case facetOutlet:
		return len(f.Outlets) > 0
	case facetScore:
		return !f.Score.IsZero() || f.NoScore
	case facetDate:
		return !f.Date.IsZero()
	case facetWork:
		return len(f.Works) > 0
	}
	return false
}

// monthLayout formats FieldMonth values.
const monthLayout = "2006-01"

// scoreBandKey returns the FieldBand value of a score: ScoreBand's.
func scoreBandKey(v float64) string {
	return strconv.FormatFloat(ScoreBand(v), 'f', -1, 64)
}

// ScoreBand returns the minimum of the search.ScoreBands band holding a
// score (0–100): what a score facet counts it under.
func ScoreBand(v float64) float64 {
	best := -1.0
	for _, b := range search.ScoreBands {
		if !b.Missing && b.Min <= v && b.Min > best {
			best = b.Min
		}
	}
	return max(best, 0)
}

// countSelected counts each facet that has a selection by a query without
// its own filter (size 0), the queries run side by side.
func (ix *Index) countSelected(ctx context.Context, p plan) (map[facetName]bsearch.FacetResults, error) {
	var sel []facetName
	for _, n := range facetNames {
		if selected(p.filter, n) {
			sel = append(sel, n)
		}
	}
	counted := make([]bsearch.FacetResults, len(sel))
	errs := make([]error, len(sel))
	var wg sync.WaitGroup
	for i, n := range sel {
		wg.Go(func() {
			if wholeIndex(p, n) {
				counted[i], errs[i] = ix.countWhole(ctx, p, n)
				return
			}
			sr := bleve.NewSearchRequestOptions(p.query(n), 0, 0, false)
			sr.Score = bleve.ScoreNone // counts only
			r, err := ix.searchFacets(ctx, sr, n)
			if err != nil {
				errs[i] = fmt.Errorf("search %s: count facet: %w", ix.dir, err)
				return
			}
			counted[i] = r.Facets
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make(map[facetName]bsearch.FacetResults, len(sel))
	for i, n := range sel {
		out[n] = counted[i]
	}
	return out, nil
}

// facets returns the response's facets: those with no selection from the
// main result's facets, each that has one from counted (countSelected);
// all names a keyword facet to list whole.
func facets(p plan, all string, main bsearch.FacetResults, counted map[facetName]bsearch.FacetResults) search.Facets {
	var out search.Facets
	results := map[facetName]bsearch.FacetResults{facetNone: main}
	for n, r := range counted {
		results[n] = r
	}
	pick := func(n facetName, key string) *bsearch.FacetResult {
		if selected(p.filter, n) {
			return results[n][key]
		}
		return results[facetNone][key]
	}
	size := func(name string) int {
		if all == name {
			return -1
		}
		return termFacetSize
	}
	out.Outlet, out.OutletCount = termFacet(pick(facetOutlet, facetKeyOutlet), p.filter.Outlets, size("outlet"))
	out.Work, out.WorkCount = termFacet(pick(facetWork, facetKeyWork), p.filter.Works, size("work"))
	out.Score = scoreFacet(pick(facetScore, facetKeyScore), p.filter)
	out.Date = dateFacet(pick(facetDate, facetKeyDate), p.filter.Date)
	return out
}

// termFacet returns a keyword facet's top size values (all with a
// negative size), every selected one among them (with 0 when no hit has
// it), and how many values it has in all.
func termFacet(fr *bsearch.FacetResult, sel []string, size int) ([]search.TermCount, int) {
	out := []search.TermCount{}
	if fr == nil {
		return out, 0
	}
	seen := map[string]bool{}
	terms := fr.Terms.Terms()
	for i, t := range terms {
		isSel := slices.Contains(sel, t.Term)
		if size >= 0 && i >= size && !isSel {
			continue
		}
		seen[t.Term] = true
		out = append(out, search.TermCount{Value: t.Term, Count: t.Count, Selected: isSel})
	}
	for _, s := range sel {
		if !seen[s] {
			out = append(out, search.TermCount{Value: s, Count: 0, Selected: true})
		}
	}
	return out, len(terms)
}

func scoreFacet(fr *bsearch.FacetResult, f search.Filter) []search.ScoreBand {
	out := slices.Clone(search.ScoreBands)
	if fr == nil {
		return out
	}
	counts := map[string]int{}
	for _, t := range fr.Terms.Terms() {
		counts[t.Term] = t.Count
	}
	for i := range out {
		b := &out[i]
		if b.Missing {
			b.Count = fr.Missing
			b.Selected = f.NoScore
			continue
		}
		b.Count = counts[scoreBandKey(b.Min)]
		b.Selected = !f.Score.IsZero() && f.Score.Contains(b.Min) && f.Score.Contains(b.Max)
	}
	return out
}

// dateFacet returns the date buckets from the month counts: by year, or
// by month when every dated hit falls in one year.
func dateFacet(fr *bsearch.FacetResult, f search.DateRange) []search.DateBucket {
	out := []search.DateBucket{}
	if fr == nil {
		return out
	}
	months := map[time.Time]int{}
	years := map[int]int{}
	for _, t := range fr.Terms.Terms() {
		m, err := time.Parse(monthLayout, t.Term)
		if err != nil {
			continue
		}
		months[m] += t.Count
		years[m.Year()] += t.Count
	}
	if len(years) == 1 {
		for m, n := range months {
			out = append(out, bucket(m.Format(monthLayout), m, m.AddDate(0, 1, -1), n, f))
		}
	} else {
		for y, n := range years {
			from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			out = append(out, bucket(strconv.Itoa(y), from, from.AddDate(1, 0, -1), n, f))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out
}

// bucket returns a date bucket of the days from..to, selected when the
// filter's range is set and holds them all.
func bucket(label string, from, to time.Time, count int, f search.DateRange) search.DateBucket {
	return search.DateBucket{
		Label: label, From: from, To: to, Count: count,
		Selected: !f.IsZero() && f.Contains(from) && f.Contains(to),
	}
}

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

// outletFacetSize is how many outlets the outlet facet shows (plus every
// selected one).
const outletFacetSize = 20

// Facet names in bleve requests.
const (
	facetKeyOutlet = "outlet"
	facetKeyScore  = "score"
	facetKeyDate   = "date"
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
	}
	return false
}

// addFacets adds to sr the facet requests for the facets in want.
func addFacets(sr *bleve.SearchRequest, p plan, want ...facetName) {
	for _, n := range want {
		switch n {
		case facetOutlet:
			size := outletFacetSize
			if len(p.filter.Outlets) > 0 {
				size = 1 << 20 // all, so that every selected outlet gets its count
			}
			sr.AddFacet(facetKeyOutlet, bleve.NewFacetRequest(FieldOutlet, size))
		case facetScore:
			fr := bleve.NewFacetRequest(FieldScore, len(search.ScoreBands))
			for _, b := range search.ScoreBands {
				if !b.Missing {
					lo, hi := bandBounds(b)
					fr.AddNumericRange(b.Label, lo, hi)
				}
			}
			sr.AddFacet(facetKeyScore, fr)
		case facetDate:
			if len(p.years) == 0 {
				continue
			}
			fr := bleve.NewFacetRequest(FieldDate, len(p.years))
			for _, y := range p.years {
				from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
				fr.AddDateTimeRange(strconv.Itoa(y), from, from.AddDate(1, 0, 0))
			}
			sr.AddFacet(facetKeyDate, fr)
		}
	}
}

// bandBounds returns a score band's bounds for a bleve numeric range facet,
// whose maximum is exclusive: the band's minimum, and the next band's.
func bandBounds(b search.ScoreBand) (lo, hi *float64) {
	lo = &b.Min
	for _, o := range search.ScoreBands {
		if !o.Missing && o.Min > b.Min && (hi == nil || o.Min < *hi) {
			v := o.Min
			hi = &v
		}
	}
	return lo, hi
}

// countSelected counts each facet that has a selection by a query without
// its own filter (size 0), the queries run side by side.
func (ix *Index) countSelected(ctx context.Context, p plan) (map[facetName]bsearch.FacetResults, error) {
	var sel []facetName
	for _, n := range []facetName{facetOutlet, facetScore, facetDate} {
		if selected(p.filter, n) {
			sel = append(sel, n)
		}
	}
	counted := make([]bsearch.FacetResults, len(sel))
	errs := make([]error, len(sel))
	var wg sync.WaitGroup
	for i, n := range sel {
		wg.Go(func() {
			sr := bleve.NewSearchRequestOptions(p.query(n), 0, 0, false)
			addFacets(sr, p, n)
			r, err := ix.bleve().SearchInContext(ctx, sr)
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
// main result's facets, each that has one from counted (countSelected).
func (ix *Index) facets(ctx context.Context, p plan, main bsearch.FacetResults, counted map[facetName]bsearch.FacetResults) (search.Facets, error) {
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
	out.Outlet = outletFacet(pick(facetOutlet, facetKeyOutlet), p.filter.Outlets)
	out.Score = scoreFacet(pick(facetScore, facetKeyScore), p.filter)
	date, err := ix.dateFacet(ctx, p, pick(facetDate, facetKeyDate))
	if err != nil {
		return out, err
	}
	out.Date = date
	return out, nil
}

func outletFacet(fr *bsearch.FacetResult, sel []string) []search.TermCount {
	out := []search.TermCount{}
	if fr == nil {
		return out
	}
	seen := map[string]bool{}
	for i, t := range fr.Terms.Terms() {
		isSel := slices.Contains(sel, t.Term)
		if i >= outletFacetSize && !isSel {
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
	return out
}

func scoreFacet(fr *bsearch.FacetResult, f search.Filter) []search.ScoreBand {
	out := slices.Clone(search.ScoreBands)
	if fr == nil {
		return out
	}
	counts := map[string]int{}
	for _, r := range fr.NumericRanges {
		counts[r.Name] = r.Count
	}
	for i := range out {
		b := &out[i]
		if b.Missing {
			b.Count = fr.Missing
			b.Selected = f.NoScore
			continue
		}
		b.Count = counts[b.Label]
		b.Selected = !f.Score.IsZero() && f.Score.Contains(b.Min) && f.Score.Contains(b.Max)
	}
	return out
}

// dateFacet returns the date buckets: by year, or by month when every
// dated hit falls in one year (counted by one more query).
func (ix *Index) dateFacet(ctx context.Context, p plan, fr *bsearch.FacetResult) ([]search.DateBucket, error) {
	out := []search.DateBucket{}
	if fr == nil {
		return out, nil
	}
	var years []search.DateBucket
	for _, r := range fr.DateRanges {
		if r.Count == 0 {
			continue
		}
		y, _ := strconv.Atoi(r.Name)
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		years = append(years, bucket(r.Name, from, from.AddDate(1, 0, -1), r.Count, p.filter.Date))
	}
	sort.Slice(years, func(i, j int) bool { return years[i].From.Before(years[j].From) })
	if len(years) != 1 {
		return append(out, years...), nil
	}
	// One year: count its months.
	y := years[0].From.Year()
	skip := facetNone
	if selected(p.filter, facetDate) {
		skip = facetDate
	}
	sr := bleve.NewSearchRequestOptions(p.query(skip), 0, 0, false)
	mf := bleve.NewFacetRequest(FieldDate, 12)
	for m := time.January; m <= time.December; m++ {
		from := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		mf.AddDateTimeRange(from.Format("2006-01"), from, from.AddDate(0, 1, 0))
	}
	sr.AddFacet(facetKeyDate, mf)
	res, err := ix.bleve().SearchInContext(ctx, sr)
	if err != nil {
		return out, fmt.Errorf("search %s: count months: %w", ix.dir, err)
	}
	for _, r := range res.Facets[facetKeyDate].DateRanges {
		if r.Count == 0 {
			continue
		}
		from, _ := time.Parse("2006-01", r.Name)
		out = append(out, bucket(r.Name, from, from.AddDate(0, 1, -1), r.Count, p.filter.Date))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out, nil
}

// bucket returns a date bucket of the days from..to, selected when the
// filter's range is set and holds them all.
func bucket(label string, from, to time.Time, count int, f search.DateRange) search.DateBucket {
	return search.DateBucket{
		Label: label, From: from, To: to, Count: count,
		Selected: !f.IsZero() && f.Contains(from) && f.Contains(to),
	}
}

package searcher

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// termFacetSize is how many values the outlet and film facets show (plus
// every selected one).
const termFacetSize = 20

// selected reports whether f has a selection in facet n.
func selected(f search.Filter, n engine.Facet) bool {
	switch n {
	case engine.FacetOutlet:
		return len(f.Outlets) > 0
	case engine.FacetScore:
		return !f.Score.IsZero() || f.NoScore
	case engine.FacetDate:
		return !f.Date.IsZero()
	case engine.FacetWork:
		return len(f.Works) > 0
	}
	return false
}

// facetsOf returns the response's facets from the counts of each (those
// with a selection counted without their own filter); all names a keyword
// facet to list whole.
func facetsOf(f search.Filter, all string, counts map[engine.Facet]engine.FacetCounts) search.Facets {
	var out search.Facets
	size := func(name string) int {
		if all == name {
			return -1
		}
		return termFacetSize
	}
	out.Outlet, out.OutletCount = termFacet(counts[engine.FacetOutlet], f.Outlets, size("outlet"))
	out.Work, out.WorkCount = termFacet(counts[engine.FacetWork], f.Works, size("work"))
	out.Score = scoreFacet(counts[engine.FacetScore], f)
	out.Date = dateFacet(counts[engine.FacetDate], f.Date)
	return out
}

// termFacet returns a keyword facet's top size values (all with a
// negative size), every selected one among them (with 0 when no hit has
// it), and how many values it has in all.
func termFacet(fc engine.FacetCounts, sel []string, size int) ([]search.TermCount, int) {
	out := []search.TermCount{}
	fc.Values = slices.Clone(fc.Values)
	sortCounts(fc.Values)
	seen := map[string]bool{}
	for i, t := range fc.Values {
		isSel := slices.Contains(sel, t.Value)
		if size >= 0 && i >= size && !isSel {
			continue
		}
		seen[t.Value] = true
		out = append(out, search.TermCount{Value: t.Value, Count: t.Count, Selected: isSel})
	}
	for _, s := range sel {
		if !seen[s] {
			out = append(out, search.TermCount{Value: s, Count: 0, Selected: true})
		}
	}
	return out, len(fc.Values) + fc.Others
}

func scoreFacet(fc engine.FacetCounts, f search.Filter) []search.ScoreBand {
	out := slices.Clone(search.ScoreBands)
	counts := map[string]int{}
	for _, t := range fc.Values {
		counts[t.Value] = t.Count
	}
	for i := range out {
		b := &out[i]
		if b.Missing {
			b.Count = fc.Missing
			b.Selected = f.NoScore
			continue
		}
		b.Count = counts[search.BandKey(b.Min)]
		b.Selected = !f.Score.IsZero() && f.Score.Contains(b.Min) && f.Score.Contains(b.Max)
	}
	return out
}

// dateFacet returns the date buckets from the month counts: by year, or
// by month when every dated hit falls in one year.
func dateFacet(fc engine.FacetCounts, f search.DateRange) []search.DateBucket {
	out := []search.DateBucket{}
	months := map[time.Time]int{}
	years := map[int]int{}
	for _, t := range fc.Values {
		m, err := time.Parse(engine.MonthLayout, t.Value)
		if err != nil {
			continue
		}
		months[m] += t.Count
		years[m.Year()] += t.Count
	}
	if len(years) == 1 {
		for m, n := range months {
			out = append(out, bucket(m.Format(engine.MonthLayout), m, m.AddDate(0, 1, -1), n, f))
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

// sortCounts orders counts most first, ties by value.
func sortCounts(vs []engine.ValueCount) {
	slices.SortFunc(vs, func(a, b engine.ValueCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}

package web

import (
	"slices"
	"strings"
	"time"

	"github.com/pullquote/pullquote/search"
)

// chip is one active filter shown above the results, with the address of
// the same search without it.
type chip struct {
	Label  string // "Outlet: Variety"
	Remove string // the search without this filter
	Name   string // "outlet Variety", for "No results with …"
}

// chips lists the request's filters given as parameters (those typed in
// the query text show in the search box), each removable, so a filter
// never narrows a search unseen; clearAll is the search with none. The
// embed's preset filters are not the reader's to remove.
func (p *searchPage) chips() (out []chip, clearAll string) {
	if p.Compact {
		return nil, ""
	}
	req := p.Req
	req.Page = 1
	without := func(f func(*search.Filter)) string {
		r := req
		r.Filter.Outlets = slices.Clone(r.Filter.Outlets)
		r.Filter.Works = slices.Clone(r.Filter.Works)
		r.Filter.Kinds = slices.Clone(r.Filter.Kinds)
		f(&r.Filter)
		return withParams(p.Path, r, p.Extra)
	}
	drop := func(list []string, v string) []string {
		return slices.DeleteFunc(list, func(s string) bool { return s == v })
	}
	f := req.Filter
	for _, o := range f.Outlets {
		out = append(out, chip{Label: "Outlet: " + o, Name: "outlet " + o, Remove: without(func(g *search.Filter) { g.Outlets = drop(g.Outlets, o) })})
	}
	for _, w := range f.Works {
		out = append(out, chip{Label: "Film: " + w, Name: "film " + w, Remove: without(func(g *search.Filter) { g.Works = drop(g.Works, w) })})
	}
	for _, k := range f.Kinds {
		out = append(out, chip{Label: "Kind: " + k, Name: "kind " + k, Remove: without(func(g *search.Filter) { g.Kinds = drop(g.Kinds, k) })})
	}
	if s := scoreLabel(f.Score, f.NoScore); s != "" {
		out = append(out, chip{Label: "Score: " + s, Name: "score " + s, Remove: without(func(g *search.Filter) { g.Score, g.NoScore = search.Range{}, false })})
	}
	if !f.Date.IsZero() {
		d := dateLabel(f.Date)
		out = append(out, chip{Label: "Date: " + d, Name: "date " + d, Remove: without(func(g *search.Filter) { g.Date = search.DateRange{} })})
	}
	if len(out) > 0 {
		clearAll = without(func(g *search.Filter) { *g = search.Filter{} })
	}
	return out, clearAll
}

// scoreLabel writes a score filter for people: "80–100", "up to 39",
// "no score", "60–79 or no score".
func scoreLabel(r search.Range, none bool) string {
	var parts []string
	band := slices.IndexFunc(search.ScoreBands, func(b search.ScoreBand) bool {
		return !b.Missing && r.Min != nil && r.Max != nil && *r.Min == b.Min && *r.Max == b.Max
	})
	if band >= 0 {
		parts = append(parts, search.ScoreBands[band].Label)
	} else if !r.IsZero() {
		f := func(p *float64) string { return strings.TrimSuffix(formatRange(search.Range{Min: p}), "..") }
		switch {
		case r.Min != nil && r.Max != nil:
			parts = append(parts, f(r.Min)+"–"+f(r.Max))
		case r.Min != nil:
			parts = append(parts, f(r.Min)+" and up")
		default:
			parts = append(parts, "up to "+strings.TrimPrefix(formatRange(search.Range{Max: r.Max}), ".."))
		}
	}
	if none {
		parts = append(parts, "no score")
	}
	return strings.Join(parts, " or ")
}

// dateLabel writes a date filter: a year, a month, or a range of days.
func dateLabel(d search.DateRange) string {
	switch {
	case d.From.IsZero():
		return "until " + d.To.Format("2 Jan 2006")
	case d.To.IsZero():
		return "from " + d.From.Format("2 Jan 2006")
	case d.From.Month() == time.January && d.From.Day() == 1 && d.To.Equal(d.From.AddDate(1, 0, -1)):
		return d.From.Format("2006")
	case d.From.Day() == 1 && d.To.Equal(d.From.AddDate(0, 1, -1)):
		return d.From.Format("January 2006")
	}
	return d.From.Format("2 Jan 2006") + " – " + d.To.Format("2 Jan 2006")
}

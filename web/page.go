package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// searchPage is the view of the search page, its results fragment and the
// iframe embed.
type searchPage struct {
	pageBase
	Req  search.Request
	Resp *search.Response
	// Query is the query text as given, the search box's value: Req.Query
	// unless Normalize cut it (Req.Cut).
	Query  string
	Error  string // a bad parameter, shown above the results
	Active bool   // a search was run
	// Compact is the iframe embed: no sidebar, links open in a new tab.
	Compact bool
	// Path is the page the form submits to; Partial the fragment URL the
	// script fetches.
	Path    string
	Partial string
	// Extra are parameters every link keeps (the embed's presets and theme).
	Extra  url.Values
	Hidden []hidden

	Count      string
	Hits       []hitView
	Chips      []chip      // the active filters, each removable (chips.go)
	Examples   []example   // the welcome page's searches, drawn from the index
	ClearAll   string      // the search without any filter
	Terms      []termFacet // outlet, then film; each shown only with values
	Bands      []facetView
	Years      []facetView
	ClearYear  string
	Sorts      []facetView
	Pages      []pageLink
	Prev, Next string

	// Film is the card of the film the query names, shown above the
	// results; nil when it names none.
	Film *filmPage

	Suggestion    string
	SuggestionURL string
	ExactURL      string // the search as typed, without typo tolerance

	// Missing names the shards of a clustered index that did not answer
	// (search.Response.Missing); empty when the whole index answered.
	Missing string
}

// hidden is a hidden form input.
type hidden struct{ Name, Value string }

// active reports whether req asks for anything: a query or a filter.
func active(req search.Request) bool {
	f := req.Filter
	return req.Query != "" || len(f.Outlets)+len(f.Kinds)+len(f.Works)+len(f.Authors) > 0 ||
		!f.Score.IsZero() || f.NoScore || !f.Date.IsZero()
}

// runSearch parses the request in r, runs it and lays out the view. A bad
// parameter is returned as an error; a failed search too.
func (s *server) runSearch(r *http.Request, v url.Values, p *searchPage) (err error) {
	defer func() { p.hiddenInputs(refusedParam(err)) }()
	req, err := parseRequest(v)
	p.Req, p.Query = req, req.Query
	if req.Cut != nil {
		p.Query = req.Cut.Text
	}
	if err != nil {
		return err
	}
	p.Sorts = sortViews(req.Sort)
	if !active(req) {
		if !p.Compact {
			p.Examples = s.examples(r.Context())
		}
		return nil
	}
	resp, err := s.search(r.Context(), req)
	if err != nil {
		return err
	}
	p.Active, p.Resp = true, resp
	p.Count = countText(req, resp)
	p.Missing = strings.Join(resp.Missing, ", ")
	filmLinks := s.films != nil
	for _, h := range resp.Hits {
		v := newHitView(h)
		if filmLinks {
			// Without the film list (a cluster with a shard down cannot
			// count films), the hits go without links to their films.
			if v.FilmURL, err = s.films.URL(r.Context(), h.Work); err != nil {
				s.logger.Warn("film links left out", "error", err)
				filmLinks, v.FilmURL = false, ""
			}
		}
		p.Hits = append(p.Hits, v)
	}
	if !p.Compact && p.Req.Page <= 1 {
		p.Film = s.filmCard(r, req.Query)
	}
	p.layoutFacets()
	p.Chips, p.ClearAll = p.chips()
	p.Pages, p.Prev, p.Next = pager(p.Path, req, resp.Total, p.Extra)
	if resp.Suggestion != "" && resp.Suggestion != req.Query {
		sr := req
		sr.Query, sr.Page = resp.Suggestion, 1
		p.Suggestion, p.SuggestionURL = resp.Suggestion, withParams(p.Path, sr, p.Extra)
		ex := req
		ex.Page, ex.Exact = 1, true
		p.ExactURL = withParams(p.Path, ex, p.Extra)
	}
	return nil
}

// termFacet is a keyword facet in the sidebar: its ticked and counted
// values, and the link that lists all of them.
type termFacet struct {
	Class, Legend string // "outlets", "Outlet"
	Param         string // the URL parameter: "outlet"
	One, Many     string // "an outlet", "outlets"
	Values        []facetView
	More          facetMore
}

// facetMore is a keyword facet's "Show all" link, and whether it is
// listed whole (then the page offers a box to filter it).
type facetMore struct {
	Total  int
	URL    string
	Listed bool
}

// termViews lays out a keyword facet: the ticked values first (kept even
// with no hits, so they can be unticked), then the others with hits.
func termViews(counts []search.TermCount, ticked []string) []facetView {
	var sel, rest []facetView
	seen := map[string]bool{}
	for _, c := range counts {
		seen[c.Value] = true
		v := facetView{Label: c.Value, Value: c.Value, Count: c.Count, Selected: c.Selected || slices.Contains(ticked, c.Value)}
		switch {
		case v.Selected:
			sel = append(sel, v)
		case c.Count > 0:
			rest = append(rest, v)
		}
	}
	for _, t := range ticked {
		if !seen[t] {
			sel = append(sel, facetView{Label: t, Value: t, Selected: true})
		}
	}
	return append(sel, rest...)
}

// layoutFacets turns the response's facets into sidebar entries.
func (p *searchPage) layoutFacets() {
	req, resp := p.Req, p.Resp
	term := func(f termFacet, counts []search.TermCount, ticked []string, total int) {
		f.Values = termViews(counts, ticked)
		if len(f.Values) == 0 {
			return
		}
		f.More = facetMore{Total: total, Listed: req.All == f.Param}
		if total > len(f.Values) && !f.More.Listed {
			all := req
			all.All = f.Param
			f.More.URL = withParams(p.Path, all, p.Extra)
		}
		p.Terms = append(p.Terms, f)
	}
	term(termFacet{Class: "outlets", Legend: "Outlet", Param: "outlet", One: "an outlet", Many: "outlets"},
		resp.Facets.Outlet, req.Filter.Outlets, resp.Facets.OutletCount)
	term(termFacet{Class: "works", Legend: "Film", Param: "work", One: "a film", Many: "films"},
		resp.Facets.Work, req.Filter.Works, resp.Facets.WorkCount)
	bands := resp.Facets.Score
	if len(bands) == 0 {
		bands = search.ScoreBands
	}
	for _, b := range bands {
		sel := b.Selected || bandSelected(req, b)
		if b.Count == 0 && !sel && len(resp.Facets.Score) > 0 {
			continue // only a ticked band is shown with nothing in it
		}
		p.Bands = append(p.Bands, facetView{
			Label: b.Label, Value: bandValue(b), Count: b.Count,
			Selected: sel, Band: b.Class,
		})
	}
	for _, d := range resp.Facets.Date {
		yr := req
		yr.Page = 1
		yr.Filter.Date = search.DateRange{From: d.From, To: d.To}
		sel := d.Selected || (req.Filter.Date.From.Equal(d.From) && req.Filter.Date.To.Equal(d.To))
		p.Years = append(p.Years, facetView{Label: d.Label, Count: d.Count, Selected: sel, URL: withParams(p.Path, yr, p.Extra)})
	}
	if !req.Filter.Date.IsZero() {
		clr := req
		clr.Page = 1
		clr.Filter.Date = search.DateRange{}
		p.ClearYear = withParams(p.Path, clr, p.Extra)
	}
}

func sortViews(cur search.Sort) []facetView {
	labels := map[search.Sort]string{
		search.SortRelevance: "Best match", search.SortNewest: "Newest", search.SortOldest: "Oldest",
		search.SortScore: "Highest score", search.SortHelpful: "Most helpful",
	}
	var out []facetView
	for _, so := range search.Sorts() {
		out = append(out, facetView{Label: labels[so], Value: string(so), Selected: so == cur || cur == "" && so == search.SortRelevance})
	}
	return out
}

// hiddenInputs are the parameters the form keeps that no control shows
// (prefix=1 too: a filter ticked after typing "docum" keeps the search
// that showed the results being filtered), written as links write them (encodeRequest: defaults left out), so the
// next search asks for what this one did. A parameter the server refused
// (refused, from an *search.InvalidError) is left out: kept, it would
// refuse every search after it.
func (p *searchPage) hiddenInputs(refused string) {
	names := []string{"kind", "from", "to", "size", "prefix"}
	if p.Compact { // the embed has no sidebar: keep its preset films and filters
		names = append(names, "work", "outlet", "score")
	}
	v := encodeRequest(p.Req)
	for _, name := range names {
		if name == refused {
			continue
		}
		for _, val := range v[name] {
			p.Hidden = append(p.Hidden, hidden{name, val})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.Extra)) {
		for _, val := range p.Extra[k] {
			p.Hidden = append(p.Hidden, hidden{k, val})
		}
	}
}

// refusedParam names the parameter err refuses, "" when err is not an
// *search.InvalidError.
func refusedParam(err error) string {
	var inv *search.InvalidError
	if errors.As(err, &inv) {
		return inv.Param
	}
	return ""
}

// page serves the search page, GET /.
func (s *server) page(w http.ResponseWriter, r *http.Request) {
	p := &searchPage{pageBase: s.base(r, "pullquote"), Path: "/", Partial: "/partials/results"}
	status := http.StatusOK
	if err := s.runSearch(r, r.URL.Query(), p); err != nil {
		status, p.Error = s.failed(w, r, err)
	}
	if p.Query != "" {
		p.Title = p.Query + " — pullquote"
	}
	s.render(w, r, status, "index.html", p)
}

// partial serves the results fragment the page's script swaps in.
func (s *server) partial(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := &searchPage{pageBase: s.base(r, ""), Path: "/", Partial: "/partials/results"}
	if v.Get("compact") == "1" {
		p.Compact, p.Path = true, "/embed"
		p.Extra = embedExtra(v)
	}
	status := http.StatusOK
	if err := s.runSearch(r, v, p); err != nil {
		status, p.Error = s.failed(w, r, err)
	}
	s.render(w, r, status, "results.html", p)
}

// reviewPage serves a whole review, GET /reviews/{id}.
func (s *server) reviewPage(w http.ResponseWriter, r *http.Request) {
	rev, err := s.review(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	title := rev.Work
	if rev.Title != "" {
		title = rev.Title + " — " + rev.Work
	}
	s.render(w, r, http.StatusOK, "review.html", reviewPage{
		pageBase: s.base(r, title),
		Review:   rev,
		Hit:      newHitView(hitOf(rev)),
	})
}

// reviewPage is the view of review.html.
type reviewPage struct {
	pageBase
	Review *corpus.Review
	Hit    hitView // the review's fields formatted as for a hit
}

// hitOf puts a review's fields in a Hit, for formatting.
func hitOf(r *corpus.Review) search.Hit {
	return search.Hit{
		ReviewID: r.ID, Work: r.Work, Site: r.Site, Outlet: r.Outlet, Author: r.Author,
		Kind: string(r.Kind), Title: r.Title, Date: r.Date, Score: r.Score,
		Helpful: r.Helpful, Spoiler: r.Spoiler, URL: r.URL,
	}
}

package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/film"
)

// errNoFilms answers the film routes over a searcher that lists no films.
var errNoFilms = fmt.Errorf("this index lists no films: %w", search.ErrNotFound)

// parseFilmList reads a film list request from URL parameters.
func parseFilmList(v url.Values) (film.ListRequest, error) {
	var req film.ListRequest
	var err error
	if req.Query, err = single(v, "q"); err != nil {
		return req, err
	}
	if req.Sort, err = single(v, "sort"); err != nil {
		return req, err
	}
	if req.Page, err = number(v, "page"); err != nil {
		return req, err
	}
	if req.Size, err = number(v, "size"); err != nil {
		return req, err
	}
	return req, nil
}

// apiFilms serves GET /api/films.
func (s *server) apiFilms(w http.ResponseWriter, r *http.Request) {
	list, err := s.filmList(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// apiFilm serves GET /api/films/{slug}.
func (s *server) apiFilm(w http.ResponseWriter, r *http.Request) {
	f, err := s.film(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

func (s *server) filmList(r *http.Request) (*film.List, error) {
	if s.films == nil {
		return nil, errNoFilms
	}
	req, err := parseFilmList(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.films.List(r.Context(), req)
}

// film fetches the film named by the {slug} route variable (a slug, or a
// film's name).
func (s *server) film(r *http.Request) (*film.Film, error) {
	if s.films == nil {
		return nil, errNoFilms
	}
	slug := mux.Vars(r)["slug"]
	if err := search.CheckValue("slug", slug); err != nil {
		return nil, err
	}
	return s.films.Get(r.Context(), slug)
}

// filmsPage is the view of films.html.
type filmsPage struct {
	pageBase
	Query      string
	Sorts      []facetView
	Count      string
	Films      []filmRow
	Error      string
	Prev, Next string
}

// filmRow is one film in the list.
type filmRow struct {
	film.Summary
	Mean  string // "78", "" when unscored
	Band  string
	Dates string // "1995–2024"
	Kinds string // "13 critic, 12 user, 3 article reviews"
}

// filmsListPage serves GET /films.
func (s *server) filmsListPage(w http.ResponseWriter, r *http.Request) {
	p := &filmsPage{pageBase: s.base(r, "Films — pullquote")}
	v := r.URL.Query()
	p.Query = v.Get("q")
	list, err := s.filmList(r)
	status := http.StatusOK
	if err != nil {
		status, p.Error = s.failed(w, r, err)
		p.Sorts = filmSorts(film.SortReviews)
		s.render(w, r, status, "films.html", p)
		return
	}
	p.Sorts = filmSorts(list.Sort)
	p.Count = strconv.Itoa(list.Total) + " " + plural(list.Total, "film", "films")
	if list.Query != "" {
		p.Count += " named “" + list.Query + "”"
	}
	for _, f := range list.Films {
		p.Films = append(p.Films, newFilmRow(f))
	}
	at := func(page int) string {
		q := url.Values{}
		if list.Query != "" {
			q.Set("q", list.Query)
		}
		if list.Sort != film.SortReviews {
			q.Set("sort", list.Sort)
		}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		if len(q) == 0 {
			return "/films"
		}
		return "/films?" + q.Encode()
	}
	if list.Page > 1 {
		p.Prev = at(list.Page - 1)
	}
	if list.Page*list.Size < list.Total {
		p.Next = at(list.Page + 1)
	}
	s.render(w, r, status, "films.html", p)
}

func filmSorts(cur string) []facetView {
	labels := map[string]string{film.SortReviews: "Most reviewed", film.SortScore: "Best scored", film.SortNewest: "Newest", film.SortName: "Name"}
	var out []facetView
	for _, so := range film.Sorts() {
		out = append(out, facetView{Label: labels[so], Value: so, Selected: so == cur})
	}
	return out
}

func newFilmRow(f film.Summary) filmRow {
	row := filmRow{Summary: f, Band: "none"}
	if f.MeanScore != nil {
		row.Mean = strconv.FormatFloat(math.Round(*f.MeanScore), 'f', 0, 64)
		row.Band = band(&corpus.Score{Value: *f.MeanScore})
	}
	if f.First != nil {
		row.Dates = (*f.First)[:4]
		if last := (*f.Last)[:4]; last != row.Dates {
			row.Dates += "–" + last
		}
	}
	var kinds []string
	for _, k := range search.Kinds() {
		if n := f.ByKind[k]; n > 0 {
			kinds = append(kinds, strconv.Itoa(n)+" "+k)
		}
	}
	row.Kinds = strings.Join(kinds, ", ") + " " + plural(f.Reviews, "review", "reviews")
	return row
}

// filmPage is the view of film.html.
type filmPage struct {
	pageBase
	Film      *film.Film
	Row       filmRow
	Stated    []statedView
	Counted   countedView
	Chart     chart
	Quotes    []quoteView
	SearchURL string // a search restricted to the film
}

// statedView is one aggregate as its page stated it.
type statedView struct {
	film.Aggregate
	Band  string
	Based string // "based on 28 critics"
	Dist  string // "Positive: 24 out of 28 · Negative: 0 out of 28"
	OutOf string // "/100", "/10"
}

// countedView is what the index counts, formatted.
type countedView struct {
	film.Counted
	Mean, Median string
	Band         string
	Sites        []string // "13 critic reviews on Metacritic"
	Years        string   // "2012 (20), 2013 (8)"
}

// quoteView is one quotable line.
type quoteView struct {
	film.Quote
	Credit  string // "Ty Burr, Boston Globe"
	Copy    string // what the copy button copies
	Reasons string
}

// filmDetailPage serves GET /films/{slug}.
func (s *server) filmDetailPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.film(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if mux.Vars(r)["slug"] != f.Slug { // a name: send to the film's own address
		http.Redirect(w, r, f.URL, http.StatusMovedPermanently)
		return
	}
	p := newFilmPage(f)
	p.pageBase = s.base(r, f.Work+" — pullquote")
	p.Chart = newChart(f.Work, f.Counted.Histogram)
	for _, q := range f.Quotes {
		p.Quotes = append(p.Quotes, newQuoteView(q))
	}
	s.render(w, r, http.StatusOK, "film.html", p)
}

func statedViews(aggs []film.Aggregate) []statedView {
	var out []statedView
	for _, a := range aggs {
		v := statedView{Aggregate: a, Band: band(&corpus.Score{Value: a.Normalised})}
		if a.Count > 0 {
			v.Based = "based on " + strconv.Itoa(a.Count) + " " + a.Unit
		}
		var dist []string
		for _, d := range a.Distribution {
			dist = append(dist, fmt.Sprintf("%s: %d out of %d", d.Label, d.Count, d.Of))
		}
		v.Dist = strings.Join(dist, " · ")
		switch a.Scale {
		case "100", "10", "5", "4":
			v.OutOf = "/" + a.Scale
		}
		out = append(out, v)
	}
	return out
}

func newCountedView(c film.Counted) countedView {
	v := countedView{Counted: c, Band: "none"}
	if c.Mean != nil {
		v.Mean = strconv.FormatFloat(*c.Mean, 'f', -1, 64)
		v.Median = strconv.FormatFloat(*c.Median, 'f', -1, 64)
		v.Band = band(&corpus.Score{Value: *c.Mean})
	}
	for _, sk := range c.BySite {
		v.Sites = append(v.Sites, fmt.Sprintf("%d %s %s on %s", sk.Reviews, sk.Kind, plural(sk.Reviews, "review", "reviews"), sk.Site))
	}
	var years []string
	for _, y := range c.Years {
		years = append(years, fmt.Sprintf("%d (%d)", y.Year, y.Reviews))
	}
	v.Years = strings.Join(years, ", ")
	return v
}

func newQuoteView(q film.Quote) quoteView {
	v := quoteView{Quote: q, Credit: strings.Join(search.Credit(q.Author, q.Outlet), ", "), Reasons: strings.Join(q.Quotability.Reasons, "; ")}
	v.Copy = "“" + q.Text + "”"
	if v.Credit != "" {
		v.Copy += " — " + v.Credit
	}
	if q.Date != nil {
		if d, err := time.Parse(time.DateOnly, *q.Date); err == nil {
			v.Copy += " (" + d.Format("2 January 2006") + ")"
		}
	}
	return v
}

// chart is the score histogram as an inline SVG bar chart: drawn on the
// server, with a title and a description, and the same numbers as a
// table for screen readers.
type chart struct {
	Title, Desc   string
	Width, Height int
	Base          int // the y of the bars' baseline
	LabelY        int // the y of the bins' labels
	Bars          []bar
	Max           int
}

// bar is one bin of the chart.
type bar struct {
	film.Bin
	X, Y, W, H  int
	LabelX      int
	Band        string
	CountY      int
	ShowCount   bool
	ShortLabel  string
	Description string
}

func newChart(work string, bins []film.Bin) chart {
	const (
		w, h   = 560, 220
		left   = 8
		bottom = 28
		top    = 22
		gap    = 6
	)
	c := chart{Title: "Scores of " + work + " in the index", Width: w, Height: h, Base: h - bottom, LabelY: h - 8}
	total := 0
	for _, b := range bins {
		c.Max = max(c.Max, b.Reviews)
		total += b.Reviews
	}
	c.Desc = fmt.Sprintf("A bar chart of %d scored %s in ten-point bins, from 0–9 on the left to 90–100 on the right.", total, plural(total, "review", "reviews"))
	step := (w - 2*left) / max(len(bins), 1)
	for i, b := range bins {
		bh := 0
		if c.Max > 0 {
			bh = int(math.Round(float64(b.Reviews) / float64(c.Max) * float64(h-bottom-top)))
		}
		if b.Reviews > 0 && bh < 2 {
			bh = 2
		}
		x := left + i*step
		c.Bars = append(c.Bars, bar{
			Bin: b, X: x + gap/2, W: step - gap, Y: c.Base - bh, H: bh,
			LabelX: x + step/2, CountY: c.Base - bh - 6, ShowCount: b.Reviews > 0,
			Band: band(&corpus.Score{Value: b.From}), ShortLabel: strconv.Itoa(int(b.From)),
			Description: fmt.Sprintf("%s: %d %s", b.Label, b.Reviews, plural(b.Reviews, "review", "reviews")),
		})
	}
	return c
}

// filmCard returns the card of the film a search's query names, nil when
// it names none.
func (s *server) filmCard(r *http.Request, query string) *filmPage {
	if s.films == nil || query == "" {
		return nil
	}
	f, err := s.films.Match(r.Context(), query)
	if err != nil {
		s.logger.Warn("film card left out", "query", query, "error", err)
	}
	if f == nil {
		return nil
	}
	return newFilmPage(f)
}

// newFilmPage lays out what a film's page and its card share: its head,
// the stated scores, the counts and the search of its reviews.
func newFilmPage(f *film.Film) *filmPage {
	return &filmPage{Film: f, Row: newFilmRow(f.Summary), Stated: statedViews(f.Aggregates), Counted: newCountedView(f.Counted),
		SearchURL: withParams("/", search.Request{Filter: search.Filter{Works: []string{f.Work}}}, nil)}
}

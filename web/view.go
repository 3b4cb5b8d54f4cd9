package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// funcs are the template helpers.
var funcs = template.FuncMap{
	"asset": assetURL,
	// The inputs' limits are the server's (search.Request.Normalize).
	"maxQuery": func() int { return search.MaxQueryRunes },
	"maxValue": func() int { return search.MaxValueRunes },
	"dec":      func(n int) int { return n - 1 },
	"plural":   plural,
}

// plural is one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// hitView is one hit as the page shows it.
type hitView struct {
	search.Hit
	// Fragment is Hit.Highlight as trusted HTML. This is safe only because
	// the index HTML-escapes the paragraph text before inserting <mark>
	// tags (see search.Hit.Highlight); nothing else is ever marked safe.
	Fragment  template.HTML
	DateText  string // "27 Jun 2008", "" when unknown
	DateISO   string // "2008-06-27"
	ScoreText string // "90", "" when unknown
	ScoreRaw  string // the score as the review wrote it
	Band      string // CSS class of the score band: great, good, mixed, poor, none
	Helpful   string // "12 of 15 found this helpful"
	ReviewURL string // the whole review, scrolled to the paragraph
	Quote     string // what "Copy quote" copies
	CheckURL  string // the pull-quote check of the fragment, attributed
	FilmURL   string // the film's page, "" when there is none
}

// checkURL is the /check page for a hit's fragment as a blurb
// (search.Hit.Blurb).
func checkURL(h search.Hit) string {
	return "/check?" + url.Values{"q": {h.Blurb()}}.Encode()
}

// band is the colour class of a score's band (search.ScoreBands).
func band(s *corpus.Score) string {
	if s == nil {
		return search.BandFor(nil).Class
	}
	return search.BandFor(&s.Value).Class
}

func newHitView(h search.Hit) hitView {
	v := hitView{
		Hit:       h,
		Fragment:  template.HTML(h.Highlight), // trusted: escaped by the index, see hitView.Fragment
		Band:      band(h.Score),
		ReviewURL: search.ReviewPath(h.ReviewID, h.Paragraph),
		Quote:     h.CreditLine(),
		CheckURL:  checkURL(h),
	}
	if h.Highlight == "" {
		v.Fragment = template.HTML(template.HTMLEscapeString(h.Text))
	}
	if !h.Date.IsZero() {
		v.DateText = h.Date.Format(search.DateLayout)
		v.DateISO = h.Date.Format(time.DateOnly)
	}
	if h.Score != nil {
		v.ScoreText = strconv.FormatFloat(h.Score.Value, 'f', 0, 64)
		v.ScoreRaw = h.Score.Raw
	}
	if h.Helpful != nil && h.Helpful.Total > 0 {
		v.Helpful = fmt.Sprintf("%d of %d found this helpful", h.Helpful.Yes, h.Helpful.Total)
	}
	return v
}

// facetView is one checkbox or link of the facet sidebar.
type facetView struct {
	Label    string
	Value    string // the form value (outlet name, score range)
	Count    int
	Selected bool
	URL      string // for link facets (years): the search with it toggled
	Band     string // score band class
}

// pageLink is one link of the pager.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis instead of a link
}

// withParams is the URL path with req's parameters.
func withParams(path string, req search.Request, extra url.Values) string {
	v := encodeRequest(req)
	for k, vals := range extra {
		v[k] = vals
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// pager lays out the page links around the current page.
func pager(path string, req search.Request, total uint64, extra url.Values) (links []pageLink, prev, next string) {
	size := req.Size
	if size <= 0 {
		size = search.DefaultSize
	}
	last := int((total + uint64(size) - 1) / uint64(size))
	last = min(last, search.MaxDepth/size, search.MaxPage)
	if last <= 1 {
		return nil, "", ""
	}
	at := func(n int) string {
		r := req
		r.Page = n
		return withParams(path, r, extra)
	}
	cur := req.Page
	gap := false
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= cur-2 && n <= cur+2) {
			links = append(links, pageLink{N: n, URL: at(n), Current: n == cur})
			gap = false
		} else if !gap {
			links = append(links, pageLink{Gap: true})
			gap = true
		}
	}
	if cur > 1 {
		prev = at(cur - 1)
	}
	if cur < last {
		next = at(cur + 1)
	}
	return links, prev, next
}

// bandValue is the form value that selects band b.
func bandValue(b search.ScoreBand) string {
	if b.Missing {
		return "none"
	}
	lo, hi := b.Min, b.Max
	return formatRange(search.Range{Min: &lo, Max: &hi})
}

// bandSelected reports whether req's score filter covers band b.
func bandSelected(req search.Request, b search.ScoreBand) bool {
	if b.Missing {
		return req.Filter.NoScore
	}
	r := req.Filter.Score
	if r.IsZero() {
		return false
	}
	return (r.Min == nil || *r.Min <= b.Min) && (r.Max == nil || *r.Max >= b.Max)
}

// countText is the result count sentence announced to screen readers.
func countText(req search.Request, resp *search.Response) string {
	if resp == nil {
		return ""
	}
	n := resp.Total
	word := "results"
	if n == 1 {
		word = "result"
	}
	s := fmt.Sprintf("%d %s", n, word)
	if q := req.Query; q != "" {
		if r, _ := utf8.DecodeRuneInString(q); strings.ContainsRune(`"“`, r) {
			s += " for " + q // already in quotes: a phrase
		} else {
			s += " for “" + q + "”"
		}
	}
	if resp.AnyWords && n > 0 {
		s += " (matching any of the words)"
	}
	return s
}

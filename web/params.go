package web

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/search"
)

// maxRawQuery bounds the whole query string of a request, in bytes: an
// HTTP limit, checked before parsing. What a search may ask for is checked
// by search.Request.Normalize.
const maxRawQuery = 8192

// invalid returns a *search.InvalidError for param.
func invalid(param, format string, args ...any) error {
	return &search.InvalidError{Param: param, Reason: fmt.Sprintf(format, args...)}
}

// parseRequest turns URL parameters into a normalized search request
// (search.Request.Normalize). The HTML page, its fragments, the iframe
// embed and /api/search all parse through it. Unknown parameters are
// ignored so that tracking tags do not break links.
func parseRequest(v url.Values) (search.Request, error) {
	req := search.Request{Highlight: true}

	q, err := single(v, "q")
	if err != nil {
		return req, err
	}
	req.Query = strings.TrimSpace(q)
	// prefix=1: the page's and the widget's requests while the person
	// types; anything else searches whole words.
	req.Prefix = v.Get("prefix") == "1"
	req.Exact = v.Get("exact") == "1" // "search instead for" what was typed
	if req.All, err = single(v, "all"); err != nil {
		return req, err
	}
	req.Filter.Outlets, req.Filter.Kinds, req.Filter.Works = v["outlet"], v["kind"], v["work"]
	if req.Filter.Score, req.Filter.NoScore, err = parseScores(v["score"]); err != nil {
		return req, err
	}
	if req.Filter.Date.From, err = day(v, "from"); err != nil {
		return req, err
	}
	if req.Filter.Date.To, err = day(v, "to"); err != nil {
		return req, err
	}
	s, err := single(v, "sort")
	if err != nil {
		return req, err
	}
	req.Sort = search.Sort(s)
	if req.Page, err = number(v, "page"); err != nil {
		return req, err
	}
	if req.Size, err = number(v, "size"); err != nil {
		return req, err
	}
	return req.Normalize()
}

// single returns the one value of param, "" when absent.
func single(v url.Values, param string) (string, error) {
	vals := v[param]
	switch len(vals) {
	case 0:
		return "", nil
	case 1:
		return vals[0], nil
	}
	return "", invalid(param, "given %d times, at most once allowed", len(vals))
}

// number parses a counting param (page, size), 0 when absent or empty
// (Normalize's default); its upper bound is Normalize's.
func number(v url.Values, param string) (int, error) {
	s, err := single(v, param)
	if err != nil || s == "" {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, invalid(param, "%q is not a whole number from 1", s)
	}
	return n, nil
}

// day parses a YYYY-MM-DD param; zero when absent or empty.
func day(v url.Values, param string) (time.Time, error) {
	s, err := single(v, param)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := search.ParseDay(s)
	if err != nil {
		return time.Time{}, renamed(err, param)
	}
	return t, nil
}

// parseScores reads the score values: each a range MIN..MAX (either side may
// be left open; see parseScoreRange) or "none" for reviews without a score. Several ranges are joined into the smallest range holding
// them all, so ticking two adjacent bands selects both.
func parseScores(vals []string) (search.Range, bool, error) {
	var r search.Range
	none, any, openLo, openHi := false, false, false, false
	for _, s := range vals {
		if s == "none" {
			none = true
			continue
		}
		one, err := parseScoreRange(s)
		if err != nil {
			return r, false, err
		}
		any = true
		if one.Min == nil {
			openLo = true
		} else if r.Min == nil || *one.Min < *r.Min {
			r.Min = one.Min
		}
		if one.Max == nil {
			openHi = true
		} else if r.Max == nil || *one.Max > *r.Max {
			r.Max = one.Max
		}
	}
	if !any || openLo {
		r.Min = nil
	}
	if !any || openHi {
		r.Max = nil
	}
	return r, none, nil
}

// parseScoreRange parses one score value with the query language's range
// syntax (search.ParseScoreRange): 80..100, 80.., ..39, >=80, 90.
func parseScoreRange(s string) (search.Range, error) {
	r, err := search.ParseScoreRange(s)
	if err != nil {
		return r, renamed(err, "score")
	}
	return r, nil
}

// renamed sets the parameter name of an *search.InvalidError.
func renamed(err error, param string) error {
	var inv *search.InvalidError
	if errors.As(err, &inv) {
		return &search.InvalidError{Param: param, Reason: inv.Reason}
	}
	return invalid(param, "%v", err)
}

// encodeRequest is parseRequest's inverse: the URL parameters that ask for
// req, with defaults left out, for shareable links.
func encodeRequest(req search.Request) url.Values {
	v := url.Values{}
	if req.Cut != nil {
		v.Set("q", req.Cut.Text) // parsed, it is cut the same way again
	} else if req.Query != "" {
		v.Set("q", req.Query)
	}
	for _, o := range req.Filter.Outlets {
		v.Add("outlet", o)
	}
	for _, k := range req.Filter.Kinds {
		v.Add("kind", k)
	}
	for _, w := range req.Filter.Works {
		v.Add("work", w)
	}
	if s := formatRange(req.Filter.Score); s != "" {
		v.Add("score", s)
	}
	if req.Filter.NoScore {
		v.Add("score", "none")
	}
	if !req.Filter.Date.From.IsZero() {
		v.Set("from", req.Filter.Date.From.Format(time.DateOnly))
	}
	if !req.Filter.Date.To.IsZero() {
		v.Set("to", req.Filter.Date.To.Format(time.DateOnly))
	}
	if req.Sort != "" {
		v.Set("sort", string(req.Sort))
	}
	if req.Prefix {
		v.Set("prefix", "1")
	}
	if req.Exact {
		v.Set("exact", "1")
	}
	if req.All != "" {
		v.Set("all", req.All)
	}
	if req.Page > 1 {
		v.Set("page", strconv.Itoa(req.Page))
	}
	if req.Size != 0 && req.Size != search.DefaultSize {
		v.Set("size", strconv.Itoa(req.Size))
	}
	return v
}

// formatRange writes r as MIN..MAX, "" when unbounded.
func formatRange(r search.Range) string {
	if r.IsZero() {
		return ""
	}
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return f(r.Min) + ".." + f(r.Max)
}

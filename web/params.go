package web

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pullquote/pullquote/search"
)

// Limits on what a search URL may ask for. They keep one request cheap; a
// request past them gets a 400 naming the parameter.
const (
	maxQueryRunes  = 500  // q
	maxValues      = 20   // values of one repeatable parameter
	maxValueRunes  = 200  // one outlet, kind or work
	maxRawQuery    = 8192 // the whole query string, in bytes
	defaultSize    = 10
	maxSize        = 50
	maxPage        = 500
	maxResultDepth = 10000 // page*size
	// minYear and maxYear bound from and to: the index stores dates as
	// nanoseconds since 1970, which reach 1677–2262.
	minYear = 1800
	maxYear = 2200
)

// sorts are the accepted values of the sort parameter.
var sorts = []search.Sort{search.SortRelevance, search.SortNewest, search.SortOldest, search.SortScore, search.SortHelpful}

// invalid returns a *search.InvalidError for param.
func invalid(param, format string, args ...any) error {
	return &search.InvalidError{Param: param, Reason: fmt.Sprintf(format, args...)}
}

// parseRequest turns URL parameters into a search request. The HTML page,
// its fragments, the iframe embed and /api/search all parse through it.
// Unknown parameters are ignored so that tracking tags do not break links.
func parseRequest(v url.Values) (search.Request, error) {
	// Sort stays empty unless given: the searcher picks relevance for a
	// query and newest first for browsing.
	req := search.Request{Highlight: true, Page: 1, Size: defaultSize}

	q, err := single(v, "q")
	if err != nil {
		return req, err
	}
	if n := utf8.RuneCountInString(q); n > maxQueryRunes {
		return req, invalid("q", "%d characters, at most %d allowed", n, maxQueryRunes)
	}
	if !utf8.ValidString(q) {
		return req, invalid("q", "not valid UTF-8")
	}
	req.Query = strings.TrimSpace(q)

	if req.Filter.Outlets, err = list(v, "outlet"); err != nil {
		return req, err
	}
	if req.Filter.Kinds, err = list(v, "kind"); err != nil {
		return req, err
	}
	for _, k := range req.Filter.Kinds {
		if k != "critic" && k != "user" && k != "article" {
			return req, invalid("kind", "%q is not one of critic, user, article", k)
		}
	}
	if req.Filter.Works, err = list(v, "work"); err != nil {
		return req, err
	}

	scores, err := list(v, "score")
	if err != nil {
		return req, err
	}
	if req.Filter.Score, req.Filter.NoScore, err = parseScores(scores); err != nil {
		return req, err
	}

	if req.Filter.Date.From, err = day(v, "from"); err != nil {
		return req, err
	}
	if req.Filter.Date.To, err = day(v, "to"); err != nil {
		return req, err
	}
	if d := req.Filter.Date; !d.From.IsZero() && !d.To.IsZero() && d.To.Before(d.From) {
		return req, invalid("to", "%s is before from %s", d.To.Format(time.DateOnly), d.From.Format(time.DateOnly))
	}

	s, err := single(v, "sort")
	if err != nil {
		return req, err
	}
	if s != "" {
		req.Sort = ""
		for _, ok := range sorts {
			if string(ok) == s {
				req.Sort = ok
			}
		}
		if req.Sort == "" {
			return req, invalid("sort", "%q is not one of relevance, newest, oldest, score, helpful", s)
		}
	}

	if req.Page, err = number(v, "page", 1, maxPage, 1); err != nil {
		return req, err
	}
	if req.Size, err = number(v, "size", 1, maxSize, defaultSize); err != nil {
		return req, err
	}
	if req.Page*req.Size > maxResultDepth {
		return req, invalid("page", "page %d of size %d is past the first %d results", req.Page, req.Size, maxResultDepth)
	}
	return req, nil
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

// list returns the non-empty values of a repeatable param, deduplicated.
func list(v url.Values, param string) ([]string, error) {
	vals := v[param]
	if len(vals) > maxValues {
		return nil, invalid(param, "given %d times, at most %d allowed", len(vals), maxValues)
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range vals {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		if !utf8.ValidString(s) {
			return nil, invalid(param, "not valid UTF-8")
		}
		if n := utf8.RuneCountInString(s); n > maxValueRunes {
			return nil, invalid(param, "value of %d characters, at most %d allowed", n, maxValueRunes)
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, nil
}

// number parses an integer param in [lo, hi], def when absent or empty.
func number(v url.Values, param string, lo, hi, def int) (int, error) {
	s, err := single(v, param)
	if err != nil || s == "" {
		return def, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, invalid(param, "%q is not a whole number", s)
	}
	if n < lo || n > hi {
		return 0, invalid(param, "%d is not between %d and %d", n, lo, hi)
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
	if y := t.Year(); y < minYear || y > maxYear {
		return time.Time{}, invalid(param, "%q: year %d is not between %d and %d", s, y, minYear, maxYear)
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
	if req.Query != "" {
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
	if req.Page > 1 {
		v.Set("page", strconv.Itoa(req.Page))
	}
	if req.Size != 0 && req.Size != defaultSize {
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

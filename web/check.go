package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/check"
)

// Limits of the quote check's input.
const (
	// maxCheckBlurbs is how many blurbs one request may check.
	maxCheckBlurbs = 100
	// maxCheckBody bounds a POST /api/check body, in bytes.
	maxCheckBody = 1 << 20
)

// blurbOf reads one blurb from URL parameters: q as people paste it, or
// quote with author, outlet and work given separately (which also override
// what q says).
func blurbOf(v url.Values) (check.Blurb, error) {
	q, quote := strings.TrimSpace(v.Get("q")), strings.TrimSpace(v.Get("quote"))
	var b check.Blurb
	var err error
	switch {
	case q != "":
		b, err = check.ParseBlurb(q)
	case quote != "":
		b, err = check.Blurb{Quote: quote}, nil
	default:
		return b, invalid("q", "give the blurb to check")
	}
	if err != nil {
		return b, err
	}
	if quote != "" {
		b.Quote = quote
	}
	for _, f := range []struct {
		param string
		dst   *string
	}{{"author", &b.Author}, {"outlet", &b.Outlet}, {"work", &b.Work}} {
		if s := strings.TrimSpace(v.Get(f.param)); s != "" {
			if err := search.CheckValue(f.param, s); err != nil {
				return b, err
			}
			*f.dst = s
		}
	}
	return b, nil
}

// apiCheck serves GET /api/check: one blurb, one result.
func (s *server) apiCheck(w http.ResponseWriter, r *http.Request) {
	b, err := blurbOf(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res, err := s.checker.Check(r.Context(), b)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// checkItem is one blurb of a POST /api/check body: a string as people
// paste it, or an object with the parts.
type checkItem struct{ check.Blurb }

func (c *checkItem) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		b, err := check.ParseBlurb(s)
		c.Blurb = b
		return err
	}
	var obj struct {
		Input  string `json:"input"`
		Quote  string `json:"quote"`
		Author string `json:"author"`
		Outlet string `json:"outlet"`
		Work   string `json:"work"`
	}
	if err := json.Unmarshal(data, &obj); err != nil {
		return errors.New("each blurb is a string or an object with quote, author, outlet, work")
	}
	if obj.Input != "" {
		b, err := check.ParseBlurb(obj.Input)
		if err != nil {
			return err
		}
		c.Blurb = b
	}
	if obj.Quote != "" {
		c.Quote = obj.Quote
	}
	for _, f := range []struct{ src, dst *string }{{&obj.Author, &c.Author}, {&obj.Outlet, &c.Outlet}, {&obj.Work, &c.Work}} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	if strings.TrimSpace(c.Quote) == "" {
		return errors.New("a blurb has no quote")
	}
	return nil
}

// apiCheckMany serves POST /api/check: a JSON array of at most
// maxCheckBlurbs blurbs, answered with an array of results in order.
func (s *server) apiCheckMany(w http.ResponseWriter, r *http.Request) {
	var items []json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxCheckBody))
	if err := dec.Decode(&items); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.apiError(w, r, invalid("body", "over %d bytes", maxCheckBody))
			return
		}
		s.apiError(w, r, invalid("body", "want a JSON array of blurbs: %v", err))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		s.apiError(w, r, invalid("body", "want one JSON array and nothing after it"))
		return
	}
	if len(items) == 0 || len(items) > maxCheckBlurbs {
		s.apiError(w, r, invalid("body", "%d blurbs; give 1 to %d a request", len(items), maxCheckBlurbs))
		return
	}
	out := make([]*check.Result, 0, len(items))
	for i, raw := range items {
		var it checkItem
		if err := json.Unmarshal(raw, &it); err != nil {
			var inv *search.InvalidError
			if errors.As(err, &inv) {
				err = inv
			}
			s.apiError(w, r, invalid(fmt.Sprintf("body[%d]", i), "%v", err))
			return
		}
		res, err := s.checker.Check(r.Context(), it.Blurb)
		if err != nil {
			var inv *search.InvalidError
			if errors.As(err, &inv) {
				err = invalid(fmt.Sprintf("body[%d]", i), "%s", inv.Reason)
			}
			s.apiError(w, r, err)
			return
		}
		out = append(out, res)
	}
	writeJSON(w, http.StatusOK, out)
}

// checkPage is the view of check.html.
type checkPage struct {
	pageBase
	Input   string
	Results []checkView
	Error   string
}

// checkView is one result as the page shows it.
type checkView struct {
	*check.Result
	Marked   template.HTML // the quoted sentence(s), escaped by the checker with <mark> around the quote
	ShareURL string        // this one check, as a link
}

// checkPageHandler serves GET /check: a form for one blurb a line and,
// when given, each blurb's result.
func (s *server) checkPageHandler(w http.ResponseWriter, r *http.Request) {
	p := &checkPage{pageBase: s.base(r, "Check a pull quote — pullquote")}
	v := r.URL.Query()
	p.Input = v.Get("q")
	status := http.StatusOK
	lines := []string{}
	for _, l := range strings.Split(p.Input, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > maxCheckBlurbs {
		status, p.Error = s.failed(w, r, invalid("q", "%d blurbs; at most %d at once", len(lines), maxCheckBlurbs))
		lines = nil
	}
	for _, l := range lines {
		one := url.Values{"q": {l}}
		for _, k := range []string{"author", "outlet", "work"} {
			if x := v.Get(k); x != "" {
				one.Set(k, x)
			}
		}
		b, err := blurbOf(one)
		var res *check.Result
		if err == nil {
			res, err = s.checker.Check(r.Context(), b)
		}
		if err != nil {
			status, p.Error = s.failed(w, r, err)
			break
		}
		cv := checkView{Result: res, ShareURL: "/check?" + url.Values{"q": {l}}.Encode()}
		if res.Context != nil {
			cv.Marked = template.HTML(res.Context.Quote) // trusted: escaped by the checker, see check.Context
		}
		p.Results = append(p.Results, cv)
	}
	if len(lines) == 1 && len(p.Results) == 1 {
		p.Title = "“" + p.Results[0].Quote + "” — pullquote check"
	}
	s.render(w, r, status, "check.html", p)
}

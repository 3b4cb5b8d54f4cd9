package web

import (
	"net/http"
	"net/url"
	"strings"
)

// embedExtra are the parameters the iframe embed keeps in every link: its
// theme. Its preset filters are ordinary search parameters.
func embedExtra(v url.Values) url.Values {
	out := url.Values{}
	if t := theme(v.Get("theme")); t != "" {
		out.Set("theme", t)
	}
	return out
}

// theme validates a theme parameter: "light", "dark" or "" for the system's.
func theme(s string) string {
	if s == "light" || s == "dark" {
		return s
	}
	return ""
}

// embedParams maps the embed's convenience parameter min_score=N to the
// search parameter score=N..100.
func embedParams(v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		out[k] = vals
	}
	if m := out.Get("min_score"); m != "" && out.Get("score") == "" {
		out.Set("score", m+"..100")
	}
	delete(out, "min_score")
	delete(out, "compact")
	return out
}

// embedFrame serves the iframe widget, GET /embed.
func (s *server) embedFrame(w http.ResponseWriter, r *http.Request) {
	v := embedParams(r.URL.Query())
	p := &searchPage{
		pageBase: s.base(r, "pullquote search"),
		Path:     "/embed", Partial: "/partials/results?compact=1",
		Compact: true, Extra: embedExtra(v),
	}
	p.Theme = theme(v.Get("theme"))
	status := http.StatusOK
	if err := s.runSearch(r, v, p); err != nil {
		status, p.Error = s.failed(w, r, err)
	}
	s.render(w, r, status, "embed.html", p)
}

// demoPage is the view of demo.html.
type demoPage struct {
	pageBase
	Origin        string
	ScriptSnippet string
	IframeSnippet string
}

// origin is the server's public origin for snippets: Options.BaseURL, or
// the scheme and host the request came to.
func (s *server) origin(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return strings.TrimRight(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// embedDemo serves GET /embed/demo: the snippets to copy and both widgets
// working.
func (s *server) embedDemo(w http.ResponseWriter, r *http.Request) {
	o := s.origin(r)
	s.render(w, r, http.StatusOK, "demo.html", demoPage{
		pageBase:      s.base(r, "Embed pullquote on your site"),
		Origin:        o,
		ScriptSnippet: `<script src="` + o + `/embed.js" data-size="5" data-min-score="60" data-theme="auto" async></script>`,
		IframeSnippet: `<iframe src="` + o + `/embed?size=5&theme=light" title="Search film reviews" width="100%" height="480" loading="lazy" allow="clipboard-write"></iframe>`,
	})
}

// embedJS serves the widget script, GET /embed.js.
func (s *server) embedJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, staticFS, "static/embed.js")
}

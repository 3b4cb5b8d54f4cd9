// Package web serves pullquote over HTTP: the server-rendered search page,
// the JSON API, the whole-review pages and the embeddable widget (embed.js
// and an iframe page). It serves any search.Searcher and knows nothing of
// the index behind it.
package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/pullquote/pullquote/search"
)

// Options configures the handler.
type Options struct {
	// AllowOrigins lists the origins (scheme://host[:port]) whose pages may
	// read the API and frame /embed. Empty means any origin: the API is
	// read-only and public.
	AllowOrigins []string
	// BaseURL is the server's public address (e.g. "https://quotes.example"),
	// used in the embed snippet shown on /embed/demo. Empty means the
	// address the request came to.
	BaseURL string
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed openapi.json
var openapiJSON []byte

// templates are parsed once, at package start; each page template is parsed
// together with the shared partials.
var templates = parseTemplates()

func parseTemplates() map[string]*template.Template {
	shared := []string{"templates/layout.html", "templates/results.html"}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimPrefix(p, "templates/")
		if name == "layout.html" {
			continue
		}
		files := append([]string{p}, shared...)
		if name == "results.html" {
			files = shared
		}
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, files...))
	}
	return out
}

// server holds what the handlers share.
type server struct {
	logger   *slog.Logger
	searcher search.Searcher
	opts     Options
	static   http.Handler
}

// NewHandler returns the whole web layer over s: pages, API, widget and
// static assets, wrapped in logging, panic recovery and security headers.
func NewHandler(logger *slog.Logger, s search.Searcher, opts Options) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	srv := &server{logger: logger, searcher: s, opts: opts, static: http.FileServerFS(sub)}
	return srv.routes()
}

// pageBase is what every page template gets.
type pageBase struct {
	Title string
	// Theme is "light", "dark" or "" (follow the system).
	Theme string
}

func (s *server) base(r *http.Request, title string) pageBase {
	return pageBase{Title: title}
}

// render executes the named page template into a buffer first, so a
// template error gives a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := templates[name]
	if !ok {
		s.logger.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.logger.Error("render", "template", name, "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

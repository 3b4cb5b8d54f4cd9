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
	"net/netip"
	"strings"

	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/admission"
	"github.com/pullquote/pullquote/search/cache"
	"github.com/pullquote/pullquote/search/check"
	"github.com/pullquote/pullquote/search/film"
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

	// CacheBytes bounds the cache of search answers (search/cache); 0
	// means cache.DefaultBytes, negative turns the cache off. Answers are
	// cached only over a searcher with a version (index.Index).
	CacheBytes int
	// Admission bounds the searches running at once and waiting; beyond
	// it a search is refused with 503 and Retry-After (search/admission).
	Admission admission.Options
	// Rate is how many requests per second one client address may make to
	// the pages, the widget and the API, with bursts of Burst (default:
	// Rate, at least 1); 0 means no limit. Past it: 429 and Retry-After.
	Rate  float64
	Burst int
	// TrustedProxies are the networks of reverse proxies whose
	// X-Forwarded-For names the client; from anyone else it is ignored.
	TrustedProxies []netip.Prefix
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

// staticHashes are the content hashes of the embedded static files, by
// name under static/ (compress.go): fixed when the binary is built.
var staticHashes = func() map[string]string {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	return assetHashes(sub)
}()

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
	logger *slog.Logger
	// searcher is the searcher given to NewHandler behind the admission
	// gate and the answer cache (serving.go).
	searcher *cache.Searcher
	gate     *admission.Searcher
	checker  *check.Checker // over searcher: checks are cached and admitted too
	films    *film.Service  // nil when the searcher lists no films
	clients  *clientLimits  // nil: no rate limit
	refusals refusalLog
	metrics  *metrics
	opts     Options
	static   http.Handler
	nonce    string // tells this process's ETags from another's
}

// NewHandler returns the whole web layer over s: pages, API, widget,
// static assets and /metrics, wrapped in logging, panic recovery, security
// headers and per-client rate limits, with s behind an admission gate and
// an answer cache.
func NewHandler(logger *slog.Logger, s search.Searcher, opts Options) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	srv := &server{
		logger: logger, opts: opts, static: http.FileServerFS(sub), nonce: newNonce(),
		clients: newClientLimits(opts.Rate, opts.Burst, opts.TrustedProxies),
	}
	srv.searcher, srv.gate = serving(s, opts)
	srv.checker = check.New(srv.searcher)
	if fl, ok := s.(search.FilmLister); ok {
		srv.films = film.New(fl, srv.searcher)
	}
	srv.metrics = srv.newMetrics()
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

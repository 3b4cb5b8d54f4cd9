package web

import (
	"net/http"

	"github.com/gorilla/mux"
)

// routes lists every route with its method. GET routes answer HEAD too.
func (s *server) routes() http.Handler {
	r := mux.NewRouter()
	get := []string{http.MethodGet, http.MethodHead}

	// Pages. Search responses carry an ETag (s.revalidate).
	r.Handle("/", s.revalidate(http.HandlerFunc(s.page))).Methods(get...)
	r.Handle("/partials/results", s.revalidate(http.HandlerFunc(s.partial))).Methods(get...)
	r.Handle("/reviews/{id}", http.HandlerFunc(s.reviewPage)).Methods(get...)
	r.Handle("/check", http.HandlerFunc(s.checkPageHandler)).Methods(get...)
	r.Handle("/films", http.HandlerFunc(s.filmsListPage)).Methods(get...)
	r.Handle("/films/{slug}", http.HandlerFunc(s.filmDetailPage)).Methods(get...)

	// JSON API, readable from other origins: s.cors adds the headers to
	// every /api/ response and answers preflight (OPTIONS) requests.
	r.Handle("/api/search", s.revalidate(http.HandlerFunc(s.apiSearch))).Methods(get...)
	r.Handle("/api/reviews/{id}", http.HandlerFunc(s.apiReview)).Methods(get...)
	r.Handle("/api/check", http.HandlerFunc(s.apiCheck)).Methods(get...)
	r.Handle("/api/check", http.HandlerFunc(s.apiCheckMany)).Methods(http.MethodPost)
	r.Handle("/api/films", http.HandlerFunc(s.apiFilms)).Methods(get...)
	r.Handle("/api/films/{slug}", http.HandlerFunc(s.apiFilm)).Methods(get...)
	r.Handle("/api/openapi.json", http.HandlerFunc(s.apiOpenAPI)).Methods(get...)

	// Embedding in other sites.
	r.Handle("/embed.js", http.HandlerFunc(s.embedJS)).Methods(get...)
	r.Handle("/embed", s.revalidate(http.HandlerFunc(s.embedFrame))).Methods(get...)
	r.Handle("/embed/demo", http.HandlerFunc(s.embedDemo)).Methods(get...)

	// Assets and probes.
	r.PathPrefix("/static/").Handler(http.StripPrefix("/static/", s.assets())).Methods(get...)
	r.Handle("/favicon.ico", http.RedirectHandler("/static/favicon.svg", http.StatusMovedPermanently)).Methods(get...)
	r.Handle("/healthz", http.HandlerFunc(s.healthz)).Methods(get...)
	r.Handle("/metrics", s.metrics.handler()).Methods(get...)
	r.Use(s.metrics.countRequests)

	// Both answer JSON under /api/ and a page elsewhere.
	r.NotFoundHandler = s.metrics.countRequests(http.HandlerFunc(s.notFound))
	r.MethodNotAllowedHandler = s.metrics.countRequests(http.HandlerFunc(s.methodNotAllowed))

	var h http.Handler = r
	h = s.compress(h)
	h = s.limitClients(h)
	h = s.limits(h)
	h = s.cors(h) // every /api response, a refusal too, is readable by the allowed origins
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}

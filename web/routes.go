package web

import (
	"net/http"

	"github.com/gorilla/mux"
)

// routes lists every route with its method. GET routes answer HEAD too.
func (s *server) routes() http.Handler {
	r := mux.NewRouter()
	get := []string{http.MethodGet, http.MethodHead}

	// Pages.
	r.Handle("/", http.HandlerFunc(s.page)).Methods(get...)
	r.Handle("/partials/results", http.HandlerFunc(s.partial)).Methods(get...)
	r.Handle("/reviews/{id}", http.HandlerFunc(s.reviewPage)).Methods(get...)

	// JSON API, readable from other origins: s.cors adds the headers to
	// every /api/ response and answers preflight (OPTIONS) requests.
	r.Handle("/api/search", http.HandlerFunc(s.apiSearch)).Methods(get...)
	r.Handle("/api/reviews/{id}", http.HandlerFunc(s.apiReview)).Methods(get...)
	r.Handle("/api/openapi.json", http.HandlerFunc(s.apiOpenAPI)).Methods(get...)

	// Embedding in other sites.
	r.Handle("/embed.js", http.HandlerFunc(s.embedJS)).Methods(get...)
	r.Handle("/embed", http.HandlerFunc(s.embedFrame)).Methods(get...)
	r.Handle("/embed/demo", http.HandlerFunc(s.embedDemo)).Methods(get...)

	// Assets and probes.
	r.PathPrefix("/static/").Handler(http.StripPrefix("/static/", s.assets())).Methods(get...)
	r.Handle("/favicon.ico", http.RedirectHandler("/static/favicon.svg", http.StatusMovedPermanently)).Methods(get...)
	r.Handle("/healthz", http.HandlerFunc(s.healthz)).Methods(get...)

	// Both answer JSON under /api/ and a page elsewhere.
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.methodNotAllowed)

	var h http.Handler = r
	h = s.cors(h)
	h = s.limits(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}

package web

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// apiSearch serves GET /api/search.
func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	resp, err := s.search(r.Context(), req)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, search.NewResponseJSON(req, resp))
}

// apiReview serves GET /api/reviews/{id}.
func (s *server) apiReview(w http.ResponseWriter, r *http.Request) {
	rev, err := s.review(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, search.NewReviewJSON(rev))
}

// review fetches the review named by the {id} route variable.
func (s *server) review(r *http.Request) (*corpus.Review, error) {
	id := mux.Vars(r)["id"]
	if err := search.CheckValue("id", id); err != nil {
		return nil, err
	}
	return s.searcher.Review(r.Context(), id)
}

// apiOpenAPI serves the OpenAPI document.
func (s *server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openapiJSON)
}

// healthz serves GET /healthz.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// The JSON shapes of the API, described by openapi.json. They are mapped
// from the search types rather than serialised directly so that dates are
// plain days (or null) and scores plain 0–100 numbers (or null).
type (
	searchJSON struct {
		Query      string     `json:"query"`
		Total      uint64     `json:"total"`
		TookMS     float64    `json:"took_ms"`
		Page       int        `json:"page"`
		Size       int        `json:"size"`
		Suggestion string     `json:"suggestion,omitempty"`
		AnyWords   bool       `json:"any_words"`
		Hits       []hitJSON  `json:"hits"`
		Facets     facetsJSON `json:"facets"`
	}
	hitJSON struct {
		ID        string `json:"id"`
		ReviewID  string `json:"review_id"`
		Paragraph int    `json:"paragraph"`
		reviewFieldsJSON
		Text      string          `json:"text"`
		Highlight string          `json:"highlight"`
		Also      []search.Source `json:"also"`
	}
	// reviewFieldsJSON are the review's fields, in a hit and in a review.
	reviewFieldsJSON struct {
		Work     string       `json:"work"`
		Site     string       `json:"site"`
		Outlet   string       `json:"outlet"`
		Author   string       `json:"author"`
		Kind     string       `json:"kind"`
		Title    string       `json:"title"`
		Date     *string      `json:"date"`
		Score    *float64     `json:"score"`
		ScoreRaw string       `json:"score_raw,omitempty"`
		Helpful  *helpfulJSON `json:"helpful"`
		Spoiler  bool         `json:"spoiler"`
		URL      string       `json:"url"`
	}
	helpfulJSON struct {
		Yes   int `json:"yes"`
		Total int `json:"total"`
	}
	facetsJSON struct {
		Outlet []search.TermCount `json:"outlet"`
		Score  []bandJSON         `json:"score"`
		Date   []bucketJSON       `json:"date"`
	}
	bandJSON struct {
		Label    string   `json:"label"`
		Min      *float64 `json:"min"`
		Max      *float64 `json:"max"`
		Missing  bool     `json:"missing"`
		Count    int      `json:"count"`
		Selected bool     `json:"selected"`
	}
	bucketJSON struct {
		Label    string `json:"label"`
		From     string `json:"from"`
		To       string `json:"to"`
		Count    int    `json:"count"`
		Selected bool   `json:"selected"`
	}
	reviewJSON struct {
		ID string `json:"id"`
		reviewFieldsJSON
		Paragraphs []string `json:"paragraphs"`
		SameText   []string `json:"same_text"`
	}
)

// dayJSON is t as YYYY-MM-DD, nil when unknown.
func dayJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func scoreJSON(s *corpus.Score) (*float64, string) {
	if s == nil {
		return nil, ""
	}
	v := s.Value
	return &v, s.Raw
}

func helpfulOf(h *corpus.Helpful) *helpfulJSON {
	if h == nil {
		return nil
	}
	return &helpfulJSON{Yes: h.Yes, Total: h.Total}
}

// toSearchJSON maps a response to its API shape.
func toSearchJSON(req search.Request, resp *search.Response) searchJSON {
	out := searchJSON{
		Query:      resp.Query,
		Total:      resp.Total,
		TookMS:     float64(resp.Took.Microseconds()) / 1000,
		Page:       req.Page,
		Size:       req.Size,
		Suggestion: resp.Suggestion,
		AnyWords:   resp.AnyWords,
		Hits:       make([]hitJSON, 0, len(resp.Hits)),
	}
	for _, h := range resp.Hits {
		also := h.Also
		if also == nil {
			also = []search.Source{}
		}
		out.Hits = append(out.Hits, hitJSON{
			ID: h.ID, ReviewID: h.ReviewID, Paragraph: h.Paragraph,
			reviewFieldsJSON: reviewFieldsOf(corpus.Review{
				Work: h.Work, Site: h.Site, Outlet: h.Outlet, Author: h.Author,
				Kind: corpus.Kind(h.Kind), Title: h.Title, Date: h.Date,
				Score: h.Score, Helpful: h.Helpful, Spoiler: h.Spoiler, URL: h.URL,
			}),
			Text: h.Text, Highlight: h.Highlight, Also: also,
		})
	}
	out.Facets.Outlet = resp.Facets.Outlet
	if out.Facets.Outlet == nil {
		out.Facets.Outlet = []search.TermCount{}
	}
	out.Facets.Score = make([]bandJSON, 0, len(resp.Facets.Score))
	for _, b := range resp.Facets.Score {
		j := bandJSON{Label: b.Label, Missing: b.Missing, Count: b.Count, Selected: b.Selected}
		if !b.Missing {
			lo, hi := b.Min, b.Max
			j.Min, j.Max = &lo, &hi
		}
		out.Facets.Score = append(out.Facets.Score, j)
	}
	out.Facets.Date = make([]bucketJSON, 0, len(resp.Facets.Date))
	for _, d := range resp.Facets.Date {
		out.Facets.Date = append(out.Facets.Date, bucketJSON{
			Label: d.Label, From: d.From.Format(time.DateOnly), To: d.To.Format(time.DateOnly),
			Count: d.Count, Selected: d.Selected,
		})
	}
	return out
}

// reviewFieldsOf maps a review's fields (not its ID or text) to their API
// shape.
func reviewFieldsOf(r corpus.Review) reviewFieldsJSON {
	score, raw := scoreJSON(r.Score)
	return reviewFieldsJSON{
		Work: r.Work, Site: r.Site, Outlet: r.Outlet, Author: r.Author,
		Kind: string(r.Kind), Title: r.Title, Date: dayJSON(r.Date),
		Score: score, ScoreRaw: raw, Helpful: helpfulOf(r.Helpful),
		Spoiler: r.Spoiler, URL: r.URL,
	}
}

// toReviewJSON maps a review to its API shape.
func toReviewJSON(r *corpus.Review) reviewJSON {
	out := reviewJSON{ID: r.ID, reviewFieldsJSON: reviewFieldsOf(*r), Paragraphs: r.Paragraphs, SameText: r.SameText}
	if out.Paragraphs == nil {
		out.Paragraphs = []string{}
	}
	if out.SameText == nil {
		out.SameText = []string{}
	}
	return out
}

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
	writeJSON(w, http.StatusOK, toSearchJSON(req, resp))
}

// apiReview serves GET /api/reviews/{id}.
func (s *server) apiReview(w http.ResponseWriter, r *http.Request) {
	rev, err := s.review(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toReviewJSON(rev))
}

// review fetches the review named by the {id} route variable.
func (s *server) review(r *http.Request) (*corpus.Review, error) {
	id := mux.Vars(r)["id"]
	if len(id) > search.MaxValueRunes {
		return nil, invalid("id", "longer than %d characters", search.MaxValueRunes)
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

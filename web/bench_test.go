package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pullquote/pullquote/web"
)

// benchHandler serves an index of the embedded corpus.
func benchHandler(b *testing.B) http.Handler {
	b.Helper()
	return web.NewHandler(slog.New(slog.DiscardHandler), web.EmbeddedIndex(b), web.Options{})
}

// BenchmarkRequests measures whole requests through the handler (routing,
// parameters, search on the embedded corpus, JSON or HTML rendering).
func BenchmarkRequests(b *testing.B) {
	h := benchHandler(b)
	for _, bm := range []struct{ name, target string }{
		{"api_search", "/api/search?q=unfinished+symphony"},
		{"api_search_filtered", "/api/search?q=documentary&score=80..100&sort=newest"},
		{"page", "/?q=powerful+documentary"},
		{"partial", "/partials/results?q=powerful+documentary"},
	} {
		target := bm.target
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", target, rec.Code)
				}
			}
		})
	}
}

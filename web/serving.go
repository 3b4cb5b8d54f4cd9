package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/admission"
	"github.com/pullquote/pullquote/search/cache"
)

// serving puts the searcher behind the admission gate and the answer cache,
// in that order: a cached answer or one shared with an identical search
// running never waits for a slot.
func serving(s search.Searcher, opts Options) (*cache.Searcher, *admission.Searcher) {
	gate := admission.New(s, opts.Admission)
	bytes := opts.CacheBytes
	if bytes == 0 {
		bytes = cache.DefaultBytes
	}
	return cache.New(gate, bytes), gate
}

// newNonce returns a random string that tells this process's answers from
// another's (a restart may bring new templates).
func newNonce() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// revalidate gives search responses (the page, its fragment, /embed and
// /api/search) an ETag derived from the index version and the request, and
// answers a matching If-None-Match with 304 before any search runs: a
// browser's or a CDN's revalidation costs nothing. Only successful
// responses keep the tag; a refusal (429, 503) is never stored.
func (s *server) revalidate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		version := s.searcher.Version()
		if version == "" {
			next.ServeHTTP(w, r)
			return
		}
		sum := sha256.Sum256([]byte(s.nonce + "\x00" + version + "\x00" + r.URL.Path + "\x00" + r.URL.RawQuery))
		etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
		h := w.Header()
		h.Set("ETag", etag)
		h.Set("Cache-Control", "no-cache") // store, but ask each time
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		next.ServeHTTP(&untagged{ResponseWriter: w}, r)
	})
}

// etagMatches reports whether an If-None-Match header names etag (weakly).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// untagged drops the ETag of a response that is not a 200.
type untagged struct{ http.ResponseWriter }

func (w *untagged) WriteHeader(code int) {
	if code != http.StatusOK {
		w.Header().Del("ETag")
		w.Header().Set("Cache-Control", "no-store")
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *untagged) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// search runs req through the cache and the gate, timing it for /metrics.
func (s *server) search(ctx context.Context, req search.Request) (*search.Response, error) {
	start := time.Now()
	resp, err := s.searcher.Search(ctx, req)
	s.metrics.observeSearch(start, err)
	return resp, err
}

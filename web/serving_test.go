package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/admission"
)

// versioned is the fake with a version (so answers are cached), a count of
// its searches, and an optional gate that holds each search until closed.
type versioned struct {
	*fakeSearcher
	version  atomic.Int64
	searches atomic.Int64
	hold     chan struct{}
}

func (v *versioned) Version() string { return strconv.FormatInt(v.version.Load(), 10) }

func (v *versioned) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	v.searches.Add(1)
	if v.hold != nil {
		select {
		case <-v.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return v.fakeSearcher.Search(ctx, req)
}

func newVersionedHandler(tb testing.TB, opts Options) (http.Handler, *versioned) {
	tb.Helper()
	v := &versioned{fakeSearcher: newFake()}
	return NewHandler(slog.New(slog.DiscardHandler), v, opts), v
}

func TestRepeatedSearchesAreCached(t *testing.T) {
	h, v := newVersionedHandler(t, Options{})
	for _, path := range []string{"/api/search?q=clever", "/api/search?q=clever", "/?q=clever", "/partials/results?q=clever", "/embed?q=clever"} {
		if resp := get(t, h, path); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
	}
	if n := v.searches.Load(); n != 1 {
		t.Errorf("the same search through the API twice, the page, its fragment and /embed ran %d searches, want 1", n)
	}
	v.version.Add(1) // an add, a delete or a rebuild
	get(t, h, "/api/search?q=clever")
	if n := v.searches.Load(); n != 2 {
		t.Errorf("after the index changed: %d searches in all, want 2 (a fresh answer)", n)
	}
	metrics := body(t, get(t, h, "/metrics"))
	for _, want := range []string{
		"pullquote_cache_hits_total 4",
		"pullquote_cache_misses_total 2",
		`pullquote_http_requests_total{code="200",route="/api/search"} 3`,
		`pullquote_search_duration_seconds_count{outcome="ok"} 6`,
		"pullquote_searches_rejected_total 0",
		"go_goroutines",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestETagRevalidation(t *testing.T) {
	h, v := newVersionedHandler(t, Options{})
	first := get(t, h, "/api/search?q=clever")
	etag := first.Header.Get("ETag")
	if etag == "" || first.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("search response: ETag %q, Cache-Control %q; want a tag and no-cache", etag, first.Header.Get("Cache-Control"))
	}
	if other := get(t, h, "/api/search?q=cat").Header.Get("ETag"); other == etag {
		t.Errorf("two searches share the ETag %s", etag)
	}
	before := v.searches.Load()
	again := get(t, h, "/api/search?q=clever", "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified || body(t, again) != "" {
		t.Errorf("revalidation with the current ETag: status %d, want 304 with no body", again.StatusCode)
	}
	if v.searches.Load() != before {
		t.Errorf("a 304 ran a search")
	}
	v.version.Add(1)
	changed := get(t, h, "/api/search?q=clever", "If-None-Match", etag)
	if changed.StatusCode != http.StatusOK || changed.Header.Get("ETag") == etag {
		t.Errorf("after the index changed: status %d, ETag %s; want 200 with a new tag", changed.StatusCode, changed.Header.Get("ETag"))
	}
	if bad := get(t, h, "/api/search?sort=random"); bad.Header.Get("ETag") != "" {
		t.Errorf("a 400 carries an ETag")
	}
}

func TestAdmissionRefusesAtOnceAndHealthzAnswers(t *testing.T) {
	var logs syncBuffer
	v := &versioned{fakeSearcher: newFake()}
	h := NewHandler(slog.New(slog.NewTextHandler(&logs, nil)), v, Options{CacheBytes: -1, Admission: admission.Options{Running: 1, Queue: -1}})
	v.hold = make(chan struct{})
	done := make(chan int)
	go func() { done <- get(t, h, "/api/search?q=slow").StatusCode }()
	for v.searches.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	for _, path := range []string{"/api/search?q=next", "/?q=next", "/embed?q=next"} {
		resp := get(t, h, path)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s while the one slot is taken: status %d, Retry-After %q; want 503 with Retry-After",
				path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if resp.Header.Get("ETag") != "" {
			t.Errorf("%s: a 503 carries an ETag", path)
		}
	}
	if strings.HasPrefix(get(t, h, "/api/search?q=next").Header.Get("Content-Type"), "application/json") == false {
		t.Errorf("API refusal is not JSON")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusals took %v, want at once", d)
	}
	for _, path := range []string{"/healthz", "/static/app.css", "/reviews/r1"} {
		if resp := get(t, h, path); resp.StatusCode != http.StatusOK {
			t.Errorf("%s while searches are full: status %d, want 200", path, resp.StatusCode)
		}
	}
	close(v.hold)
	if status := <-done; status != http.StatusOK {
		t.Errorf("the admitted search: status %d", status)
	}
	if m := body(t, get(t, h, "/metrics")); !strings.Contains(m, "pullquote_searches_rejected_total 4") {
		t.Errorf("/metrics does not count 4 rejections")
	}
	// A refusal by design is no fault: no ERROR line, one summary.
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("refusals logged as errors:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), `msg="requests refused"`); n != 1 {
		t.Errorf("%d summaries of refusals within a second, want 1:\n%s", n, logs.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The summary of refusals comes with the first refusal after a quiet
// spell, then at most every refusalEvery with the counts since.
func TestRefusalLogSummarises(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	var l refusalLog
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, step := range []struct {
		at     time.Duration
		status int
		want   string // the line logged, "" for none
	}{
		{0, 503, "status_503=1"},
		{time.Second, 503, ""},
		{2 * time.Second, 429, ""},
		{9 * time.Second, 503, ""},
		{11 * time.Second, 503, "since_last=11s status_429=1 status_503=3"},
		{12 * time.Second, 429, ""},
	} {
		logs.Reset()
		l.add(context.Background(), logger, step.status, t0.Add(step.at))
		got := logs.String()
		if step.want == "" && got != "" || step.want != "" && !strings.Contains(got, step.want) {
			t.Errorf("at %v: logged %q, want %q", step.at, got, step.want)
		}
		if got != "" && !strings.Contains(got, "level=WARN") {
			t.Errorf("at %v: %q is not a warning", step.at, got)
		}
	}
}

// Every 503 says when to come back.
func TestEvery503HasRetryAfter(t *testing.T) {
	for _, err := range []error{
		&search.BusyError{RetryAfter: time.Second},
		fmt.Errorf("review r1 on shard 2: %w", search.ErrUnavailable),
		context.DeadlineExceeded,
		fmt.Errorf("search: %w", context.DeadlineExceeded),
	} {
		status, _ := statusOf(err)
		if status != http.StatusServiceUnavailable {
			t.Errorf("%v: status %d, want 503", err, status)
		}
		if d := retryAfter(err); d <= 0 {
			t.Errorf("%v: a 503 without Retry-After", err)
		}
	}
}

func TestRateLimitPerClient(t *testing.T) {
	proxy := netip.MustParsePrefix("10.0.0.0/8")
	h, _ := newVersionedHandler(t, Options{Rate: 1, Burst: 3, TrustedProxies: []netip.Prefix{proxy}})
	from := func(remote string, header ...string) *http.Response {
		req := httptestRequest("/api/search?q=clever", remote, header...)
		return serve(h, req)
	}
	for i := range 3 {
		if resp := from("192.0.2.1:1000"); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d within the burst: status %d", i+1, resp.StatusCode)
		}
	}
	over := from("192.0.2.1:1001")
	if over.StatusCode != http.StatusTooManyRequests || over.Header.Get("Retry-After") == "" {
		t.Errorf("past the burst: status %d, Retry-After %q; want 429 with Retry-After", over.StatusCode, over.Header.Get("Retry-After"))
	}
	if over.Header.Get("Access-Control-Allow-Origin") == "" {
		t.Errorf("a 429 from the API has no CORS headers: another site cannot read it")
	}
	if resp := from("192.0.2.2:1000"); resp.StatusCode != http.StatusOK {
		t.Errorf("another client: status %d, want 200", resp.StatusCode)
	}
	if resp := from("192.0.2.1:1002"); serveStatus(h, "/healthz", "192.0.2.1:1002") != http.StatusOK || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("/healthz is limited, or the limit let a request through")
	}
	// X-Forwarded-For counts only from a trusted proxy.
	if resp := from("192.0.2.1:1003", "X-Forwarded-For", "198.51.100.7"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer's X-Forwarded-For was believed: status %d", resp.StatusCode)
	}
	for i := range 3 {
		if resp := from("10.1.2.3:443", "X-Forwarded-For", "192.0.2.1, 198.51.100.9"); resp.StatusCode != http.StatusOK {
			t.Errorf("client 198.51.100.9 through the trusted proxy, request %d: status %d", i+1, resp.StatusCode)
		}
	}
	if resp := from("10.1.2.3:443", "X-Forwarded-For", "192.0.2.1, 198.51.100.9"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("client behind the proxy past its burst: status %d, want 429", resp.StatusCode)
	}
}

package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/corpus/synth"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/web"
)

// TestHostileInputNever500 sends odd and hostile parameters to every
// search route over the real index: user input may be refused (400) but
// must never cause a server error, and API errors must be JSON naming a
// parameter.
func TestHostileInputNever500(t *testing.T) {
	var logs bytes.Buffer
	h := web.NewHandler(slog.New(slog.NewTextHandler(&logs, nil)), web.EmbeddedBackend(t), web.Options{})
	queries := []string{
		`*`, `"`, `""`, `-`, `--x`, `title:`, `outlet:`, `score:`, `score:abc`, `score:>200`, `date:2099`, `date:..`, `date:0001`, `date:9999`, `date:0001..9999`, `date:<1500-01-01`, `date:>9999`, `date:<0001`, `date:0000`,
		`(`, `)`, `[`, `~`, `^`, `\`, `+`, `a OR`, `NOT`, `"unclosed`, `x -`, `-"a b"`, "\x00", "é", "日本語",
		`/.*/`, `a*`, `?`, `<script>alert(1)</script>`, `' OR 1=1 --`, strings.Repeat("symphony ", 50),
	}
	params := []string{
		"score=none", "score=..", "score=>=80", "score=<40", "score=-5..5", "from=2012-02-30", "from=0000-01-01",
		"to=9999-12-31", "sort=", "sort=score", "sort=helpful", "sort=oldest", "page=500", "size=50", "page=-1",
		"outlet=%00", "kind=user", "work=nope", "page=1&page=2", "size=1e3", "q=%ff",
	}
	var targets []string
	for _, q := range queries {
		targets = append(targets, "q="+url.QueryEscape(q))
	}
	targets = append(targets, params...)
	for _, route := range []string{"/api/search", "/", "/partials/results", "/embed"} {
		for _, p := range targets {
			target := route + "?" + p
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			if rec.Code >= 500 {
				t.Errorf("%s: status %d: %.200s", target, rec.Code, rec.Body.String())
			}
			if route == "/api/search" {
				var v map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
					t.Errorf("%s: not JSON: %v", target, err)
				} else if rec.Code == http.StatusBadRequest && !strings.HasPrefix(v["error"].(string), "invalid ") {
					t.Errorf("%s: error %q names no parameter", target, v["error"])
				}
			}
			if strings.Contains(rec.Body.String(), "<script>alert(1)") {
				t.Errorf("%s: user input reflected unescaped", target)
			}
		}
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs.String())
	}
}

// TestHostilePathsNever500 sends paths no one types to every route:
// invalid UTF-8, overlong encodings of dots and slashes, traversal. Each
// is a 4xx (a bad path is not found or refused), never a server error.
func TestHostilePathsNever500(t *testing.T) {
	var logs bytes.Buffer
	h := web.NewHandler(slog.New(slog.NewTextHandler(&logs, nil)), web.EmbeddedBackend(t), web.Options{})
	segments := []string{"%ff", "%c0%ae%c0%ae%c0%af", "..%2f..%2fetc%2fpasswd", "%2e%2e", "a%00b", "%e2%80%ae", "x%c3", strings.Repeat("a", 3000)}
	prefixes := []string{"/static/", "/static/css/", "/reviews/", "/api/reviews/", "/films/", "/api/films/", "/", "/partials/", "/embed/", "/api/"}
	for _, p := range prefixes {
		for _, seg := range segments {
			for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
				target := p + seg
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
				if rec.Code >= 500 || rec.Code < 300 && p == "/static/" {
					t.Errorf("%s %s: status %d: %.200s", method, target, rec.Code, rec.Body.String())
				}
			}
		}
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs.String())
	}
}

// TestHostileLoad sends the reliability audit's costliest queries at
// c=8 to a real server over ~10k synthetic paragraphs, and checks that
// each answers (or is refused with Retry-After) well within the request
// deadline while /healthz and an ordinary search keep answering.
func TestHostileLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	g, err := synth.New(7)
	if err != nil {
		t.Fatal(err)
	}
	var rs []corpus.Review
	for range 3000 {
		rs = append(rs, g.Next(0))
	}
	srv := httptest.NewServer(web.NewHandler(slog.New(slog.DiscardHandler), web.Backend(t, corpus.Reviews(rs), index.BuildOptions{}), web.Options{CacheBytes: -1}))
	defer srv.Close()
	hostile := []string{
		`"` + strings.TrimSpace(strings.Repeat("the ", 30)) + `"`,
		`"` + strings.TrimSpace(strings.Repeat("of the film ", 10)) + `"`,
		strings.TrimSpace(strings.Repeat("the ", 60)),
		strings.TrimSpace(strings.Repeat("film ", 60)),
		strings.TrimSpace(strings.Repeat("a ", 60)),
	}
	const slow = 5 * time.Second // the deadline is 10 s; the audit saw 11–162 s
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var worst time.Duration
	var failures []string
	for w := range 8 {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				q := hostile[i%len(hostile)]
				start := time.Now()
				resp, err := http.Get(srv.URL + "/api/search?q=" + url.QueryEscape(q))
				took := time.Since(start)
				mu.Lock()
				worst = max(worst, took)
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "":
				case resp.StatusCode != http.StatusOK:
					failures = append(failures, fmt.Sprintf("%q: status %d", q, resp.StatusCode))
				}
				mu.Unlock()
				if resp != nil {
					resp.Body.Close()
				}
			}
		})
	}
	probe := func(path string) (int, time.Duration) {
		start := time.Now()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			return 0, time.Since(start)
		}
		resp.Body.Close()
		return resp.StatusCode, time.Since(start)
	}
	deadline := time.Now().Add(4 * time.Second)
	var healthWorst time.Duration
	ordinary := 0
	for time.Now().Before(deadline) {
		code, took := probe("/healthz")
		healthWorst = max(healthWorst, took)
		if code != http.StatusOK {
			t.Errorf("/healthz answered %d under load", code)
		}
		if code, _ := probe("/api/search?q=" + url.QueryEscape(rs[0].Work)); code == http.StatusOK {
			ordinary++
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	t.Logf("worst hostile query %v, worst /healthz %v, %d ordinary searches answered", worst, healthWorst, ordinary)
	if len(failures) > 0 {
		t.Errorf("%d failures, first %s", len(failures), failures[0])
	}
	if worst > slow || healthWorst > time.Second || ordinary == 0 {
		t.Errorf("under load: worst hostile query %v (at most %v), worst /healthz %v (at most 1s), %d ordinary searches answered", worst, slow, healthWorst, ordinary)
	}
}

package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/web"
)

// TestHostileInputNever500 sends odd and hostile parameters to every
// search route over the real index: user input may be refused (400) but
// must never cause a server error, and API errors must be JSON naming a
// parameter.
func TestHostileInputNever500(t *testing.T) {
	var logs bytes.Buffer
	h := web.NewHandler(slog.New(slog.NewTextHandler(&logs, nil)), embeddedIndex(t), web.Options{})
	queries := []string{
		`*`, `"`, `""`, `-`, `--x`, `title:`, `outlet:`, `score:`, `score:abc`, `score:>200`, `date:2099`, `date:..`, `date:0001`, `date:9999`, `date:0001..9999`, `date:<1500-01-01`,
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

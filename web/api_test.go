package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAPISearchGolden(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	resp := get(t, h, "/api/search?q=clever&size=3")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body(t, resp))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(body(t, resp)), "", "  "); err != nil {
		t.Fatal(err)
	}
	golden(t, "search_clever.json", pretty.Bytes())
}

func TestAPISearchShape(t *testing.T) {
	h, fake, _ := newTestHandler(t, Options{})
	v := decode(t, get(t, h, "/api/search?q=documentary&outlet=CineVue&outlet=IMDb&score=none&score=60..79.999&sort=newest"))
	req := fake.lastRequest()
	if req.Query != "documentary" || len(req.Filter.Outlets) != 2 || !req.Filter.NoScore || req.Sort != "newest" || !req.Highlight {
		t.Errorf("searcher got %+v", req)
	}
	if v["total"] != 2.0 {
		t.Fatalf("total = %v, want 2: %v", v["total"], v)
	}
	hits := v["hits"].([]any)
	byID := map[string]map[string]any{}
	for _, h := range hits {
		m := h.(map[string]any)
		byID[m["review_id"].(string)] = m
	}
	user, article := byID["r3"], byID["r4"]
	if user == nil || article == nil {
		t.Fatalf("hits %v", hits)
	}
	if user["date"] != "2013-01-15" || user["score"] != 60.0 || user["spoiler"] != true {
		t.Errorf("user hit date/score/spoiler = %v %v %v", user["date"], user["score"], user["spoiler"])
	}
	if hp, ok := user["helpful"].(map[string]any); !ok || hp["yes"] != 12.0 || hp["total"] != 15.0 {
		t.Errorf("helpful = %v", user["helpful"])
	}
	if article["date"] != nil || article["score"] != nil || article["helpful"] != nil {
		t.Errorf("unknown date/score/helpful should be null: %v %v %v", article["date"], article["score"], article["helpful"])
	}
	if hl := user["highlight"].(string); !strings.Contains(hl, "<mark>documentary</mark>") || !strings.Contains(hl, "&lt;really&gt;") {
		t.Errorf("highlight %q", hl)
	}
	// Facets are disjunctive: the outlet facet ignores the outlet filter.
	facets := v["facets"].(map[string]any)
	outlets := map[string]any{}
	for _, o := range facets["outlet"].([]any) {
		m := o.(map[string]any)
		outlets[m["value"].(string)] = m["selected"]
	}
	if outlets["CineVue"] != true || outlets["IMDb"] != true || len(outlets) != 2 {
		t.Errorf("outlet facet selections %v", outlets)
	}
	for _, b := range facets["score"].([]any) {
		m := b.(map[string]any)
		if m["missing"] == true && (m["min"] != nil || m["max"] != nil) {
			t.Errorf("missing band has bounds: %v", m)
		}
	}
}

func TestAPIErrors(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		target  string
		status  int
		mention string // what the error message must say
	}{
		{"bad score", "GET", "/api/search?q=x&score=80..200", 400, "score"},
		{"bad date", "GET", "/api/search?from=2012-02-30", 400, "from"},
		{"bad sort", "GET", "/api/search?sort=random", 400, "sort"},
		{"bad size", "GET", "/api/search?size=1000", 400, "size"},
		{"long q", "GET", "/api/search?q=" + strings.Repeat("ab+", 300), 400, "q"},
		{"huge query string", "GET", "/api/search?q=x&" + strings.Repeat("utm=1&", 2000), 400, "query string"},
		{"bad UTF-8", "GET", "/api/search?q=%ff%fe", 400, "UTF-8"},
		{"no review", "GET", "/api/reviews/nope", 404, "not found"},
		{"long review id", "GET", "/api/reviews/" + strings.Repeat("x", 300), 400, "id"},
		{"no endpoint", "GET", "/api/nothing", 404, "no such endpoint"},
		{"post", "POST", "/api/search", 405, "read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newTestHandler(t, Options{})
			resp := do(t, h, tt.method, tt.target)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			v := decode(t, resp)
			msg, _ := v["error"].(string)
			if !strings.Contains(msg, tt.mention) {
				t.Errorf("error %q does not mention %q", msg, tt.mention)
			}
		})
	}
}

func TestInternalErrorsAreHidden(t *testing.T) {
	for _, target := range []string{"/api/search?q=x", "/?q=x"} {
		h, fake, logs := newTestHandler(t, Options{})
		fake.err = fmt.Errorf("search: %w", errBoom)
		resp := get(t, h, target)
		b := body(t, resp)
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", target, resp.StatusCode)
		}
		if strings.Contains(b, "secret") || !strings.Contains(b, "internal error") {
			t.Errorf("%s: body leaks or lacks the generic message: %.300s", target, b)
		}
		if !strings.Contains(logs.String(), "/secret/path") {
			t.Errorf("%s: the internal error was not logged: %s", target, logs)
		}
	}
}

func TestAPIReview(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	v := decode(t, get(t, h, "/api/reviews/r1"))
	if v["id"] != "r1" || v["date"] != "2012-08-09" || v["score"] != 90.0 || v["author"] != "Kerry Lengel" {
		t.Errorf("review %v", v)
	}
	if ps := v["paragraphs"].([]any); len(ps) != 2 {
		t.Errorf("paragraphs %v", ps)
	}
}

func TestCORS(t *testing.T) {
	tests := []struct {
		name   string
		allow  []string
		origin string
		want   string
	}{
		{"any origin by default", nil, "https://blog.example", "*"},
		{"allowed origin echoed", []string{"https://a.example", "https://b.example"}, "https://b.example", "https://b.example"},
		{"other origin refused", []string{"https://a.example"}, "https://evil.example", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newTestHandler(t, Options{AllowOrigins: tt.allow})
			for _, target := range []string{"/api/search?q=cat", "/api/reviews/r1", "/api/reviews/missing", "/api/search?size=0", "/api/search?q=" + strings.Repeat("a", maxRawQuery)} {
				resp := get(t, h, target, "Origin", tt.origin)
				if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.want {
					t.Errorf("%.80s: Access-Control-Allow-Origin %q, want %q", target, got, tt.want)
				}
				if tt.allow != nil && !strings.Contains(resp.Header.Get("Vary"), "Origin") {
					t.Errorf("%.80s: no Vary: Origin with an allowlist", target)
				}
			}
			pre := do(t, h, http.MethodOptions, "/api/search?q=cat", "Origin", tt.origin, "Access-Control-Request-Method", "GET")
			if pre.StatusCode != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != tt.want ||
				!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "GET") {
				t.Errorf("preflight: %d %v", pre.StatusCode, pre.Header)
			}
		})
	}
	// Pages are not API: no CORS.
	h, _, _ := newTestHandler(t, Options{})
	if got := get(t, h, "/?q=cat", "Origin", "https://x.example").Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("page got Access-Control-Allow-Origin %q", got)
	}
}

func TestHealthz(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	resp := get(t, h, "/healthz")
	if resp.StatusCode != 200 || decode(t, resp)["status"] != "ok" {
		t.Errorf("healthz status %d", resp.StatusCode)
	}
}

// An answer that part of a clustered index did not give says so: the API
// with "partial" and the shards, the page in words.
func TestPartialAnswerIsSaid(t *testing.T) {
	h, f, _ := newTestHandler(t, Options{})
	f.missing = []string{"shard1"}
	v := decode(t, get(t, h, "/api/search?q=clever"))
	if v["partial"] != true || fmt.Sprint(v["missing"]) != "[shard1]" {
		t.Errorf("API: partial %v, missing %v", v["partial"], v["missing"])
	}
	page := body(t, get(t, h, "/?q=clever"))
	if !strings.Contains(page, `class="partial" role="status">Part of the index did not answer (shard1)`) {
		t.Errorf("the page does not say the answer is partial:\n%s", page)
	}
	f.missing = nil
	if v := decode(t, get(t, h, "/api/search?q=cat")); v["partial"] != false || v["missing"] != nil {
		t.Errorf("a whole answer: partial %v, missing %v", v["partial"], v["missing"])
	}
	if strings.Contains(body(t, get(t, h, "/?q=cat")), `class="partial"`) {
		t.Error("a whole answer's page says it is partial")
	}
}

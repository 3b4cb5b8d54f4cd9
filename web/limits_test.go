package web

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/check"
	"github.com/pullquote/pullquote/search/film"
)

// openAPIParams returns the query parameters of one path of openapi.json
// by name, each with its schema.
func openAPIParams(t *testing.T, path string) map[string]map[string]any {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string         `json:"name"`
				In     string         `json:"in"`
				Schema map[string]any `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, p := range doc.Paths[path]["get"].Parameters {
		if p.In == "query" {
			out[p.Name] = p.Schema
		}
	}
	if len(out) == 0 {
		t.Fatalf("openapi.json: no query parameters of GET %s", path)
	}
	return out
}

// limit is one limit the document states: a parameter's maximum, maxLength
// or maxItems.
type limit struct {
	param, kind string
	n           int
}

// statedLimits returns every limit the document states for path's query
// parameters.
func statedLimits(params map[string]map[string]any) []limit {
	var out []limit
	for name, s := range params {
		for _, kind := range []string{"maximum", "maxLength", "maxItems"} {
			if v, ok := s[kind].(float64); ok {
				out = append(out, limit{name, kind, int(v)})
			}
		}
	}
	return out
}

// valueAt returns parameters that put param at n of its kind of limit:
// a number n, a string of n characters (two bytes each: characters are
// counted, not bytes), n distinct values.
func valueAt(l limit, n int) url.Values {
	v := url.Values{}
	switch l.kind {
	case "maximum":
		v.Set(l.param, strconv.Itoa(n))
	case "maxLength":
		v.Set(l.param, strings.Repeat("é", n))
	case "maxItems":
		for i := range n {
			v.Add(l.param, fmt.Sprintf("v%d", i))
		}
	}
	return v
}

// The OpenAPI document states the limits the server enforces: each
// stated maximum answers 200, one more answers 400 naming the parameter,
// and each equals the constant the server checks.
func TestOpenAPIStatesTheLimits(t *testing.T) {
	h := NewHandler(slog.New(slog.DiscardHandler), EmbeddedIndex(t), Options{})
	for _, c := range []struct {
		path  string
		wants map[string]int // param/kind → the constant
	}{
		{"/api/search", map[string]int{
			"q/maxLength": search.MaxQueryRunes, "page/maximum": search.MaxPage, "size/maximum": search.MaxSize,
			"outlet/maxItems": search.MaxValues, "work/maxItems": search.MaxValues,
		}},
		{"/api/films", map[string]int{"q/maxLength": search.MaxValueRunes, "size/maximum": film.MaxSize}},
	} {
		limits := statedLimits(openAPIParams(t, c.path))
		seen := map[string]bool{}
		for _, l := range limits {
			key := l.param + "/" + l.kind
			want, ok := c.wants[key]
			if !ok {
				t.Errorf("%s: %s %s %d: a limit the test does not know", c.path, l.param, l.kind, l.n)
				continue
			}
			seen[key] = true
			if l.n != want {
				t.Errorf("%s: %s %s is %d in openapi.json, %d in the code", c.path, l.param, l.kind, l.n, want)
			}
			if resp := get(t, h, c.path+"?"+valueAt(l, l.n).Encode()); resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %s at its %s %d: status %d, want 200", c.path, l.param, l.kind, l.n, resp.StatusCode)
			}
			resp := get(t, h, c.path+"?"+valueAt(l, l.n+1).Encode())
			if b := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, l.param) {
				t.Errorf("%s: %s one past its %s %d: status %d, %.200s; want 400 naming it", c.path, l.param, l.kind, l.n, resp.StatusCode, b)
			}
		}
		for key := range c.wants {
			if !seen[key] {
				t.Errorf("%s: openapi.json states no %s", c.path, key)
			}
		}
	}
}

// The page's and the widget's inputs take the server's limits.
func TestInputsTakeTheLimits(t *testing.T) {
	h := NewHandler(slog.New(slog.DiscardHandler), EmbeddedIndex(t), Options{})
	maxlength := regexp.MustCompile(`<input id="[a-z-]*q" [^>]*maxlength="(\d+)"`)
	for path, want := range map[string]int{"/": search.MaxQueryRunes, "/embed": search.MaxQueryRunes, "/films": search.MaxValueRunes} {
		m := maxlength.FindStringSubmatch(body(t, get(t, h, path)))
		if m == nil || m[1] != strconv.Itoa(want) {
			t.Errorf("%s: the query input's maxlength is %v, want %d", path, m, want)
		}
	}
	js, err := staticFS.ReadFile("static/embed.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var maxSearch = (\d+), maxCheck = (\d+);`).FindSubmatch(js)
	if m == nil {
		t.Fatal("embed.js states no maxSearch and maxCheck")
	}
	if got, want := string(m[1]), strconv.Itoa(search.MaxQueryRunes); got != want {
		t.Errorf("embed.js: maxSearch %s, want %s (search.MaxQueryRunes)", got, want)
	}
	if got, want := string(m[2]), strconv.Itoa(check.MaxQuoteRunes+3*search.MaxValueRunes); got != want {
		t.Errorf("embed.js: maxCheck %s, want %s (a quote and three attribution parts)", got, want)
	}
}

// A query of more than search.MaxQueryWords words is searched by its
// first words, not refused, and the API says so as openapi.json states.
func TestAPISearchesTheFirstWords(t *testing.T) {
	h := NewHandler(slog.New(slog.DiscardHandler), EmbeddedIndex(t), Options{})
	words := make([]string, search.MaxQueryWords+6)
	for i := range words {
		words[i] = "film"
	}
	words[0] = "unfinished"
	resp := get(t, h, "/api/search?"+url.Values{"q": {strings.Join(words, " ")}}.Encode())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d words: status %d, %.200s; want 200", len(words), resp.StatusCode, body(t, resp))
	}
	var got struct {
		Query string `json:"query"`
		Total int    `json:"total"`
		Cut   *struct {
			Searched int `json:"searched"`
			Given    int `json:"given"`
		} `json:"cut"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(words[:search.MaxQueryWords], " "); got.Query != want {
		t.Errorf("query %q, want the first %d words", got.Query, search.MaxQueryWords)
	}
	if got.Cut == nil || got.Cut.Searched != search.MaxQueryWords || got.Cut.Given != len(words) {
		t.Errorf("cut %+v, want %d of %d", got.Cut, search.MaxQueryWords, len(words))
	}
	if got.Total == 0 {
		t.Error("no hits")
	}
	if b := body(t, get(t, h, "/api/search?q=documentary")); strings.Contains(b, `"cut"`) {
		t.Errorf("a short query's answer has a cut: %.200s", b)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, Description string } `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Properties map[string]struct {
						Minimum float64 `json:"minimum"`
					} `json:"properties"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Paths["/api/search"]["get"].Parameters {
		if p.Name == "q" && !strings.Contains(p.Description, fmt.Sprintf("than %d words the first %d are searched", search.MaxQueryWords, search.MaxQueryWords)) {
			t.Errorf("openapi.json: q is %q, which does not state the first %d words are searched", p.Description, search.MaxQueryWords)
		}
	}
	if m := doc.Components.Schemas["SearchResponse"].Properties["cut"].Properties["given"].Minimum; int(m) != search.MaxQueryWords+1 {
		t.Errorf("openapi.json: cut.given has minimum %v, want %d", m, search.MaxQueryWords+1)
	}
}

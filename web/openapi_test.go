package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// schemaChecker checks JSON values against the subset of JSON Schema that
// openapi.json uses: $ref, type (one or a list, "null" included), required,
// properties, items, enum, minimum and maximum.
type schemaChecker struct {
	doc map[string]any
}

func (c schemaChecker) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = c.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		s = cur.(map[string]any)
	}
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// check returns every way v breaks schema s, each naming where.
func (c schemaChecker) check(at string, s map[string]any, v any) []string {
	s = c.resolve(s)
	var errs []string
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		got := jsonType(v)
		if !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
			return append(errs, fmt.Sprintf("%s: %s, want %v", at, got, types))
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, enum))
	}
	if f, ok := v.(float64); ok {
		if lo, ok := s["minimum"].(float64); ok && f < lo {
			errs = append(errs, fmt.Sprintf("%s: %v below %v", at, f, lo))
		}
		if hi, ok := s["maximum"].(float64); ok && f > hi {
			errs = append(errs, fmt.Sprintf("%s: %v above %v", at, f, hi))
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asSlice(s["required"]) {
			if _, ok := v[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: missing required %q", at, r))
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, pv := range v {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if props != nil {
					errs = append(errs, fmt.Sprintf("%s: property %q not in the document", at, k))
				}
				continue
			}
			errs = append(errs, c.check(at+"."+k, ps, pv)...)
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, c.check(fmt.Sprintf("%s[%d]", at, i), items, x)...)
			}
		}
	}
	return errs
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func TestOpenAPIMatchesResponses(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	var doc map[string]any
	if err := json.Unmarshal([]byte(body(t, get(t, h, "/api/openapi.json"))), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	c := schemaChecker{doc: doc}
	schemaFor := func(path, status string) map[string]any {
		t.Helper()
		op := doc["paths"].(map[string]any)[path].(map[string]any)["get"].(map[string]any)
		r, ok := op["responses"].(map[string]any)[status].(map[string]any)
		if !ok {
			t.Fatalf("openapi.json: %s has no %s response", path, status)
		}
		return r["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	}
	tests := []struct {
		target, path string
		status       int
	}{
		{"/api/search?q=clever", "/api/search", 200},
		{"/api/search?q=documentary&score=none&score=60..100&sort=newest", "/api/search", 200},
		{"/api/search?q=camera", "/api/search", 200},
		{"/api/search?q=nothing+matches+this", "/api/search", 200},
		{"/api/search?outlet=CineVue", "/api/search", 200},
		{"/api/search?" + url.Values{"q": {strings.Repeat("clever cat ", 35)}}.Encode(), "/api/search", 200},
		{"/api/search?page=0", "/api/search", 400},
		{"/api/reviews/r1", "/api/reviews/{id}", 200},
		{"/api/reviews/r4", "/api/reviews/{id}", 200},
		{"/api/reviews/nope", "/api/reviews/{id}", 404},
		{"/api/check?q=%22the+clever+cat+busily%22+-+Kerry+Lengel", "/api/check", 200},
		{"/api/check?q=%22a+clever+dog%22+-+Ty+Burr", "/api/check", 200},
		{"/api/check?q=%22nothing+anyone+wrote%22", "/api/check", 200},
		{"/api/check", "/api/check", 400},
	}
	for _, tt := range tests {
		resp := get(t, h, tt.target)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.target, resp.StatusCode, tt.status)
			continue
		}
		var v any
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
			t.Fatalf("%s: %v", tt.target, err)
		}
		for _, e := range c.check("$", schemaFor(tt.path, fmt.Sprint(tt.status)), v) {
			t.Errorf("%s: %s", tt.target, e)
		}
	}
	// The checker itself must catch a broken response.
	bad := map[string]any{"query": "x", "total": -1.0, "took_ms": "fast", "hits": []any{map[string]any{"id": "a", "score": 120.0}}}
	if errs := c.check("$", schemaFor("/api/search", "200"), bad); len(errs) < 4 {
		t.Errorf("checker missed errors in a broken response: %v", errs)
	}
	for _, route := range []string{"/api/search", "/api/reviews/{id}", "/api/check", "/api/openapi.json"} {
		if _, ok := doc["paths"].(map[string]any)[route]; !ok {
			t.Errorf("openapi.json does not describe %s", route)
		}
	}
}

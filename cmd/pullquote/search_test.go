package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/search"
)

// searchTestIndex builds the embedded corpus into a temporary index.
func searchTestIndex(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := func(ctx context.Context, fn func(corpus.Review) error) error {
		_, err := corpus.LoadEmbedded(ctx, corpus.Options{}, fn)
		return err
	}
	if _, err := index.Build(context.Background(), dir, src, index.BuildOptions{}); err != nil {
		t.Fatalf("build index: %v", err)
	}
	return dir
}

func runSearchCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errw bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), append([]string{"pullquote", "search"}, args...), getenv, strings.NewReader(""), &out, &errw)
	return out.String(), errw.String(), err
}

func TestSearchCommandJSON(t *testing.T) {
	dir := searchTestIndex(t)
	out, stderr, err := runSearchCmd(t, "--index", dir, "--json", "tofu", "construction")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	var resp search.ResponseJSON
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("output is not a JSON response: %v\n%s", err, out)
	}
	// The API's shape: milliseconds, scores as numbers, dates as days.
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["took_ms"].(float64); !ok {
		t.Errorf("no took_ms in %.200s", out)
	}
	if len(resp.Hits) == 0 || resp.Hits[0].Author != "tbmforclasstsar" || !strings.Contains(resp.Hits[0].Highlight, "<mark>tofu</mark>") {
		t.Fatalf("first hit %+v, want the IMDb paragraph by tbmforclasstsar with tofu marked", resp.Hits)
	}
}

func TestSearchCommandFilters(t *testing.T) {
	dir := searchTestIndex(t)
	// Flags may follow the query words.
	out, stderr, err := runSearchCmd(t, "--index", dir, "--json", "documentary", "--kind", "user", "--score", "50..70", "--from", "2012", "--to", "2013-06", "--sort", "newest")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	var resp search.ResponseJSON
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Hits) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range resp.Hits {
		if h.Kind != "user" || h.Score == nil || *h.Score < 50 || *h.Score > 70 || h.Date == nil || *h.Date < "2012-01-01" || *h.Date > "2013-06-30" {
			t.Errorf("hit %s (%s, %v, %v) escapes the filters", h.ID, h.Kind, h.Score, h.Date)
		}
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := search.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSearchCommandListing(t *testing.T) {
	dir := searchTestIndex(t)
	out, stderr, err := runSearchCmd(t, "--index", dir, "thrilling", "unfinished", "symphony")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	for _, want := range []string{"1. Kenneth Turan", "«thrilling»", "«symphony»", "score 90", "2012-08-05", "scores:", "dates:"} {
		if !strings.Contains(out, want) {
			t.Errorf("listing lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") || strings.Contains(out, "<mark>") || strings.Contains(out, "&#39;") {
		t.Errorf("listing to a non-terminal has escapes or HTML:\n%s", out)
	}
	out, _, err = runSearchCmd(t, "--index", dir, "--color", "always", "thrilling")
	if err != nil || !strings.Contains(out, "\x1b[1mthrilling\x1b[0m") {
		t.Errorf("--color always: err %v, no bold in:\n%s", err, out)
	}
}

func TestSearchCommandErrors(t *testing.T) {
	dir := searchTestIndex(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--index", dir, "--score", "80..200", "ai"}, "--score"},
		{[]string{"--index", dir, "--from", "last week", "ai"}, "--from"},
		{[]string{"--index", dir, "--sort", "loudest", "ai"}, "sort"},
		{[]string{"--index", dir, "--size", "0", "ai"}, "--size"},
		{[]string{"--index", dir}, "QUERY"},
		{[]string{"--index", t.TempDir(), "ai"}, "pullquote index"},
	}
	for _, tt := range tests {
		_, _, err := runSearchCmd(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("search %q: err = %v, want one naming %q", tt.args, err, tt.want)
		}
	}
	_, _, err := runSearchCmd(t, "--index", dir, "--score", "abc", "ai")
	var inv *search.InvalidError
	if !errors.As(err, &inv) || inv.Param != "--score" {
		t.Errorf("bad --score: %v, want *search.InvalidError for --score", err)
	}
}

// A pasted paragraph past search.MaxQueryWords is searched by its first
// words, and both outputs say so.
func TestSearchCommandCutsLongQueries(t *testing.T) {
	dir := searchTestIndex(t)
	words := append([]string{"tofu"}, strings.Fields(strings.Repeat("film ", search.MaxQueryWords+5))...)
	out, stderr, err := runSearchCmd(t, append([]string{"--index", dir, "--json"}, words...)...)
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	var resp search.ResponseJSON
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("output is not a JSON response: %v\n%s", err, out)
	}
	if resp.Cut == nil || resp.Cut.Searched != search.MaxQueryWords || resp.Cut.Given != len(words) {
		t.Errorf("cut %+v, want %d of %d", resp.Cut, search.MaxQueryWords, len(words))
	}
	out, stderr, err = runSearchCmd(t, append([]string{"--index", dir, "--facets=false"}, words...)...)
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	if want := "Searched the first 64 of 70 words."; !strings.Contains(out, want) {
		t.Errorf("output %.300s lacks %q", out, want)
	}
}

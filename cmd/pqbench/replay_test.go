package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/web"
)

// TestReplay runs the replay child for a moment against a real server over
// a small pullquote index: the mix reaches the server, repeats come from
// the cache, and nothing fails.
func TestReplay(t *testing.T) {
	ctx := context.Background()
	path := testCorpus(t, 600)
	qs, err := drawQueries(ctx, path, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	qpath := filepath.Join(t.TempDir(), "queries.json")
	b, err := json.Marshal(qs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(qpath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := (pullquoteEngine{}).build(ctx, path, dir); err != nil {
		t.Fatal(err)
	}
	q, err := openPullquote(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	srv := httptest.NewServer(web.NewHandler(slog.New(slog.DiscardHandler), q.s, web.Options{}))
	defer srv.Close()

	rt := filepath.Join("..", "..", "..", "shared", "data", "rt-pixar")
	var out bytes.Buffer
	stop, probed := make(chan struct{}), make(chan float64, 1)
	go func() { probed <- probeHealthz(ctx, srv.URL, stop) }()
	err = runChildReplay(ctx, []string{"-url", srv.URL, "-c", "4", "-d", "1s", "-queries", qpath, "-rt", rt}, &out)
	close(stop)
	healthz := <-probed
	if err != nil {
		t.Fatal(err)
	}
	var ro replayOut
	if err := json.Unmarshal(out.Bytes(), &ro); err != nil {
		t.Fatal(err)
	}
	if ro.OK == 0 || ro.Errors != 0 || ro.NoRetryAfter != 0 {
		t.Errorf("replay: %d ok, %d errors (%s), %d refusals without Retry-After", ro.OK, ro.Errors, ro.FirstError, ro.NoRetryAfter)
	}
	if ro.HitRate <= 0.05 || ro.HitRate >= 1 {
		t.Errorf("cache hit rate %.2f on a Zipf mix, want most repeats from the cache", ro.HitRate)
	}
	if min := tailSize + 5*len(corpusClasses); ro.Distinct < min {
		t.Errorf("%d distinct requests in the mix, want at least %d", ro.Distinct, min)
	}
	if healthz <= 0 {
		t.Error("no /healthz probe answered")
	}
	mix := replayMix("http://x", qs, []string{"up"}, "", 1)
	if !strings.Contains(mix[0], "/embed?") || !strings.Contains(mix[1], "/api/search?") {
		t.Errorf("the mix does not start with the widget presets: %v", mix[:2])
	}
	if !slices.Contains(mix[:12], "http://x/api/films/up") {
		t.Errorf("the presets lack the film card: %v", mix[:12])
	}
}

// TestCheckChild times checks on a small pullquote index: each kind of
// drawn blurb gets the verdict it was drawn for, most of the time.
func TestCheckChild(t *testing.T) {
	ctx := context.Background()
	path := testCorpus(t, 600)
	dir := t.TempDir()
	if _, err := (pullquoteEngine{}).build(ctx, path, dir); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := runChildCheck(ctx, []string{"-corpus", path, "-dir", dir, "-n", "40"}, &out); err != nil {
		t.Fatal(err)
	}
	var co checkOut
	if err := json.Unmarshal(out.Bytes(), &co); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range co.Verdicts {
		total += n
	}
	if total != 40 || co.P99 <= 0 {
		t.Fatalf("check child: %+v", co)
	}
	for v, min := range map[string]int{"exact": 8, "trimmed": 8, "altered": 5, "not_found": 5} {
		if co.Verdicts[v] < min {
			t.Errorf("%d %s verdicts of 40 (10 drawn as each kind), want at least %d: %v", co.Verdicts[v], v, min, co.Verdicts)
		}
	}
}

package index

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// docCount returns the number of paragraph documents in the bleve index.
func docCount(tb testing.TB, ix *Index) uint64 {
	tb.Helper()
	res, err := ix.bleve().Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false))
	if err != nil {
		tb.Fatal(err)
	}
	return res.Total
}

func TestAddSameInputTwice(t *testing.T) {
	rs := testReviews()
	ix := newTestIndex(t, rs)
	before := docCount(t, ix)
	stats, err := ix.Add(context.Background(), corpus.Reviews(rs), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Replaced != len(rs) {
		t.Errorf("Replaced = %d, want %d", stats.Replaced, len(rs))
	}
	if got := docCount(t, ix); got != before {
		t.Errorf("after re-adding the same input: %d documents, want %d", got, before)
	}
	if m := ix.Meta(); m.Reviews != 3 || m.Paragraphs != 6 {
		t.Errorf("meta counts = %d reviews, %d paragraphs; want 3, 6", m.Reviews, m.Paragraphs)
	}
}

func TestAddMoreAndReplace(t *testing.T) {
	rs := testReviews()
	ix := newTestIndex(t, rs[:2])
	// One new review, and the first review now with one paragraph instead of two.
	shorter := rs[0]
	shorter.Paragraphs = []string{"Now a single paragraph about balloons."}
	stats, err := ix.Add(context.Background(), corpus.Reviews([]corpus.Review{rs[2], shorter}), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Reviews != 2 || stats.Replaced != 1 || stats.Paragraphs != 3 {
		t.Errorf("stats = %+v, want 2 reviews, 1 replaced, 3 paragraphs", stats)
	}
	if got := termHits(t, ix, FieldText, "balloon"); !reflect.DeepEqual(got, []string{"imdb-up-7-0", "mc-up-1-0"}) {
		t.Errorf("balloon hits = %v", got)
	}
	if got := termHits(t, ix, FieldText, "inspir"); !reflect.DeepEqual(got, []string{"art-wall-e-2"}) {
		t.Errorf("inspir hits = %v; the replaced review's old paragraph 1 must be gone", got)
	}
	if _, err := ix.paragraph("mc-up-1-1"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("old paragraph still stored: %v", err)
	}
	got, err := ix.Review(context.Background(), "mc-up-1")
	if err != nil || !reflect.DeepEqual(got.Paragraphs, shorter.Paragraphs) {
		t.Errorf("Review = %v, %v", got, err)
	}
	if got := docCount(t, ix); got != 4 {
		t.Errorf("%d documents, want 4", got)
	}
}

// Build and Add share one rule for an ID that comes twice in one input:
// the first is kept, the next counted as a duplicate.
func TestDuplicateInOneInput(t *testing.T) {
	rs := testReviews()
	again := rs[0]
	again.Paragraphs = []string{"A later copy that must not win."}
	input := []corpus.Review{rs[0], rs[1], again}
	for _, add := range []bool{false, true} {
		var ix *Index
		var stats *BuildStats
		var err error
		if add {
			ix = newTestIndex(t, rs[2:])
			stats, err = ix.Add(context.Background(), corpus.Reviews(input), BuildOptions{BatchSize: 1})
		} else {
			dir := t.TempDir()
			stats, err = Build(context.Background(), dir, corpus.Reviews(input), BuildOptions{BatchSize: 1})
			ix = reopen(t, dir)
		}
		if err != nil {
			t.Fatal(err)
		}
		if stats.Reviews != 2 || stats.Duplicates != 1 {
			t.Errorf("add=%v: stats %+v, want 2 reviews and 1 duplicate", add, stats)
		}
		if r, err := ix.Review(context.Background(), rs[0].ID); err != nil || !reflect.DeepEqual(r.Paragraphs, rs[0].Paragraphs) {
			t.Errorf("add=%v: review %s is %v, %v; want the first copy", add, rs[0].ID, r, err)
		}
	}
}

func TestDelete(t *testing.T) {
	ix := newTestIndex(t, testReviews())
	n, err := ix.Delete(context.Background(), "mc-up-1", "no-such-review")
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("Delete found %d, want 1", n)
	}
	if got := termHits(t, ix, FieldOutlet, "Boston Globe"); got != nil {
		t.Errorf("deleted review's paragraphs still indexed: %v", got)
	}
	if _, err := ix.Review(context.Background(), "mc-up-1"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("Review after Delete: %v, want ErrNotFound", err)
	}
	if got := docCount(t, ix); got != 3 {
		t.Errorf("%d documents, want 3", got)
	}
	if m := ix.Meta(); m.Reviews != 2 {
		t.Errorf("meta reviews = %d, want 2", m.Reviews)
	}
}

func TestRebuildSwapsAndCleansUp(t *testing.T) {
	dir := t.TempDir()
	rs := testReviews()
	if _, err := Build(context.Background(), dir, corpus.Reviews(rs[:1]), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	old, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	stats, err := Build(context.Background(), dir, corpus.Reviews(append(rs, rs[0])), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Reviews != 3 || stats.Duplicates != 1 {
		t.Errorf("stats = %+v, want 3 reviews, 1 duplicate", stats)
	}
	if _, err := old.Add(context.Background(), corpus.Reviews(rs[1:2]), BuildOptions{}); err == nil || !strings.Contains(err.Error(), "rebuilt") {
		t.Errorf("Add to a replaced generation: %v, want an error saying it was rebuilt", err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := docCount(t, ix); got != 5 {
		t.Errorf("%d documents after rebuild, want 5", got)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("generations left: %v, want only the live one", gens)
	}
}

func TestBuildFailureKeepsOldIndex(t *testing.T) {
	dir := t.TempDir()
	if _, err := Build(context.Background(), dir, corpus.Reviews(testReviews()), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	failing := func(ctx context.Context, fn func(corpus.Review) error) error {
		for i := range 20 {
			if i == 10 {
				cancel()
			}
			r := corpus.Review{ID: fmt.Sprint("new-", i), Paragraphs: []string{"new text"}}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	if _, err := Build(ctx, dir, failing, BuildOptions{BatchSize: 3}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build error = %v, want context.Canceled", err)
	}
	bad := corpus.Reviews([]corpus.Review{{ID: "", Source: "x.jsonl:3"}})
	if _, err := Build(context.Background(), dir, bad, BuildOptions{}); err == nil || !strings.Contains(err.Error(), "x.jsonl:3") {
		t.Errorf("build with a review without ID: %v, want error naming its source", err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := docCount(t, ix); got != 5 {
		t.Errorf("%d documents after failed builds, want the old 5", got)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("generations left: %v, want only the live one", gens)
	}
}

func TestConcurrentWriterRefused(t *testing.T) {
	dir := t.TempDir()
	if _, err := Build(context.Background(), dir, corpus.Reviews(testReviews()), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	// flock locks are per open file, so a second lock in this process
	// conflicts just as another process would.
	if _, err := Build(context.Background(), dir, corpus.Reviews(testReviews()), BuildOptions{}); err == nil || !strings.Contains(err.Error(), "another pullquote process") {
		t.Errorf("Build while locked: %v", err)
	}
}

// killEnv names the index directory for the child process of
// TestWriteKilled, killMode what it does there ("build" or "add");
// killReady is what the child prints once it is mid-write.
const (
	killEnv   = "PULLQUOTE_TEST_KILL_BUILD_DIR"
	killMode  = "PULLQUOTE_TEST_KILL_MODE"
	killReady = "building"
)

// TestWriteKilledChild rebuilds or adds to the index named by killEnv
// with reviews that never end, until it is killed.
func TestWriteKilledChild(t *testing.T) {
	dir := os.Getenv(killEnv)
	if dir == "" {
		t.Skip("run by TestWriteKilled")
	}
	g := synthGenerator(t, 1)
	src := func(ctx context.Context, fn func(corpus.Review) error) error {
		for i := 0; ; i++ {
			if i == 300 {
				fmt.Println(killReady)
			}
			if err := fn(g.Next(0)); err != nil {
				return err
			}
		}
	}
	var err error
	if os.Getenv(killMode) == "add" {
		_, err = AddTo(context.Background(), dir, src, BuildOptions{BatchSize: 200})
	} else {
		_, err = Build(context.Background(), dir, src, BuildOptions{BatchSize: 200})
	}
	t.Fatalf("write ended: %v", err)
}

// A rebuild or an add killed half way leaves the live index as it was,
// for the readers that have it open and for the next to open it, and the
// next write, or Collect (`pullquote index --gc`), clears away what it
// left.
func TestWriteKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	for _, tc := range []struct{ mode, then string }{
		{"build", "write"}, {"add", "write"}, {"build", "collect"}, {"add", "collect"},
	} {
		mode := tc.mode
		t.Run(mode+"/then_"+tc.then, func(t *testing.T) {
			dir := t.TempDir()
			rs := testReviews()
			if _, err := Build(context.Background(), dir, corpus.Reviews(rs), BuildOptions{}); err != nil {
				t.Fatal(err)
			}
			oldGen, err := currentGeneration(dir)
			if err != nil {
				t.Fatal(err)
			}
			// The live index stays open, as a server would hold it.
			live, err := OpenReadOnly(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer live.Close()
			killMidWrite(t, dir, mode)

			gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
			if len(gens) != 2 {
				t.Errorf("generations after kill: %v, want the live one and the partial one", gens)
			}
			if gen, err := currentGeneration(dir); err != nil || gen != oldGen {
				t.Fatalf("CURRENT = %q, %v; want %q", gen, err, oldGen)
			}
			for i := range 2 {
				ix := live
				if i == 1 {
					// Opened again, as after a restart.
					live.Close()
					ix = reopen(t, dir)
				}
				if got := docCount(t, ix); got != 5 {
					t.Errorf("%d documents after the kill, want the old 5", got)
				}
				if m := ix.Meta(); m.Reviews != 3 || m.Paragraphs != 6 {
					t.Errorf("meta.json after the kill: %d reviews, %d paragraphs; want 3 and 6", m.Reviews, m.Paragraphs)
				}
				if reviews, paragraphs, err := ix.store.count(); err != nil || reviews != 3 || paragraphs != 6 {
					t.Errorf("store after the kill: %d reviews, %d paragraphs (%v); want 3 and 6 (a blank one)", reviews, paragraphs, err)
				}
				if got := termHits(t, ix, FieldText, "symphoni"); !reflect.DeepEqual(got, []string{"mc-up-1-0"}) {
					t.Errorf("old document not found after the kill: %v", got)
				}
				if r, err := ix.Review(context.Background(), "imdb-up-7"); err != nil || r.Author != "moviefan" {
					t.Errorf("old review after the kill: %v, %v", r, err)
				}
			}
			// The next write, or Collect, clears the partial generation away.
			switch {
			case tc.then == "collect":
				var removed []string
				removed, err = Collect(dir)
				if len(removed) != 1 || filepath.Base(removed[0]) == oldGen {
					t.Errorf("Collect removed %q, want the partial generation", removed)
				}
			case mode == "add":
				_, err = AddTo(context.Background(), dir, corpus.Reviews(rs[:1]), BuildOptions{})
			default:
				_, err = Build(context.Background(), dir, corpus.Reviews(rs[:1]), BuildOptions{})
			}
			if err != nil {
				t.Fatal(err)
			}
			gens, _ = filepath.Glob(filepath.Join(dir, genPrefix+"*"))
			if len(gens) != 1 {
				t.Errorf("generations after the next %s: %v, want one", tc.then, gens)
			}
			if gen, err := currentGeneration(dir); tc.then == "collect" && (err != nil || len(gens) != 1 || filepath.Base(gens[0]) != gen || gen != oldGen) {
				t.Errorf("after Collect: CURRENT = %q, %v, generations %v; want only the live %s", gen, err, gens, oldGen)
			}
		})
	}
}

// killMidWrite runs TestWriteKilledChild in a child process and kills it
// once it has written a few batches.
func killMidWrite(t *testing.T, dir, mode string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteKilledChild$", "-test.v")
	cmd.Env = append(os.Environ(), killEnv+"="+dir, killMode+"="+mode)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == killReady {
				ready <- true
				return
			}
		}
		close(ready)
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatal("child write ended before it was killed")
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("child write never got going")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

func reopen(tb testing.TB, dir string) *Index {
	tb.Helper()
	ix, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// AddTo and DeleteFrom write while a reader has the index open (a server),
// which sees the change once it reloads, and never sees half of it.
func TestAddToWhileServing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rs := testReviews()
	if _, err := Build(ctx, dir, corpus.Reviews(rs[:2]), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	live, err := OpenLive(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	before := live.Version()
	if _, err := AddTo(ctx, dir, corpus.Reviews(rs[2:]), BuildOptions{}); err != nil {
		t.Fatalf("add while a server has the index open: %v", err)
	}
	if _, err := live.Review(ctx, "art-wall-e"); err == nil {
		t.Error("the open generation changed under its reader")
	}
	if switched, err := live.Reload(); err != nil || !switched {
		t.Fatalf("reload after the add: %v, %v", switched, err)
	}
	if r, err := live.Review(ctx, "art-wall-e"); err != nil || r.Title != "Robots in love" || live.Version() == before {
		t.Errorf("after reloading: %v, %v, version %s (was %s)", r, err, live.Version(), before)
	}
	if n, err := DeleteFrom(ctx, dir, "art-wall-e", "nope"); err != nil || n != 1 {
		t.Fatalf("delete while serving: %d, %v", n, err)
	}
	live.Reload()
	if _, err := live.Review(ctx, "art-wall-e"); err == nil {
		t.Error("the deleted review is still there after reloading")
	}
	if m := live.Meta(); m.Reviews != 2 {
		t.Errorf("meta.json says %d reviews, want 2", m.Reviews)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("generations: %v, want only the live one", gens)
	}
}

// TestSearchAfterDeletingEverything: an index whose every paragraph is
// deleted answers with no hits, not an error (a text field no shard holds
// has a BM25 statistic of 0).
func TestSearchAfterDeletingEverything(t *testing.T) {
	rs := testReviews()
	ix := newTestIndex(t, rs)
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	if _, err := ix.Delete(context.Background(), ids...); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"documentary ", `"never sorry"`, "score:>=80"} {
		resp, err := searchOf(ix).Search(context.Background(), search.Request{Query: q})
		if err != nil || resp.Total != 0 {
			t.Errorf("Search(%q) after deleting everything = %v, %v; want no hits", q, resp, err)
		}
	}
}

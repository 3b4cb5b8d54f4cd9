package index

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Names of leftovers the tests make: generations older than any a build
// names now.
const (
	partialGen  = genPrefix + "19700101T000000.000000-1"
	replacedGen = genPrefix + "19700101T000000.000000-2"
)

// leavePartial makes what a build killed half way leaves in dir: a
// generation with a shard's segment and no meta.json.
func leavePartial(tb testing.TB, dir string) {
	tb.Helper()
	store := filepath.Join(dir, partialGen, "shard-0", "store")
	if err := os.MkdirAll(store, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store, "000000000001.zap"), []byte("partial"), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// names returns the names in dir, sorted.
func names(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// Collect removes a killed build's partial generation, a replaced
// generation and a killed switch's CURRENT.tmp, and nothing else: the
// live generation stays as it was, for a reader that has it open and for
// the next to open it.
func TestCollect(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Build(ctx, dir, corpus.Reviews(testReviews()), BuildOptions{Shards: 2}); err != nil {
		t.Fatal(err)
	}
	live, err := currentGeneration(dir)
	if err != nil {
		t.Fatal(err)
	}
	leavePartial(t, dir)
	if err := cloneGeneration(filepath.Join(dir, live), filepath.Join(dir, replacedGen)); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{currentFile + ".tmp": replacedGen + "\n", "notes.txt": "mine"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reader, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()

	removed, err := Collect(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, currentFile+".tmp"), filepath.Join(dir, partialGen), filepath.Join(dir, replacedGen)}
	if !reflect.DeepEqual(removed, want) {
		t.Errorf("Collect removed %q, want %q", removed, want)
	}
	if got, want := names(t, dir), []string{currentFile, lockFile, live, "notes.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
	if gen, err := currentGeneration(dir); err != nil || gen != live {
		t.Errorf("CURRENT = %q, %v; want %q", gen, err, live)
	}
	again, err := OpenReadOnly(dir) // as after a restart
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for i, ix := range []*Index{reader, again} {
		if got := docCount(t, ix); got != 5 {
			t.Errorf("index %d: %d documents after Collect, want 5", i, got)
		}
		resp, err := searchOf(ix).Search(ctx, search.Request{Query: "symphony"})
		if err != nil || resp.Total != 1 {
			t.Errorf("index %d: search after Collect = %+v, %v; want 1 hit", i, resp, err)
		}
	}
	if removed, err := Collect(dir); err != nil || len(removed) != 0 {
		t.Errorf("Collect again = %q, %v; want nothing removed", removed, err)
	}
}

// Collect removes nothing where it cannot be sure which generation is
// live, or while a writer runs; with LOCK and no CURRENT (a first build
// killed) it removes every generation.
func TestCollectRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, dir string)
		err     string
		removed []string
		left    []string
	}{
		{
			name: "a writer holds the lock",
			setup: func(t *testing.T, dir string) {
				buildTiny(t, dir)
				leavePartial(t, dir)
				unlock, err := lockDir(dir)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(unlock)
			},
			err:  "another pullquote process",
			left: []string{currentFile, lockFile, partialGen, "live"},
		},
		{
			name:  "not an index",
			setup: func(t *testing.T, dir string) { leavePartial(t, dir) },
			err:   "no index there",
			left:  []string{partialGen},
		},
		{
			name: "CURRENT names a generation that is not there",
			setup: func(t *testing.T, dir string) {
				leavePartial(t, dir)
				if err := os.WriteFile(filepath.Join(dir, currentFile), []byte(genPrefix+"gone\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			err:  "which is not there",
			left: []string{currentFile, lockFile, partialGen},
		},
		{
			name: "CURRENT names no generation",
			setup: func(t *testing.T, dir string) {
				leavePartial(t, dir)
				if err := os.WriteFile(filepath.Join(dir, currentFile), []byte("../elsewhere\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			err:  "not a generation",
			left: []string{currentFile, lockFile, partialGen},
		},
		{
			name: "a first build killed",
			setup: func(t *testing.T, dir string) {
				leavePartial(t, dir)
				if err := os.WriteFile(filepath.Join(dir, lockFile), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			},
			removed: []string{partialGen},
			left:    []string{lockFile},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			live, _ := currentGeneration(dir)
			removed, err := Collect(dir)
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("Collect: %v, want an error saying %q", err, tc.err)
			}
			if tc.err == "" && err != nil {
				t.Errorf("Collect: %v", err)
			}
			var want []string
			for _, name := range tc.removed {
				want = append(want, filepath.Join(dir, name))
			}
			if !reflect.DeepEqual(removed, want) {
				t.Errorf("removed %q, want %q", removed, want)
			}
			left := names(t, dir)
			if i := slices.Index(left, live); live != "" && i >= 0 {
				left[i] = "live"
				slices.Sort(left)
			}
			if !reflect.DeepEqual(left, tc.left) {
				t.Errorf("left %q, want %q", left, tc.left)
			}
		})
	}
}

// buildTiny builds one review into dir.
func buildTiny(t *testing.T, dir string) {
	t.Helper()
	if _, err := Build(context.Background(), dir, corpus.Reviews(testReviews()[:1]), BuildOptions{Shards: 1}); err != nil {
		t.Fatal(err)
	}
}

// A write that fails removes its generation, unless its switch got as far
// as the rename: then the generation is live and stays.
func TestRemoveFailed(t *testing.T) {
	dir := t.TempDir()
	buildTiny(t, dir)
	live, err := currentGeneration(dir)
	if err != nil {
		t.Fatal(err)
	}
	leavePartial(t, dir)
	removeFailed(dir, live, slog.New(slog.DiscardHandler))
	removeFailed(dir, partialGen, slog.New(slog.DiscardHandler))
	if got, want := names(t, dir), []string{currentFile, lockFile, live}; !reflect.DeepEqual(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
}

// A write starts by removing what killed writes left: a partial
// generation, and the temporary file of a switch killed before its rename.
// (The write here fails, so that it never switches: a switch would replace
// that file anyway.)
func TestWriterRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	buildTiny(t, dir)
	live, err := currentGeneration(dir)
	if err != nil {
		t.Fatal(err)
	}
	leavePartial(t, dir)
	if err := os.WriteFile(filepath.Join(dir, currentFile+".tmp"), []byte(partialGen+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := func(context.Context, func(corpus.Review) error) error { return errors.New("the source broke") }
	if _, err := AddTo(context.Background(), dir, broken, BuildOptions{}); err == nil {
		t.Fatal("AddTo from a broken source succeeded")
	}
	if got, want := names(t, dir), []string{currentFile, lockFile, live}; !reflect.DeepEqual(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
}

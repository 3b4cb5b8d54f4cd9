package index

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pullquote/pullquote/corpus"
)

// partialGen names a generation older than any a build names now.
const partialGen = genPrefix + "19700101T000000.000000-1"

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

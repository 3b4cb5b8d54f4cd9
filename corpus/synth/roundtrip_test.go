package synth

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pullquote/pullquote/corpus"
)

// TestCorpusReadsSynth writes a synthetic corpus to a .jsonl file and reads
// it back through corpus.LoadPaths, strictly: every review must come back
// with its fields.
func TestCorpusReadsSynth(t *testing.T) {
	g := newGen(t, 5)
	var want []corpus.Review
	var line []byte
	for range 300 {
		rv := g.Next(0)
		want = append(want, rv)
		line = AppendJSON(line, &rv)
		line = append(line, '\n')
	}
	path := filepath.Join(t.TempDir(), "synth.jsonl")
	if err := os.WriteFile(path, line, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []corpus.Review
	_, err := corpus.LoadPaths(context.Background(), []string{path}, corpus.Options{Strict: true}, func(rv corpus.Review) error {
		got = append(got, rv)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d reviews, wrote %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		// The loader assigns its own stable IDs, so ID is not compared.
		for _, f := range []struct{ name, got, want string }{
			{"work", g.Work, w.Work}, {"outlet", g.Outlet, w.Outlet}, {"author", g.Author, w.Author},
			{"kind", string(g.Kind), string(w.Kind)}, {"site", g.Site, w.Site}, {"url", g.URL, w.URL},
			{"title", g.Title, w.Title}, {"date", g.Date.String(), w.Date.String()},
		} {
			if f.got != f.want {
				t.Errorf("review %d %s: got %q, want %q", i, f.name, f.got, f.want)
			}
		}
		if (g.Score == nil) != (w.Score == nil) || g.Score != nil && (g.Score.Value != w.Score.Value || g.Score.Raw != w.Score.Raw) {
			t.Errorf("review %d score: got %+v, want %+v", i, g.Score, w.Score)
		}
		if len(g.Paragraphs) != len(w.Paragraphs) {
			t.Fatalf("review %d: %d paragraphs, want %d", i, len(g.Paragraphs), len(w.Paragraphs))
		}
		for j := range w.Paragraphs {
			if g.Paragraphs[j] != w.Paragraphs[j] {
				t.Errorf("review %d paragraph %d:\n got %q\nwant %q", i, j, g.Paragraphs[j], w.Paragraphs[j])
			}
		}
	}
}

package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSavedSeedPages: HTML renderings of the Metacritic and IMDb seed
// pages (as a browser saves them, with scripts, navigation and a cookie
// banner) give the same reviews as the seed text.
func TestSavedSeedPages(t *testing.T) {
	for _, c := range []struct{ seed, file string }{
		{"000_1a33b6cb09d9e8b5.txt", "metacritic.html"},
		{"001_1ccd87e82e9d3a5d.txt", "imdb.html"},
	} {
		t.Run(c.file, func(t *testing.T) {
			want, _ := parseSeed(t, c.seed)
			got, rep, err := load(t, Options{}, filepath.Join("testdata", "html", c.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d reviews from the HTML, %d from the text (skips %v)", len(got), len(want), skipStrings(rep.Skipped))
			}
			for i := range want {
				w, g := want[i], got[i]
				if strings.Join(g.Paragraphs, "\n") != strings.Join(w.Paragraphs, "\n") || g.Author != w.Author || !g.Date.Equal(w.Date) ||
					g.Kind != w.Kind || (g.Score == nil) != (w.Score == nil) || g.Score != nil && *g.Score != *w.Score || g.Title != w.Title {
					gj, _ := json.Marshal(g)
					wj, _ := json.Marshal(w)
					t.Errorf("review %d:\n got %.400s\nwant %.400s", i, gj, wj)
				}
			}
		})
	}
}

// TestHTMLGolden reads each HTML fixture and compares the reviews,
// aggregates, skips and warnings with testdata/html/NAME.golden.json (-update
// rewrites them).
func TestHTMLGolden(t *testing.T) {
	for _, name := range []string{"newspaper-jsonld", "graph-jsonld", "microdata", "plain-article", "user-reviews", "latin1"} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("testdata", "html", name+".html")
			rs, rep, err := load(t, Options{}, file)
			if err != nil {
				t.Fatal(err)
			}
			for i := range rs {
				rs[i].ID, rs[i].Fingerprint = "", "" // covered elsewhere; noise here
			}
			got, err := json.MarshalIndent(struct {
				Reviews    []Review    `json:"reviews"`
				Aggregates []Aggregate `json:"aggregates,omitempty"`
				Skips      []string    `json:"skips,omitempty"`
				Warnings   []string    `json:"warnings,omitempty"`
			}{rs, rep.Aggregates, skipStrings(rep.Skipped), skipStrings(rep.Warnings)}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "html", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != string(got)+"\n" {
				t.Errorf("%s differs from %s (go test -update after checking):\n%s", file, golden, got)
			}
		})
	}
}

// TestMixedFolder imports a folder as people keep one: saved pages with
// their _files folders, page text, CSV and JSON Lines, in one load.
func TestMixedFolder(t *testing.T) {
	dir := t.TempDir()
	copyFile := func(src, dst string) {
		t.Helper()
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(filepath.Join("testdata", "html", "newspaper-jsonld.html"), filepath.Join(dir, "courier.html"))
	copyFile(filepath.Join("testdata", "html", "microdata.html"), filepath.Join(dir, "notebook")) // no extension: HTML by content
	copyFile(filepath.Join("testdata", "reviews.csv"), filepath.Join(dir, "export.csv"))
	for _, asset := range []string{"courier_files/app.js", "courier_files/style.css", "courier_files/photo.jpg", "courier_files/frame.html"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(asset)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, asset), []byte("<html><body><p>an ad frame</p></body></html>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.jsonl"), []byte(`{"text": "A line of my own.", "author": "Me"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, rep, err := load(t, Options{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	byAuthor := map[string]bool{}
	for _, r := range rs {
		byAuthor[r.Author] = true
		if strings.Contains(r.Source, "_files") {
			t.Errorf("read an asset of a saved page: %s", r.Source)
		}
	}
	for _, a := range []string{"Dana Whitlock", "Tom Okafor", "Me"} {
		if !byAuthor[a] {
			t.Errorf("no review by %s from the mixed folder (authors %v)", a, byAuthor)
		}
	}
	if rep.Files < 4 {
		t.Errorf("%d files read, want the two pages, the CSV and the JSON Lines", rep.Files)
	}
}

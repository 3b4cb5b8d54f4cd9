package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// seedFiles lists the embedded seed pages.
func seedFiles(tb testing.TB) []string {
	tb.Helper()
	entries, err := seeds.ReadDir("seeds")
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			out = append(out, e.Name())
		}
	}
	if len(out) != 5 {
		tb.Fatalf("embedded seeds: %d pages, want 5", len(out))
	}
	return out
}

// parseSeed runs the page pipeline (detect, parse, manifest, finish) on one
// embedded seed page.
func parseSeed(tb testing.TB, name string) ([]Review, *pageResult) {
	tb.Helper()
	data, err := seeds.ReadFile(path.Join("seeds", name))
	if err != nil {
		tb.Fatal(err)
	}
	mdata, err := seeds.ReadFile("seeds/" + ManifestName)
	if err != nil {
		tb.Fatal(err)
	}
	man, err := parseManifest(ManifestName, mdata)
	if err != nil {
		tb.Fatal(err)
	}
	lines, _ := pageLines(data)
	format := detectPage(lines)
	if want := man.meta(name).Format; format != want {
		tb.Errorf("%s: detected %s, manifest says %s", name, format, want)
	}
	res := pageParsers[format]("seeds/"+name, lines)
	var rs []Review
	for _, r := range res.reviews {
		man.meta(name).apply(&r)
		finish(&r)
		rs = append(rs, r)
	}
	return rs, res
}

// TestGoldenSeeds compares each seed page's parse (reviews, aggregates,
// skips and every line left out of the text, with why) with
// testdata/NAME.golden.json. Run with -update to rewrite them.
func TestGoldenSeeds(t *testing.T) {
	for _, name := range seedFiles(t) {
		t.Run(name, func(t *testing.T) {
			rs, res := parseSeed(t, name)
			got, err := json.MarshalIndent(struct {
				Reviews    []Review    `json:"reviews"`
				Aggregates []Aggregate `json:"aggregates,omitempty"`
				Skips      []Skip      `json:"skips,omitempty"`
				Dropped    []dropped   `json:"dropped"`
			}{rs, res.aggregates, res.skips, res.dropped}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			file := filepath.Join("testdata", strings.TrimSuffix(name, ".txt")+".golden.json")
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the parse; run go test ./corpus -run TestGoldenSeeds -update and review the diff", file)
			}
		})
	}
}

// loadEmbedded loads the embedded corpus into a slice.
func loadEmbedded(tb testing.TB) ([]Review, *Report) {
	tb.Helper()
	var rs []Review
	rep, err := LoadEmbedded(context.Background(), Options{}, func(r Review) error {
		rs = append(rs, r)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return rs, rep
}

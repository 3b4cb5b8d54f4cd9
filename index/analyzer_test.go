package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
)

// paragraphTexts returns every paragraph of the embedded corpus and, when
// ../shared is there, of the rt-pixar export.
func paragraphTexts(tb testing.TB) []string {
	tb.Helper()
	var texts []string
	add := func(r corpus.Review) error {
		texts = append(texts, r.Paragraphs...)
		return nil
	}
	if _, err := corpus.LoadEmbedded(context.Background(), corpus.Options{}, add); err != nil {
		tb.Fatal(err)
	}
	if dir := filepath.Join("..", "..", "shared", "data", "rt-pixar"); exists(dir) {
		if _, err := corpus.LoadPaths(context.Background(), []string{dir}, corpus.Options{}, add); err != nil {
			tb.Fatal(err)
		}
	}
	return texts
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestAnalysisSplitsAsBleve checks that package analysis finds the words
// Bleve's own unicode tokenizer and lower-case filter find, at the same
// offsets and positions, on every paragraph of the corpora: the index
// built with it reads text as a Bleve index would, and as the schema 4
// indexes did.
func TestAnalysisSplitsAsBleve(t *testing.T) {
	texts := paragraphTexts(t)
	tok := unicode.NewUnicodeTokenizer()
	lower := lowercase.NewLowerCaseFilter()
	for _, text := range texts {
		want := lower.Filter(tok.Tokenize([]byte(text)))
		got := analysis.Tokenize([]byte(text))
		if len(got) != len(want) {
			t.Fatalf("%q: %d words, bleve %d", text, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Start != w.Start || g.End != w.End || g.Position != w.Position {
				t.Fatalf("%q: word %d %q at %d..%d@%d, bleve's %q at %d..%d@%d", text, i, g.Term, g.Start, g.End, g.Position, w.Term, w.Start, w.End, w.Position)
			}
		}
	}
	t.Logf("%d paragraphs", len(texts))
}

// TestStopWordsAreBleves checks analysis's stop words against Bleve's
// English list.
func TestStopWordsAreBleves(t *testing.T) {
	m, err := registry.NewCache().TokenMapNamed(en.StopName)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for w := range m {
		want = append(want, w)
	}
	slices.Sort(want)
	if got := analysis.StopWords(); !slices.Equal(got, want) {
		t.Errorf("stop words differ from Bleve's:\n got %q\nwant %q", got, want)
	}
}

// TestMappingAnalyzesAsAnalysis checks that the index mapping's analyzers
// are package analysis's.
func TestMappingAnalyzesAsAnalysis(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := analysis.New()
	for _, text := range []string{"The vérité of Ai’s films", "It's a thrilling, unfinished symphony.", ""} {
		for name, want := range map[string][]analysis.Token{
			analysis.StemmedName: a.Stemmed([]byte(text)),
			analysis.ExactName:   a.Exact([]byte(text)),
		} {
			got := m.AnalyzerNamed(name).Analyze([]byte(text))
			if len(got) != len(want) {
				t.Fatalf("%s(%q): %d tokens, want %d", name, text, len(got), len(want))
			}
			for i := range got {
				if string(got[i].Term) != string(want[i].Term) || got[i].Start != want[i].Start || got[i].Position != want[i].Position || got[i].KeyWord != want[i].KeyWord {
					t.Errorf("%s(%q) token %d = %+v, want %+v", name, text, i, got[i], want[i])
				}
			}
		}
	}
}

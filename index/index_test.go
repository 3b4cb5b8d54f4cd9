package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

func TestMappingBM25(t *testing.T) {
	ix := newTestIndex(t, testReviews())
	im, ok := ix.bleve().Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		t.Fatalf("mapping is %T", ix.bleve().Mapping())
	}
	if im.ScoringModel != "bm25" {
		t.Errorf("ScoringModel = %q, want bm25", im.ScoringModel)
	}
	if im.IndexDynamic || im.StoreDynamic || im.DocValuesDynamic {
		t.Errorf("dynamic mapping on: index %v store %v docvalues %v", im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic)
	}
}

// termHits returns the sorted IDs of paragraphs with term in field.
func termHits(tb testing.TB, ix *Index, field, term string) []string {
	tb.Helper()
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return idsOf(tb, ix, q)
}

func TestIndexFields(t *testing.T) {
	ix := newTestIndex(t, testReviews())
	tests := []struct {
		field, term string
		want        []string
	}{
		{FieldText, "inspir", []string{"art-wall-e-2", "mc-up-1-1"}},
		{FieldText, "ai", []string{"art-wall-e-0"}},
		{FieldText, "verit", []string{"imdb-up-7-0"}},
		{FieldText, "the", []string{"art-wall-e-0", "art-wall-e-2", "imdb-up-7-0", "mc-up-1-0"}}, // stop words as they are
		{FieldText, "inspired", nil},                                                             // words are in the lexicon, stems in bleve
		{FieldOutlet, "Boston Globe", []string{"mc-up-1-0", "mc-up-1-1"}},
		{FieldKind, "user", []string{"imdb-up-7-0"}},
		{FieldHasScore, "f", []string{"art-wall-e-0", "art-wall-e-2"}},
	}
	for _, tt := range tests {
		if got := termHits(t, ix, tt.field, tt.term); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:%q = %v, want %v", tt.field, tt.term, got, tt.want)
		}
	}
}

// The stemmed field keeps positions, with a gap for each stop word, so
// bleve's own phrase query finds a phrase by its stems.
func TestIndexPhraseOnStems(t *testing.T) {
	ix := newTestIndex(t, testReviews())
	q := bleve.NewMatchPhraseQuery("the story is not over")
	q.SetField(FieldText)
	res, err := ix.bleve().Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ID != "mc-up-1-0" {
		t.Errorf("phrase hits = %v, want [mc-up-1-0]", res.Hits)
	}
}

func TestIndexNumericAndDate(t *testing.T) {
	ix := newTestIndex(t, testReviews())
	lo, hi := 90.0, 100.0
	q := bleve.NewNumericRangeInclusiveQuery(&lo, &hi, ptr(true), ptr(true))
	q.SetField(FieldScore)
	res, err := ix.bleve().Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("score 90–100 matched %d paragraphs, want 2", res.Total)
	}
	req := bleve.NewSearchRequest(bleve.NewMatchAllQuery())
	req.AddFacet("outlet", bleve.NewFacetRequest(FieldOutlet, 10))
	req.SortBy([]string{"-" + FieldDate, "_id"})
	res, err = ix.bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 5 {
		t.Errorf("match all = %d, want 5 (the empty paragraph is not indexed)", res.Total)
	}
	counts := map[string]int{}
	for _, tf := range res.Facets["outlet"].Terms.Terms() {
		counts[tf.Term] = tf.Count
	}
	if want := map[string]int{"Boston Globe": 2, "IMDb": 1, "The Atlantic": 2}; !reflect.DeepEqual(counts, want) {
		t.Errorf("outlet facet = %v, want %v", counts, want)
	}
	if res.Hits[0].ID != "imdb-up-7-0" {
		t.Errorf("newest first = %s, want imdb-up-7-0", res.Hits[0].ID)
	}
}

func ptr[T any](v T) *T { return &v }

func TestReview(t *testing.T) {
	rs := testReviews()
	ix := newTestIndex(t, rs)
	for _, want := range rs {
		got, err := ix.Review(context.Background(), want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("Review(%s) = %+v, want %+v", want.ID, *got, want)
		}
	}
	_, err := ix.Review(context.Background(), "nope")
	if !errors.Is(err, search.ErrNotFound) {
		t.Errorf("Review(nope) error = %v, want ErrNotFound", err)
	}
}

func TestParagraph(t *testing.T) {
	ix := newTestIndex(t, testReviews())
	p, err := ix.paragraph("mc-up-1-1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "Pixar's animators have never been more inspired." || p.ReviewID != "mc-up-1" || p.Paragraph != 1 || p.Review.Outlet != "Boston Globe" {
		t.Errorf("paragraph = %+v", p)
	}
	h := p.hit()
	if h.Outlet != "Boston Globe" || h.Score.Value != 100 || h.Text != p.Text || h.ID != "mc-up-1-1" {
		t.Errorf("hit = %+v", h)
	}
	ps, err := ix.paragraphs([]string{"imdb-up-7-0", "mc-up-1-0"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Review.Work != "Up" || !strings.Contains(ps[1].Text, "symphony") {
		t.Errorf("paragraphs = %+v", ps)
	}
	for _, id := range []string{"mc-up-1-9", "nope-0", "nodash", "x-y"} {
		if _, err := ix.paragraph(id); !errors.Is(err, search.ErrNotFound) {
			t.Errorf("paragraph(%s) error = %v, want ErrNotFound", id, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := Open(empty); err == nil || !strings.Contains(err.Error(), "pullquote index") {
		t.Errorf("Open(empty dir) error = %v, want advice to run pullquote index", err)
	}

	dir := t.TempDir()
	if _, err := Build(context.Background(), dir, corpus.Reviews(testReviews()), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	gen, err := currentGeneration(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := readMeta(filepath.Join(dir, gen), dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Reviews != 3 || m.Paragraphs != 6 || m.Analyzers[FieldText] != analysis.StemmedName {
		t.Errorf("meta = %+v", m)
	}
	m.SchemaVersion = SchemaVersion + 1
	if err := writeMeta(filepath.Join(dir, gen), m); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	var se *SchemaError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "pullquote index --index "+dir) {
		t.Errorf("Open(other schema) error = %v, want SchemaError naming the rebuild command", err)
	}
	if err := os.WriteFile(filepath.Join(dir, currentFile), []byte("../etc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil {
		t.Error("Open with a bad CURRENT succeeded")
	}
}

package opensearch_test

import (
	"context"
	"fmt"
	"testing"
	"unicode/utf16"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/opensearch/opensearchtest"
)

// OpenSearch reads text as package analysis does: the same terms at the
// same positions and offsets, for the stemmed field and the exact one, on
// every paragraph of the embedded corpus and of the rt-pixar export.
func TestAnalysisAsPullquote(t *testing.T) {
	c := opensearchtest.Start(t, 1)
	ctx := context.Background()
	if err := opensearch.CreateIndex(ctx, c.Address, "analysis-test", opensearch.IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range enginetest.Embedded(t) {
		texts = append(texts, r.Paragraphs...)
	}
	rs, _ := enginetest.RTPixar(t)
	for _, r := range rs {
		texts = append(texts, r.Paragraphs...)
	}
	a := analysis.New()
	differ := 0
	for _, text := range texts {
		for _, field := range []struct {
			analyzer string
			want     []analysis.Token
		}{{"pq_stemmed", a.Stemmed([]byte(text))}, {"pq_exact", a.Exact([]byte(text))}} {
			got, err := opensearch.Analyze(ctx, c.Address, "analysis-test", field.analyzer, text)
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(text, got, field.want); d != "" {
				differ++
				if differ <= 10 {
					t.Errorf("%s: %s", field.analyzer, d)
				}
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d analyses differ", differ, 2*len(texts))
	}
}

// diff compares OpenSearch's tokens with analysis's; OpenSearch counts
// offsets in UTF-16 code units, analysis in bytes.
func diff(text string, got []opensearch.Token, want []analysis.Token) string {
	bytesAt := map[int]int{} // UTF-16 offset → byte offset
	u := 0
	for i, r := range text {
		bytesAt[u] = i
		u += len(utf16.Encode([]rune{r}))
	}
	bytesAt[u] = len(text)
	for i := range got {
		got[i].Start, got[i].End = bytesAt[got[i].Start], bytesAt[got[i].End]
	}
	for i := 0; i < max(len(got), len(want)); i++ {
		var g opensearch.Token
		var w analysis.Token
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g.Term != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position+1 != w.Position {
			return fmt.Sprintf("%.80q: token %d: opensearch %q %d..%d@%d, pullquote %q %d..%d@%d", text, i, g.Term, g.Start, g.End, g.Position+1, w.Term, w.Start, w.End, w.Position)
		}
	}
	return ""
}

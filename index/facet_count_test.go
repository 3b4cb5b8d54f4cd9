package index

import (
	"context"
	"maps"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// termCounts flattens a facet result: value → count, "" → missing.
func termCounts(fr *bsearch.FacetResult) map[string]int {
	out := map[string]int{}
	if fr == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		out[t.Term] = t.Count
	}
	if fr.Missing > 0 {
		out[""] = fr.Missing
	}
	return out
}

// countsMap flattens facet counts: value → count, "" → missing.
func countsMap(fc engine.FacetCounts) map[string]int {
	out := map[string]int{}
	for _, v := range fc.Values {
		out[v.Value] = v.Count
	}
	if fc.Missing > 0 {
		out[""] = fc.Missing
	}
	return out
}

// The facet counts pullquote makes (facet_count.go) equal bleve's own terms
// facets, on one shard (where bleve's are exact), as the index changes
// under it: Add writes new segments, Delete hides documents.
func TestFacetCountsMatchBleve(t *testing.T) {
	ctx := context.Background()
	rs := synthReviews(t, 3, 3000)
	dir := t.TempDir()
	half := len(rs) / 2
	if _, err := Build(ctx, dir, corpus.Reviews(rs[:half]), BuildOptions{Shards: 1}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	fields := map[engine.Facet]string{engine.FacetOutlet: FieldOutlet, engine.FacetScore: FieldBand, engine.FacetDate: FieldMonth}
	check := func(stage string) {
		t.Helper()
		for _, r := range []*engine.Retrieval{
			{Need: []engine.Match{{Word: "film", Term: "film"}}},
			{Need: []engine.Match{{Word: "story", Term: "stori"}, {Word: "great", Term: "great"}}},
			{},
			{Need: []engine.Match{{Word: "film", Term: "film"}}, Not: []engine.Match{{Word: "story", Term: "stori"}}, Filter: search.Filter{Score: search.Range{Min: ptr(60.0)}}},
		} {
			q := bleveQuery(r, nil)
			want := bleve.NewSearchRequestOptions(q, 0, 0, false)
			for _, field := range fields {
				want.AddFacet(field, bleve.NewFacetRequest(field, 1<<20))
			}
			wres, err := ix.bleve().Search(want)
			if err != nil {
				t.Fatal(err)
			}
			got := bleve.NewSearchRequestOptions(q, 0, 0, false)
			gres, counts, err := ix.searchFacets(ctx, got, engine.FacetOutlet, engine.FacetScore, engine.FacetDate)
			if err != nil {
				t.Fatal(err)
			}
			if wres.Total == 0 || gres.Total != wres.Total {
				t.Errorf("%s, %+v: total %d, bleve %d", stage, *r, gres.Total, wres.Total)
			}
			for key, field := range fields {
				if w, g := termCounts(wres.Facets[field]), countsMap(counts[key]); !maps.Equal(w, g) {
					t.Errorf("%s, %+v: facet %s:\n got %v\nwant %v", stage, *r, field, g, w)
				}
			}
		}
	}
	check("built")
	if _, err := ix.Add(ctx, corpus.Reviews(rs[half:]), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	check("after Add")
	if _, err := ix.Delete(ctx, rs[0].ID, rs[half].ID); err != nil {
		t.Fatal(err)
	}
	check("after Delete")
}

package index

import (
	"context"
	"maps"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Browsing with one facet selected counts it over the whole index, from a
// cache that a change to the index drops.
func TestFacetCacheFollowsChanges(t *testing.T) {
	ix, rs := embeddedIndex(t)
	req := search.Request{Filter: search.Filter{Outlets: []string{"IMDb"}}}
	count := func() map[string]int { return facetCounts(mustSearch(t, ix, req).Facets).outlet }
	first := count()
	want := countFacets(paragraphsOf(rs), all, all, all).outlet
	if !maps.Equal(first, want) {
		t.Fatalf("outlets %v, want %v", first, want)
	}
	if again := count(); !maps.Equal(again, want) {
		t.Fatalf("cached outlets %v, want %v", again, want)
	}
	added := corpus.Review{ID: "new-1", Work: "W", Site: "S", Outlet: "New Outlet", Kind: corpus.KindCritic, Paragraphs: []string{"One paragraph.", "Two."}}
	if _, err := ix.Add(context.Background(), corpus.Reviews([]corpus.Review{added}), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	want["New Outlet"] = 2
	if got := count(); !maps.Equal(got, want) {
		t.Errorf("after Add: outlets %v, want %v", got, want)
	}
}

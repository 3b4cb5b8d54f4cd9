package index

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pullquote/pullquote/engine"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// facetCache keeps each facet's counts over the whole index, which a
// browse with only that facet selected shows (ticking one outlet on the
// landing page): counting them afresh would visit every paragraph. The
// counts are dropped when a shard's contents change (its root epoch moves).
// The zero value is ready to use.
type facetCache struct {
	mu     sync.Mutex
	epochs []uint64
	counts map[engine.Facet]engine.FacetCounts
}

// wholeIndex reports whether r, counting one facet, would match every
// paragraph: no words, no exclusions, no filter.
func wholeIndex(r *engine.Retrieval) bool {
	return r.Size == 0 && len(r.Count) == 1 && len(r.Need) == 0 && len(r.Not) == 0 && filterQuery(r.Filter) == nil
}

// epochs returns each shard's root epoch, or nil when one cannot be read
// (then nothing is cached).
func (ix *Index) epochs() []uint64 {
	out := make([]uint64, 0, len(ix.shards))
	for _, s := range ix.shards {
		adv, err := s.Advanced()
		if err != nil {
			return nil
		}
		sc, ok := adv.(*scorch.Scorch)
		if !ok {
			return nil
		}
		st, ok := sc.Stats().(*scorch.Stats)
		if !ok {
			return nil
		}
		out = append(out, atomic.LoadUint64(&st.CurRootEpoch))
	}
	return out
}

// countWhole returns the counts of r's one facet over the whole index
// (wholeIndex), from the cache when the index has not changed since they
// were counted.
func (ix *Index) countWhole(ctx context.Context, r *engine.Retrieval) (map[engine.Facet]engine.FacetCounts, error) {
	n := r.Count[0]
	c := &ix.facetCache
	ep := ix.epochs()
	c.mu.Lock()
	if ep != nil && slices.Equal(ep, c.epochs) {
		if fc, ok := c.counts[n]; ok {
			c.mu.Unlock()
			return map[engine.Facet]engine.FacetCounts{n: fc}, nil
		}
	}
	c.mu.Unlock()

	sr := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 0, 0, false)
	sr.Score = bleve.ScoreNone // counts only
	_, counts, err := ix.searchFacets(ctx, sr, n)
	if err != nil {
		return nil, fmt.Errorf("search %s: count facet: %w", ix.dir, err)
	}
	if ep == nil {
		return counts, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Equal(ep, c.epochs) {
		c.epochs, c.counts = ep, map[engine.Facet]engine.FacetCounts{}
	}
	c.counts[n] = counts[n]
	return counts, nil
}

package index

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// facetCache keeps each facet's counts over the whole index, which a
// browse with only that facet selected shows (ticking one outlet on the
// landing page): counting them afresh would visit every paragraph. The
// counts are dropped when a shard's contents change (its root epoch moves).
// The zero value is ready to use.
type facetCache struct {
	mu     sync.Mutex
	epochs []uint64
	counts map[facetName]bsearch.FacetResults
}

// wholeIndex reports whether p's query for facet n's counts would match
// every paragraph: no words, no exclusions, no other filter.
func wholeIndex(p plan, n facetName) bool {
	return p.textQuery() == nil && len(p.exclude) == 0 && filterQuery(p.filter, n) == nil
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

// countWhole returns facet n's counts over the whole index, from the cache
// when the index has not changed since they were counted.
func (ix *Index) countWhole(ctx context.Context, p plan, n facetName) (bsearch.FacetResults, error) {
	c := &ix.facetCache
	ep := ix.epochs()
	c.mu.Lock()
	if ep != nil && slices.Equal(ep, c.epochs) {
		if r, ok := c.counts[n]; ok {
			c.mu.Unlock()
			return r, nil
		}
	}
	c.mu.Unlock()

	sr := bleve.NewSearchRequestOptions(p.query(n), 0, 0, false)
	sr.Score = bleve.ScoreNone // counts only
	res, err := ix.searchFacets(ctx, sr, n)
	if err != nil {
		return nil, fmt.Errorf("search %s: count facet: %w", ix.dir, err)
	}
	if ep == nil {
		return res.Facets, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Equal(ep, c.epochs) {
		c.epochs, c.counts = ep, map[facetName]bsearch.FacetResults{}
	}
	c.counts[n] = res.Facets
	return res.Facets, nil
}

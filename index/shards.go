package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// unadornedField is the field name bleve gives the term searcher it makes
// when it merges an unscored disjunction (a range filter, a facet count)
// into one bitmap. It reads BM25 statistics for that name too.
const unadornedField = "*"

// withScoring returns ctx carrying BM25 statistics summed over every shard
// (documents, and each field's token count), so that each shard scores as
// the whole index would and their hits merge in one order.
//
// It stands in for bleve's search.GlobalScoring, whose per-query pre-search
// gathers statistics only for the fields a query names: a filter's range
// query then fails on every shard with "field stat for bm25 not present *"
// (see unadornedField), which the alias reports as a search with no hits.
func (ix *Index) withScoring(ctx context.Context) (context.Context, error) {
	if len(ix.shards) < 2 {
		return ctx, nil
	}
	stats := &bsearch.BM25Stats{FieldCardinality: map[string]int{unadornedField: 0}}
	// Every text field has a statistic, 0 when no shard holds it (all its
	// paragraphs deleted): a missing one fails the search.
	for f := range ix.meta.Analyzers {
		stats.FieldCardinality[f] = 0
	}
	for i, s := range ix.shards {
		if err := addShardStats(stats, s); err != nil {
			return nil, fmt.Errorf("search %s: statistics of shard %d: %w", ix.dir, i, err)
		}
	}
	return context.WithValue(ctx, bsearch.BM25StatsKey, stats), nil
}

// addShardStats adds one shard's document count and field cardinalities to
// stats.
func addShardStats(stats *bsearch.BM25Stats, s bleve.Index) error {
	adv, err := s.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return err
	}
	stats.DocCount += float64(n)
	fields, err := r.Fields()
	if err != nil {
		return err
	}
	br, ok := r.(bindex.BM25Reader)
	for _, f := range fields {
		c := 0
		if ok {
			if c, err = br.FieldCardinality(f); err != nil {
				return err
			}
		}
		stats.FieldCardinality[f] += c
	}
	return nil
}

// search runs sr on every shard in parallel and merges their hits by sr's
// sort. Ties keep bleve's order within a shard (index order) and then the
// shards' order, so that the same search always gives the same pages
// (bleve's alias merges in the order shards finish). A failed shard fails
// the search: bleve's alias would return the other shards' hits as if they
// were all.
func (ix *Index) search(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if len(ix.shards) == 1 {
		return ix.shards[0].SearchInContext(ctx, sr)
	}
	results := make([]*bleve.SearchResult, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i, s := range ix.shards {
		wg.Go(func() {
			child := *sr
			child.From, child.Size = 0, sr.From+sr.Size
			child.Sort = sr.Sort.Copy() // a field sort keeps each hit's value while collecting
			results[i], errs[i] = s.SearchInContext(ctx, &child)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("shard %d: %w", i, errs[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := &bleve.SearchResult{Status: &bleve.SearchStatus{}, Request: sr}
	for _, r := range results {
		out.Merge(r)
		out.Took = max(out.Took, r.Took)
	}
	isScore, desc := sr.Sort.CacheIsScore(), sr.Sort.CacheDescending()
	slices.SortStableFunc(out.Hits, func(a, b *bsearch.DocumentMatch) int {
		return sr.Sort.Compare(isScore, desc, a, b)
	})
	out.Hits = out.Hits[min(sr.From, len(out.Hits)):min(sr.From+sr.Size, len(out.Hits))]
	return out, nil
}

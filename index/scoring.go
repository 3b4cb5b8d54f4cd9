package index

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
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
	br, ok := r.(interface { // bleve_index_api.BM25Reader
		FieldCardinality(field string) (int, error)
	})
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

// search runs sr on the index. A shard that fails fails the search: bleve's
// alias would return the other shards' hits as if they were all.
func (ix *Index) search(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, err
	}
	if res.Status != nil && res.Status.Failed > 0 {
		var msgs []string
		for _, name := range slices.Sorted(maps.Keys(res.Status.Errors)) {
			msgs = append(msgs, fmt.Sprintf("%s: %v", name, res.Status.Errors[name]))
		}
		return nil, fmt.Errorf("%d of %d shards failed: %s", res.Status.Failed, res.Status.Total, strings.Join(msgs, "; "))
	}
	return res, nil
}

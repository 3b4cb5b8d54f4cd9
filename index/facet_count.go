package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/pullquote/pullquote/engine"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Facets are counted by pullquote, not by bleve. Bleve's terms facets read
// each hit's doc values (a compressed chunk decoded, a string made, a map
// updated, per hit and facet field): more than half of the time of a query
// for a common word. Instead each shard snapshot's facet values are loaded
// once into columns of small ordinals indexed by bleve's internal document
// number, and a searcher wrapped around the query counts every hit it
// yields with an array increment per facet. Counts are exact over all shards
// (bleve's alias adds up each shard's top terms only).

// facetFields are the keyword fields counted, in the order of facetColumns
// and of facetName's facets. Never modified.
var facetFields = [...]string{FieldOutlet, FieldBand, FieldMonth, FieldWork}

// facetColumns are one shard snapshot's facet values: for each facet
// field, the distinct values (ordinal 0 is "no value") and each document's
// ordinal by internal document number.
type facetColumns struct {
	values [len(facetFields)][]string
	ords   [len(facetFields)][]uint32
}

// loadFacetColumns reads the facet fields' dictionaries and postings.
func loadFacetColumns(ctx context.Context, r bindex.IndexReader) (*facetColumns, error) {
	c := &facetColumns{}
	for f, field := range facetFields {
		c.values[f] = []string{""}
		dict, err := r.FieldDict(field)
		if err != nil {
			return nil, err
		}
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, err
			}
			if e == nil {
				break
			}
			ord := uint32(len(c.values[f]))
			c.values[f] = append(c.values[f], e.Term)
			if err := c.fill(ctx, r, f, e.Term, ord); err != nil {
				dict.Close()
				return nil, err
			}
		}
		if err := dict.Close(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// fill sets the ordinal of field f to ord for every document with term.
func (c *facetColumns) fill(ctx context.Context, r bindex.IndexReader, f int, term string, ord uint32) error {
	tfr, err := r.TermFieldReader(ctx, []byte(term), facetFields[f], false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var tfd bindex.TermFieldDoc
	for {
		d, err := tfr.Next(&tfd)
		if err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		n, ok := docNum(d.ID)
		if !ok {
			return fmt.Errorf("facet %s: internal ID %x is not a document number", facetFields[f], d.ID)
		}
		col := c.ords[f]
		if n >= uint64(len(col)) {
			col = append(col, make([]uint32, int(n)+1-len(col))...)
			col = col[:cap(col)]
		}
		col[n] = ord
		c.ords[f] = col
	}
}

// docNum decodes a scorch internal ID: the document's number in the
// snapshot, 8 bytes big-endian.
func docNum(id bindex.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// columnCache keeps the facet columns of recent shard snapshots, keyed by
// the snapshot (bleve hands out the same reader until the shard changes).
// The zero value is ready to use.
type columnCache struct {
	mu   sync.Mutex
	cols map[bindex.IndexReader]*columnsOnce
}

type columnsOnce struct {
	once sync.Once
	cols *facetColumns
	err  error
}

// maxCachedSnapshots bounds the cache; past it, it starts afresh.
const maxCachedSnapshots = 32

// get returns r's columns, loading them once.
func (cc *columnCache) get(ctx context.Context, r bindex.IndexReader) (*facetColumns, error) {
	cc.mu.Lock()
	if cc.cols == nil || len(cc.cols) >= maxCachedSnapshots {
		cc.cols = map[bindex.IndexReader]*columnsOnce{}
	}
	co, ok := cc.cols[r]
	if !ok {
		co = &columnsOnce{}
		cc.cols[r] = co
	}
	cc.mu.Unlock()
	co.once.Do(func() { co.cols, co.err = loadFacetColumns(ctx, r) })
	if co.err != nil {
		cc.mu.Lock()
		if cc.cols[r] == co {
			delete(cc.cols, r) // try again next time
		}
		cc.mu.Unlock()
	}
	return co.cols, co.err
}

// countingQuery wraps a query: searching it counts the facet values of
// every hit, on every shard, into its counts.
type countingQuery struct {
	query.Query
	cache *columnCache

	mu     sync.Mutex
	counts []*shardCounts
}

// shardCounts are one shard's counts, by facet field and ordinal.
type shardCounts struct {
	cols   *facetColumns
	counts [len(facetFields)][]int
}

// Searcher returns the wrapped query's searcher for one shard, counting.
func (q *countingQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	cols, err := q.cache.get(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("load facet values: %w", err)
	}
	s, err := q.Query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	sc := &shardCounts{cols: cols}
	for f := range facetFields {
		sc.counts[f] = make([]int, len(cols.values[f]))
	}
	q.mu.Lock()
	q.counts = append(q.counts, sc)
	q.mu.Unlock()
	return &countingSearcher{Searcher: s, counts: sc}, nil
}

// Validate validates the wrapped query, when it can be.
func (q *countingQuery) Validate() error {
	if v, ok := q.Query.(query.ValidatableQuery); ok {
		return v.Validate()
	}
	return nil
}

// countingSearcher counts each document its searcher yields.
type countingSearcher struct {
	bsearch.Searcher
	counts *shardCounts
}

func (s *countingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d != nil {
		s.counts.add(d.IndexInternalID)
	}
	return d, err
}

func (s *countingSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d != nil {
		s.counts.add(d.IndexInternalID)
	}
	return d, err
}

func (sc *shardCounts) add(id bindex.IndexInternalID) {
	n, ok := docNum(id)
	if !ok {
		return
	}
	for f := range facetFields {
		ord := uint32(0)
		if col := sc.cols.ords[f]; n < uint64(len(col)) {
			ord = col[n]
		}
		sc.counts[f][ord]++
	}
}

// facetColumn returns facet n's index in facetFields.
func facetColumn(n engine.Facet) int {
	switch n {
	case engine.FacetScore:
		return 1
	case engine.FacetDate:
		return 2
	case engine.FacetWork:
		return 3
	}
	return 0
}

// results returns the counts of the facets in want: every value with its
// count, the hits without a value as Missing.
func (q *countingQuery) results(want []engine.Facet) map[engine.Facet]engine.FacetCounts {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make(map[engine.Facet]engine.FacetCounts, len(want))
	for _, n := range want {
		f := facetColumn(n)
		byValue := map[string]int{}
		var fc engine.FacetCounts
		for _, sc := range q.counts {
			for ord, c := range sc.counts[f] {
				switch {
				case c == 0:
				case ord == 0:
					fc.Missing += c
				default:
					byValue[sc.cols.values[f][ord]] += c
				}
			}
		}
		for v, c := range byValue {
			fc.Values = append(fc.Values, engine.ValueCount{Value: v, Count: c})
		}
		out[n] = fc
	}
	return out
}

// searchFacets runs sr with the facets in want counted (see
// countingQuery).
func (ix *Index) searchFacets(ctx context.Context, sr *bleve.SearchRequest, want ...engine.Facet) (*bleve.SearchResult, map[engine.Facet]engine.FacetCounts, error) {
	if len(want) == 0 {
		res, err := ix.search(ctx, sr)
		return res, nil, err
	}
	cq := &countingQuery{Query: sr.Query, cache: &ix.columns}
	sr.Query = cq
	res, err := ix.search(ctx, sr)
	if err != nil {
		return nil, nil, err
	}
	return res, cq.results(want), nil
}

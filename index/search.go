package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/pullquote/pullquote/search"
)

var _ search.Searcher = (*Index)(nil)

// Search depths.
const (
	// rerankDepth is how many top candidates the quote finder reranks
	// and collapses; relevance pages within it come from the reranked list.
	rerankDepth = 100
)

// Search runs req over the Bleve shards (see Searcher.Search).
func (ix *Index) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	s, err := ix.searcher()
	if err != nil {
		return nil, err
	}
	return s.Search(ctx, req)
}

// searcher is pullquote's search over this index: its own engine, its
// lexicon, its stored keyword values and its dictionaries' corrections.
func (ix *Index) searcher() (*Searcher, error) {
	an, err := analyzersOf(ix.mapping())
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", ix.dir, err)
	}
	return &Searcher{
		engine:  ix,
		an:      an,
		words:   func() vocabulary { return ix.words() },
		resolve: ix.resolveKeywords,
		correct: ix.correctWord,
	}, nil
}

var _ Engine = (*Index)(nil)

// Retrieve runs r on the Bleve shards: one query (a conjunction of the
// words' and phrases' queries, exclusions, the filter unscored), scored
// by BM25 over every shard, the page's paragraphs read from the side
// store, the facets counted by pullquote's own counters.
func (ix *Index) Retrieve(ctx context.Context, r *Retrieval) (*Retrieved, error) {
	if wholeIndex(r) {
		counts, err := ix.countWhole(ctx, r)
		if err != nil {
			return nil, err
		}
		fc := counts[r.Count[0]]
		total := uint64(fc.Missing)
		for _, v := range fc.Values {
			total += uint64(v.Count)
		}
		return &Retrieved{Total: total, Facets: counts}, nil
	}
	ctx, err := ix.withScoring(ctx)
	if err != nil {
		return nil, err
	}
	an, err := analyzersOf(ix.mapping())
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", ix.dir, err)
	}
	sr := bleve.NewSearchRequestOptions(bleveQuery(r, ix.phraseHeld(an.exact)), r.Size, r.From, false)
	if r.Size == 0 {
		sr.Score = bleve.ScoreNone // counts only
	} else {
		sr.SortByCustom(sortOrder(r.Sort))
	}
	res, counts, err := ix.searchFacets(ctx, sr, r.Count...)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", ix.dir, err)
	}
	out := &Retrieved{Total: res.Total, Facets: counts, Hits: make([]search.Hit, len(res.Hits))}
	if len(res.Hits) == 0 {
		return out, nil
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	ps, err := ix.paragraphs(ids)
	if err != nil {
		return nil, fmt.Errorf("search %s: read hits: %w", ix.dir, err)
	}
	for i, sp := range ps {
		out.Hits[i] = sp.hit()
		out.Hits[i].Relevance = res.Hits[i].Score
	}
	return out, nil
}

// reranks reports whether the quote finder reranks p's candidates: sorted
// by relevance, with words to match. For one known word BM25 alone orders
// the hits, and the rerank (the costliest step after the query) is skipped.
func reranks(p plan, req search.Request) bool {
	oneKnownWord := len(p.terms) == 1 && !p.terms[0].unknown
	return req.Sort == search.SortRelevance && len(p.terms) > 0 && !oneKnownWord
}

// windowSize returns how many top hits a windowed page is cut from: all
// rerankDepth candidates when they are reranked, else twice what the pages
// up to this one show (collapsing keeps the order and the identity of what
// it keeps, so a longer window starts with the same hits; a collapsed
// copy's fuller twin further down than that is not looked for). One known
// word, which BM25 alone orders, reads 20 paragraphs instead of 100.
func windowSize(p plan, req search.Request) int {
	if reranks(p, req) {
		return rerankDepth
	}
	return min(rerankDepth, max(2*req.Page*req.Size, 20))
}

// windowed reports whether req's page is served from the top rerankDepth
// hits, collapsed (and, sorted by relevance, reranked) as a whole so that
// pages agree; deeper pages are collapsed alone.
func windowed(req search.Request) bool {
	return req.Page*req.Size <= rerankDepth
}

// sortOrder returns the bleve sort for s; ties go to relevance, then to
// index order (see Index.search). There is no tie-break on the paragraph
// ID: it would make bleve load every hit's ID, a sixth of the time of a
// query for a common word.
func sortOrder(s search.Sort) bsearch.SortOrder {
	byScore := &bsearch.SortScore{Desc: true}
	field := func(name string, typ bsearch.SortFieldType, desc bool) bsearch.SearchSort {
		return &bsearch.SortField{Field: name, Desc: desc, Type: typ, Missing: bsearch.SortFieldMissingLast}
	}
	switch s {
	case search.SortNewest:
		return bsearch.SortOrder{field(FieldDate, bsearch.SortFieldAsDate, true), byScore}
	case search.SortOldest:
		return bsearch.SortOrder{field(FieldDate, bsearch.SortFieldAsDate, false), byScore}
	case search.SortScore:
		return bsearch.SortOrder{field(FieldScore, bsearch.SortFieldAsNumber, true), byScore}
	case search.SortHelpful:
		return bsearch.SortOrder{field(FieldHelpful, bsearch.SortFieldAsNumber, true), byScore}
	}
	return bsearch.SortOrder{byScore}
}

// phraseHeld returns the check of a phrase's words in a paragraph's text
// as exact analyses it (see phraseQuery).
func (ix *Index) phraseHeld(exact analysis.Analyzer) phraseCheck {
	return func(id string, words []string) (bool, error) {
		text, err := ix.store.text(id)
		if err != nil {
			return false, fmt.Errorf("check phrase in %s: %w", id, err)
		}
		return holdsPhrase(text, words, exact), nil
	}
}

// words returns the index's vocabulary as it is now.
func (ix *Index) words() lexWords {
	return lexWords{lex: ix.lex.Load(), stem: ix.stem}
}

// mapping returns the index mapping (of the first shard: every shard is
// built with the same).
func (ix *Index) mapping() mapping.IndexMapping {
	return ix.shards[0].Mapping()
}

package index

import (
	"context"
	"fmt"
	"slices"
	"time"

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

// Search runs req: it parses the query text (a syntax error falls back to
// plain words), merges its field filters into req.Filter, finds the
// paragraphs with all the words (or, when none has them all, with half of
// them, then any: Response.AnyWords), reranks the best candidates by how
// much of the query they hold in order, collapses copies of the same
// paragraph, highlights the page's hits, counts facets disjunctively and
// suggests a spelling for words no paragraph holds. A request past
// search's limits gives an *search.InvalidError (Request.Normalize); a bad
// query never fails.
func (ix *Index) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	start := time.Now()
	req, err := req.Normalize()
	if err != nil {
		return nil, err
	}
	an, err := analyzersOf(ix.mapping())
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", ix.dir, err)
	}
	parsed := req.Parsed()
	var words vocabulary = ix.words()
	if req.Exact {
		words = exactWords{words} // no word gets typo variants
	}
	p := newPlan(an, parsed, ix.resolveKeywords(req.Filter.Merge(parsed.Filter)), words)
	p.checkPhrases(ix.phraseHeld(an.exact))
	if req.Sort == "" {
		req.Sort = search.SortRelevance
		if len(p.words)+len(p.phrases) == 0 {
			req.Sort = search.SortNewest // browsing: newest first
		}
	}
	if ctx, err = ix.withScoring(ctx); err != nil {
		return nil, err
	}

	resp := &search.Response{Query: req.Query, Hits: []search.Hit{}}
	// Selected facets are counted by queries of their own, run beside the
	// main one (and again if the any-words fallback changes the query).
	var pending chan selectedCounts
	if slices.ContainsFunc(facetNames[:], func(n facetName) bool { return selected(p.filter, n) }) {
		pending = ix.startCounting(ctx, p)
	}
	res, err := ix.page(ctx, p, req)
	if err != nil {
		return nil, err
	}
	// No paragraph has every word: fall back to paragraphs with half of
	// them (a misremembered quote), then with any.
	n := len(p.words) + len(p.phrases)
	for _, m := range []int{(n + 1) / 2, 1} {
		if res.Total > 0 || n < 2 || m >= n || (m == 1 && p.match == 1) {
			break
		}
		resp.AnyWords, p.match = true, m
		if pending != nil {
			<-pending
			pending = ix.startCounting(ctx, p)
		}
		if res, err = ix.page(ctx, p, req); err != nil {
			return nil, err
		}
	}
	resp.Total = res.Total
	var counted map[facetName]bsearch.FacetResults
	if pending != nil {
		c := <-pending
		if c.err != nil {
			return nil, c.err
		}
		counted = c.counts
	}
	resp.Facets = facets(p, req.All, res.Facets, counted)
	if resp.Hits, resp.Suggestion, err = ix.hits(p, req, res, an); err != nil {
		return nil, err
	}
	if resp.Total == 0 && resp.Suggestion == "" && !req.Exact {
		// Nothing found, and no typo variant to learn a spelling from: the
		// dictionaries may know one (a phrase's word, a short word).
		resp.Suggestion = ix.correction(ctx, req, p, an)
	}
	resp.Took = time.Since(start)
	return resp, nil
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

// page runs the main query for req's page (or the top candidates to
// rerank) with the facets that have no selection.
func (ix *Index) page(ctx context.Context, p plan, req search.Request) (*bleve.SearchResult, error) {
	from, size := (req.Page-1)*req.Size, req.Size
	if windowed(req) {
		from, size = 0, windowSize(p, req)
	}
	sr := bleve.NewSearchRequestOptions(p.query(facetNone), size, from, false)
	sr.SortByCustom(sortOrder(req.Sort))
	var want []facetName
	for _, n := range facetNames {
		if !selected(p.filter, n) {
			want = append(want, n)
		}
	}
	res, err := ix.searchFacets(ctx, sr, want...)
	if err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", ix.dir, req.Query, err)
	}
	return res, nil
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

// hits turns the bleve hits into the response's page: paragraphs read from
// the store in one batch, reranked (relevance pages within the rerank
// depth), collapsed, cut to the page and highlighted.
//
// It also returns a suggested spelling of the query when some word in it
// is in no paragraph but matched others as a typo.
func (ix *Index) hits(p plan, req search.Request, res *bleve.SearchResult, an analyzers) ([]search.Hit, string, error) {
	if len(res.Hits) == 0 {
		return []search.Hit{}, "", nil
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	ps, err := ix.paragraphs(ids)
	if err != nil {
		return nil, "", fmt.Errorf("search %s: read hits: %w", ix.dir, err)
	}
	m := newMatcher(p.terms)
	cands := make([]candidate, len(ps))
	for i, sp := range ps {
		cands[i] = candidate{hit: sp.hit(), bm25: res.Hits[i].Score}
		cands[i].hit.Relevance = res.Hits[i].Score
	}
	if windowed(req) && reranks(p, req) {
		rerank(cands, m, an, p.span)
	}
	cands = collapse(cands, req.Sort == search.SortRelevance)
	suggestion := suggest(req.Query, p.terms, cands)
	if windowed(req) {
		from := (req.Page - 1) * req.Size
		if from >= len(cands) {
			return []search.Hit{}, suggestion, nil
		}
		cands = cands[from:min(len(cands), from+req.Size)]
	}
	hits := make([]search.Hit, len(cands))
	for i := range cands {
		hits[i] = cands[i].hit
		if req.Highlight {
			occ := cands[i].occ
			if occ == nil && len(p.terms) > 0 {
				occ = occurrences(hits[i].Text, m, an.stemmed)
			}
			occ = withPhrases(hits[i].Text, occ, p.terms, p.phraseWords, an.exact)
			hits[i].Highlight = highlight(hits[i].Text, occ)
		}
	}
	return hits, suggestion, nil
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

// selectedCounts is the outcome of countSelected.
type selectedCounts struct {
	counts map[facetName]bsearch.FacetResults
	err    error
}

// startCounting runs countSelected for p in the background.
func (ix *Index) startCounting(ctx context.Context, p plan) chan selectedCounts {
	ch := make(chan selectedCounts, 1)
	go func() {
		c, err := ix.countSelected(ctx, p)
		ch <- selectedCounts{c, err}
	}()
	return ch
}

// mapping returns the index mapping (of the first shard: every shard is
// built with the same).
func (ix *Index) mapping() mapping.IndexMapping {
	return ix.shards[0].Mapping()
}

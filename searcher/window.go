package searcher

import "github.com/pullquote/pullquote/search"

// Search depths.
const (
	// rerankDepth is how many top candidates the quote finder reranks
	// and collapses; relevance pages within it come from the reranked list.
	rerankDepth = 100
)

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

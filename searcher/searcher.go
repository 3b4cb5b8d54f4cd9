package searcher

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// Searcher is pullquote's search over an engine: the same parsing, typo
// variants, rerank, collapse, highlights, facets and suggestions whatever
// the engine. What the engine brings beyond engine.Engine (a lexicon, a
// keyword resolver, a corrector, a version, snapshots) it uses when there.
type Searcher struct {
	engine engine.Engine
	an     *analysis.Analyzer
}

var (
	_ search.Searcher   = (*Searcher)(nil)
	_ search.FilmLister = (*Searcher)(nil)
)

// New returns pullquote's search over e.
func New(e engine.Engine) *Searcher {
	return &Searcher{engine: e, an: analysis.New()}
}

// Version is the engine's version when it is engine.Versioned (answers
// are cached only then: cache.Versioned), else "".
func (s *Searcher) Version() string {
	if v, ok := s.engine.(engine.Versioned); ok {
		return v.Version()
	}
	return ""
}

// Films returns what the engine holds of each film (search.FilmLister).
func (s *Searcher) Films(ctx context.Context) ([]search.FilmCounts, error) {
	return s.engine.Films(ctx)
}

// Review returns one whole review by ID from the engine.
func (s *Searcher) Review(ctx context.Context, id string) (*corpus.Review, error) {
	return s.engine.Review(ctx, id)
}

// Search runs req: it parses the query text (a syntax error falls back to
// plain words), merges its field filters into req.Filter, finds the
// paragraphs with all the words (or, when none has them all, with half of
// them, then any: Response.AnyWords), reranks the best candidates by how
// much of the query they hold in order, collapses copies of the same
// paragraph, highlights the page's hits, counts facets disjunctively and
// suggests a spelling for words no paragraph holds. A request past
// search's limits gives an *search.InvalidError (Request.Normalize); a bad
// query never fails. When part of a cluster does not answer, the response
// names it in Missing. Every retrieval of one search reads the engine as
// it was when the search began (engine.Snapshotter).
func (s *Searcher) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	e := s.engine
	if sn, ok := e.(engine.Snapshotter); ok {
		var release func()
		e, release = sn.Acquire()
		defer release()
	}
	return s.search(ctx, e, req)
}

// vocabularyOf returns e's words now, or engineWords when it has none.
func vocabularyOf(e engine.Engine) engine.Vocabulary {
	if l, ok := e.(engine.Lexicon); ok {
		return l.Words()
	}
	return engineWords{}
}

// search is Search on e.
func (s *Searcher) search(ctx context.Context, e engine.Engine, req search.Request) (*search.Response, error) {
	start := time.Now()
	req, err := req.Normalize()
	if err != nil {
		return nil, err
	}
	parsed := req.Parsed()
	words := vocabularyOf(e)
	planWords := words
	if req.Exact {
		planWords = exactWords{words} // no word gets typo variants
	}
	f := req.Filter.Merge(parsed.Filter)
	if r, ok := e.(engine.KeywordResolver); ok {
		f = r.ResolveKeywords(f)
	}
	p := newPlan(s.an, parsed, f, planWords)
	if req.Sort == "" {
		req.Sort = search.SortRelevance
		if len(p.words)+len(p.phrases) == 0 {
			req.Sort = search.SortNewest // browsing: newest first
		}
	}

	resp := &search.Response{Query: req.Query, Hits: []search.Hit{}}
	// Selected facets are counted by retrievals of their own, run beside
	// the main one (and again if the any-words fallback changes the query).
	var pending chan selectedCounts
	if slices.ContainsFunc(engine.Facets(), func(n engine.Facet) bool { return selected(p.filter, n) }) {
		pending = startCounting(ctx, e, p, req.All)
	}
	res, err := page(ctx, e, p, req)
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
			pending = startCounting(ctx, e, p, req.All)
		}
		if res, err = page(ctx, e, p, req); err != nil {
			return nil, err
		}
	}
	resp.Total = res.Total
	resp.Missing = res.Missing
	counts := res.Facets
	if pending != nil {
		c := <-pending
		if c.err != nil {
			return nil, c.err
		}
		counts = maps.Clone(counts)
		maps.Copy(counts, c.counts)
		resp.Missing = union(resp.Missing, c.missing)
	}
	resp.Facets = facetsOf(p.filter, req.All, counts)
	resp.Hits, resp.Suggestion = s.hits(p, req, res.Hits)
	if c, ok := e.(engine.Corrector); ok && resp.Total == 0 && resp.Suggestion == "" && !req.Exact {
		// Nothing found, and no typo variant to learn a spelling from: the
		// engine's dictionaries may know one (a phrase's word, a short
		// word).
		resp.Suggestion = s.correction(ctx, e, c, words, req, p)
	}
	resp.Took = time.Since(start)
	return resp, nil
}

// page retrieves the main query for req's page (or the top candidates to
// rerank) with the facets that have no selection.
func page(ctx context.Context, e engine.Engine, p plan, req search.Request) (*engine.Retrieved, error) {
	from, size := (req.Page-1)*req.Size, req.Size
	if windowed(req) {
		from, size = 0, windowSize(p, req)
	}
	var want []engine.Facet
	for _, n := range engine.Facets() {
		if !selected(p.filter, n) {
			want = append(want, n)
		}
	}
	res, err := e.Retrieve(ctx, p.retrieval(req.Sort, from, size, want, req.All))
	if err != nil {
		return nil, fmt.Errorf("search for %q: %w", req.Query, err)
	}
	return res, nil
}

// selectedCounts is the outcome of countSelected.
type selectedCounts struct {
	counts  map[engine.Facet]engine.FacetCounts
	missing []string
	err     error
}

// startCounting runs countSelected for p in the background.
func startCounting(ctx context.Context, e engine.Engine, p plan, all string) chan selectedCounts {
	ch := make(chan selectedCounts, 1)
	go func() { ch <- countSelected(ctx, e, p, all) }()
	return ch
}

// countSelected counts each facet that has a selection by a retrieval
// without its own filter, the retrievals run side by side.
func countSelected(ctx context.Context, e engine.Engine, p plan, all string) selectedCounts {
	var sel []engine.Facet
	for _, n := range engine.Facets() {
		if selected(p.filter, n) {
			sel = append(sel, n)
		}
	}
	got := make([]*engine.Retrieved, len(sel))
	errs := make([]error, len(sel))
	var wg sync.WaitGroup
	for i, n := range sel {
		wg.Go(func() {
			got[i], errs[i] = e.Retrieve(ctx, p.counting(n, all))
			if errs[i] != nil {
				errs[i] = fmt.Errorf("count facet: %w", errs[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return selectedCounts{err: err}
	}
	out := selectedCounts{counts: make(map[engine.Facet]engine.FacetCounts, len(sel))}
	for i, n := range sel {
		out.counts[n] = got[i].Facets[n]
		out.missing = union(out.missing, got[i].Missing)
	}
	return out
}

// union returns a with b's values it lacks.
func union(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

// hits turns the retrieved hits into the response's page: reranked
// (relevance pages within the rerank depth), collapsed, cut to the page
// and highlighted.
//
// It also returns a suggested spelling of the query when some word in it
// is in no paragraph but matched others as a typo.
func (s *Searcher) hits(p plan, req search.Request, got []search.Hit) ([]search.Hit, string) {
	if len(got) == 0 {
		return []search.Hit{}, ""
	}
	m := newMatcher(p.terms)
	cands := make([]candidate, len(got))
	for i, h := range got {
		cands[i] = candidate{hit: h, bm25: h.Relevance}
	}
	if windowed(req) && reranks(p, req) {
		rerank(cands, m, s.an, p.span)
	}
	cands = collapse(cands, req.Sort == search.SortRelevance)
	suggestion := suggest(req.Query, p.terms, cands)
	if windowed(req) {
		from := (req.Page - 1) * req.Size
		if from >= len(cands) {
			return []search.Hit{}, suggestion
		}
		cands = cands[from:min(len(cands), from+req.Size)]
	}
	hits := make([]search.Hit, len(cands))
	for i := range cands {
		hits[i] = cands[i].hit
		if req.Highlight {
			occ := cands[i].occ
			if occ == nil && len(p.terms) > 0 {
				occ = occurrences(hits[i].Text, m, s.an)
			}
			occ = withPhrases(hits[i].Text, occ, p.terms, p.phraseWords, s.an)
			hits[i].Highlight = highlight(hits[i].Text, occ)
		}
	}
	return hits, suggestion
}

package index

import (
	"context"
	"slices"
	"strings"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/engine"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// phraseQuery matches the terms of a phrase's words on FieldText (stems,
// and stop words as they are), each at its distance from the first. When
// m.Exact, the words are held to their forms as typed: "thrilled
// audience" is not "thrilling audience". Each word another word shares a
// stem with must also be in the paragraph's FieldExact, which settles a
// one-word phrase ("film" in quotes: a term lookup beside the stem's, not
// films); a longer phrase's paragraphs with the stems in place are then
// checked for the words in order in their text (Index.phraseHeld). So
// totals, facets and pages all count only the phrase itself.
//
// Bleve's own phrase searcher reads one posting list per position of the
// phrase: "the the the …" (30 times) read the postings of "the", with
// positions, 30 times over (4.9 s at 357k paragraphs), and nothing stopped
// it when the request's deadline passed or its client left. This one reads
// each distinct word's postings once, checks the positions itself, and
// stops with the request's context.
func phraseQuery(m engine.Match, typed *asTyped) *stemPhraseQuery {
	q := &stemPhraseQuery{text: strings.Join(m.Phrase, " "), field: FieldText, boost: boostPhrase, words: m.Phrase}
	if m.Exact {
		q.typed = typed
	}
	return q
}

// asTyped holds a phrase's words to their forms as typed (see
// phraseQuery).
type asTyped struct {
	// otherForms reports whether another word has word's stem: only
	// then is FieldExact read for it.
	otherForms func(word string) bool
	// held reports whether the paragraph with document ID id holds
	// words, in order.
	held func(id string, words []string) (bool, error)
}

// stemPhraseQuery is a bleve query (a FieldableQuery, so BM25 counts its
// field).
type stemPhraseQuery struct {
	text  string
	field string
	boost float64
	// words are the phrase's words as analysis.Exact gives them, and
	// typed holds them to those forms (nil: the stems in place are
	// enough).
	words []string
	typed *asTyped
}

func (q *stemPhraseQuery) SetField(f string)  { q.field = f }
func (q *stemPhraseQuery) Field() string      { return q.field }
func (q *stemPhraseQuery) SetBoost(b float64) { q.boost = b }
func (q *stemPhraseQuery) Boost() float64     { return q.boost }

// Searcher returns the conjunction of the phrase's distinct words, filtered
// to documents holding them at the phrase's relative positions.
func (q *stemPhraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	an := m.AnalyzerNamed(analysis.StemmedName)
	if an == nil {
		return searcher.NewMatchNoneSearcher(r)
	}
	toks := an.Analyze([]byte(q.text))
	if len(toks) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	s := &phraseSearcher{field: q.field, done: ctx.Done(), err: ctx.Err, reader: r, words: q.words}
	index := map[string]int{}
	for _, t := range toks {
		term := string(t.Term)
		i, ok := index[term]
		if !ok {
			i = len(s.terms)
			index[term] = i
			s.terms = append(s.terms, term)
		}
		s.steps = append(s.steps, phraseStep{term: i, offset: uint64(t.Position - toks[0].Position)})
	}
	subs := make([]bsearch.Searcher, 0, len(s.terms))
	closeAll := func() {
		for _, sub := range subs {
			sub.Close()
		}
	}
	withPositions := options
	withPositions.IncludeTermVectors = true
	for _, term := range s.terms {
		ts, err := searcher.NewTermSearcher(ctx, r, term, q.field, q.boost, withPositions)
		if err != nil {
			closeAll()
			return nil, err
		}
		subs = append(subs, ts)
	}
	if q.typed != nil {
		// Each word with other forms, as typed: unscored, so the stems
		// alone rank, as without it.
		unscored := options
		unscored.Score, unscored.IncludeTermVectors, unscored.Explain = "none", false, false
		var typed []string
		for _, w := range q.words {
			if !analysis.IsStop([]byte(w)) && !slices.Contains(typed, w) && q.typed.otherForms(w) {
				typed = append(typed, w)
			}
		}
		for _, w := range typed {
			ts, err := searcher.NewTermSearcher(ctx, r, w, FieldExact, 0, unscored)
			if err != nil {
				closeAll()
				return nil, err
			}
			subs = append(subs, unscoredSearcher{ts})
		}
		if len(s.steps) > 1 {
			s.held = q.typed.held
		}
	}
	if len(subs) == 1 {
		s.must = subs[0]
	} else {
		must, err := searcher.NewConjunctionSearcher(ctx, r, subs, withPositions)
		if err != nil {
			closeAll()
			return nil, err
		}
		s.must = must
	}
	if len(s.steps) == 1 {
		return s.must, nil // a one-word phrase is the stem, and the word as typed
	}
	s.positions = make([][]uint64, len(s.terms))
	return s, nil
}

// phraseStep is one position of a phrase: which distinct word, how far
// from the first.
type phraseStep struct {
	term   int
	offset uint64
}

// phraseSearcher passes on the documents of must that hold the phrase.
type phraseSearcher struct {
	must      bsearch.Searcher
	field     string
	terms     []string
	steps     []phraseStep
	positions [][]uint64 // per distinct word, its positions in the document at hand
	done      <-chan struct{}
	err       func() error
	checked   int
	reader    bindex.IndexReader
	words     []string
	held      func(id string, words []string) (bool, error) // asTyped.held, or nil
}

// checkEvery is how many documents are checked between looks at the context.
const checkEvery = 256

func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		dm, err := s.must.Next(ctx)
		if dm == nil || err != nil {
			return dm, err
		}
		if ok, err := s.holds(dm); ok || err != nil {
			return okOrNil(dm, err)
		}
		ctx.DocumentMatchPool.Put(dm)
		if err := s.stopped(); err != nil {
			return nil, err
		}
	}
}

func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.must.Advance(ctx, id)
	if dm == nil || err != nil {
		return dm, err
	}
	if ok, err := s.holds(dm); ok || err != nil {
		return okOrNil(dm, err)
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// okOrNil returns dm, or no match with err.
func okOrNil(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if err != nil {
		return nil, err
	}
	return dm, nil
}

// stopped returns the context's error, looking at it every checkEvery
// documents.
func (s *phraseSearcher) stopped() error {
	if s.checked++; s.checked%checkEvery != 0 {
		return nil
	}
	select {
	case <-s.done:
		return s.err()
	default:
		return nil
	}
}

// holds reports whether dm holds the phrase: its stems in place and, when
// checked, its words in the text.
func (s *phraseSearcher) holds(dm *bsearch.DocumentMatch) (bool, error) {
	if !s.inPlace(dm) {
		return false, nil
	}
	if s.held == nil {
		return true, nil
	}
	id, err := s.reader.ExternalID(dm.IndexInternalID)
	if err != nil {
		return false, err
	}
	return s.held(id, s.words)
}

// inPlace reports whether dm's locations hold the phrase's stems: each
// step's stem at the first one's position plus the step's offset.
func (s *phraseSearcher) inPlace(dm *bsearch.DocumentMatch) bool {
	for i := range s.positions {
		s.positions[i] = s.positions[i][:0]
	}
	for _, ftl := range dm.FieldTermLocations {
		if ftl.Field != s.field {
			continue
		}
		if i := slices.Index(s.terms, ftl.Term); i >= 0 {
			s.positions[i] = append(s.positions[i], ftl.Location.Pos)
		}
	}
	dm.FieldTermLocations = dm.FieldTermLocations[:0] // no one above reads them
	for _, p := range s.positions {
		slices.Sort(p)
	}
	first := s.steps[0]
	for _, start := range s.positions[first.term] {
		ok := true
		for _, st := range s.steps[1:] {
			if _, found := slices.BinarySearch(s.positions[st.term], start+st.offset); !found {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (s *phraseSearcher) Close() error               { return s.must.Close() }
func (s *phraseSearcher) Weight() float64            { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(n float64)     { s.must.SetQueryNorm(n) }
func (s *phraseSearcher) Size() int                  { return s.must.Size() }
func (s *phraseSearcher) Count() uint64              { return s.must.Count() }
func (s *phraseSearcher) Min() int                   { return s.must.Min() }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() }

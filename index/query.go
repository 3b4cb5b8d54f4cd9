package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/pullquote/pullquote/search"
)

// Boosts of the parts of one query word: an exact (stemmed) match ranks
// above a prefix match, which ranks above a typo match.
const (
	boostExact  = 2.0
	boostPrefix = 0.8
	boostFuzzy  = 0.5
	boostPhrase = 2.0
	// minPrefix is the shortest last word that also matches as a prefix;
	// shorter ones would expand to too many terms.
	minPrefix = 2
)

// qterm is one query word as the index sees it.
type qterm struct {
	text   string // lower case, accents folded, unstemmed: a lexicon word
	stem   string // a text term; "" for a stop word
	prefix bool   // also matches words that text begins
	fuzz   int    // edits allowed for a typo: 0, 1 (5+ letters) or 2 (9+)
	phrase bool   // part of a "phrase"
	// unknown is set for a word no paragraph holds (so a likely typo), and
	// typed is the word as typed when it is a whole clause, for suggestions.
	unknown bool
	typed   string
}

// plan is a parsed query translated for the index: the words, phrases and
// exclusions as the index holds them (an Engine's Matches), and the
// query's terms in order for reranking and highlighting.
type plan struct {
	parsed search.Query
	filter search.Filter
	// terms are the words and phrase words in the order typed, stop words
	// left out.
	terms []qterm
	// words are the words to match (each with its typo and prefix
	// variants), phrases the phrases, exclude the -clauses.
	words   []Match
	phrases []Match
	exclude []Match
	// phraseWords are each phrase's words, unstemmed, for marking whole
	// phrases (stop words too) in highlights.
	phraseWords [][]string
	// span is the number of positions the included words take, counting
	// stop words: how long a paragraph window holding them all must be.
	span int
	// match, when set, is how many of the words and phrases a paragraph
	// must hold, fewer than all (the any-words fallback).
	match int
}

// retrieval is what p asks of an engine for the page from, size in
// order s, counting the facets in count and listing whole the one all
// names ("outlet", "work" or "").
func (p plan) retrieval(s search.Sort, from, size int, count []Facet, all string) *Retrieval {
	r := &Retrieval{
		Need: slices.Concat(p.words, p.phrases), Min: p.match, Not: p.exclude,
		Filter: p.filter, Sort: s, From: from, Size: size, Count: count,
	}
	switch all {
	case "outlet":
		r.Whole = FacetOutlet
	case "work":
		r.Whole = FacetWork
	}
	return r
}

// counting is what p asks of an engine to count facet n, which has a
// selection, disjunctively: without its own filter.
func (p plan) counting(n Facet, all string) *Retrieval {
	r := p.retrieval(search.SortRelevance, 0, 0, []Facet{n}, all)
	r.Filter = withoutFacet(p.filter, n)
	return r
}

// fuzziness returns the edits allowed for a typo in word, as Meilisearch
// and Typesense allow them: one from 5 letters, two from 9, none in a word
// with a digit (a year, "3D", "2049" is what it is). Two edits in an
// 8-letter word let gibberish through ("blorfing" found "boring").
func fuzziness(word string) int {
	if strings.ContainsFunc(word, unicode.IsDigit) {
		return 0
	}
	switch n := utf8.RuneCountInString(word); {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// fuzzyPrefix is how many leading letters a typo variant keeps: people
// rarely get the first letter wrong, and keeping it cuts the variants a
// typo query visits.
const fuzzyPrefix = 1

// analyzers are the analyzers of the index mapping, and the stop words a
// query leaves out of its words.
type analyzers struct {
	stemmed, exact analysis.Analyzer
	stop           analysis.TokenMap
}

func analyzersOf(m mapping.IndexMapping) (analyzers, error) {
	a := analyzers{stemmed: m.AnalyzerNamed(AnalyzerStemmed), exact: m.AnalyzerNamed(AnalyzerExact)}
	if a.stemmed == nil || a.exact == nil {
		return a, fmt.Errorf("index mapping lacks analyzers %s and %s", AnalyzerStemmed, AnalyzerExact)
	}
	var err error
	a.stop, err = stopWords()
	return a, err
}

// tokens analyses text and returns its words: unstemmed (folded, lower
// case) and stemmed ("" for stop words), paired by position.
func (a analyzers) tokens(text string) []qterm {
	exact := a.exact.Analyze([]byte(text))
	stems := make(map[int]string, len(exact))
	for _, t := range a.stemmed.Analyze([]byte(text)) {
		if _, stop := a.stop[string(t.Term)]; !stop {
			stems[t.Position] = string(t.Term)
		}
	}
	out := make([]qterm, 0, len(exact))
	last := -1
	for _, t := range exact {
		if t.Position == last {
			continue // a token filter's extra token at the same position
		}
		last = t.Position
		out = append(out, qterm{text: string(t.Term), stem: stems[t.Position]})
	}
	return out
}

// vocabulary is what a plan asks of the index's words (lexWords).
type vocabulary interface {
	// known reports whether some paragraph holds word (folded, unstemmed).
	known(word string) bool
	// near returns the stems of the words a typo away from word (within
	// edits, same first letter), with the fewest edits to a word of each.
	near(word string, edits int) (stems []string, dists []uint8)
	// prefixed returns the stems of the words that begin with prefix.
	prefixed(prefix string) []string
	// otherForms reports whether another word has word's stem ("films",
	// "film"), so that a phrase found by its stems must be checked
	// (lexicon.otherForms).
	otherForms(word string) bool
}

// newPlan translates a parsed query and the merged filter. A word words
// knows gets no typo variants (finding them costs up to a couple of
// milliseconds a word, and exact matches exist). A nil words treats every
// word as unknown and gives none any variant or prefix match.
func newPlan(a analyzers, q search.Query, f search.Filter, words vocabulary) plan {
	p := plan{parsed: q, filter: f}
	var stopOnly []qterm // words that are all stop words, in case nothing else is left
	for _, c := range q.Clauses {
		toks := a.tokens(c.Text)
		if len(toks) == 0 {
			continue
		}
		switch {
		case c.Exclude && c.Phrase:
			p.exclude = append(p.exclude, phraseMatch(toks, words))
		case c.Exclude:
			for _, t := range toks {
				if t.stem == "" {
					t.stem = t.text // a stop word, as it is
				}
				p.exclude = append(p.exclude, Match{Word: t.text, Term: t.stem})
			}
		case c.Phrase:
			m := phraseMatch(toks, words)
			p.phrases = append(p.phrases, m)
			p.phraseWords = append(p.phraseWords, m.Phrase)
			p.span += len(toks)
			for _, t := range toks {
				if t.stem != "" {
					t.phrase = true
					p.terms = append(p.terms, t)
				}
			}
		default:
			p.span += len(toks)
			for i, t := range toks {
				t.prefix = c.Prefix && i == len(toks)-1 && len([]rune(t.text)) >= minPrefix
				if t.stem == "" && !t.prefix {
					stopOnly = append(stopOnly, t)
					continue
				}
				t.fuzz = fuzziness(t.text)
				if t.fuzz > 0 && words != nil {
					if words.known(t.text) {
						t.fuzz = 0
					} else if len(toks) == 1 && !t.prefix {
						t.unknown, t.typed = true, c.Text
					}
				}
				p.terms = append(p.terms, t)
				if t.stem == "" {
					// A stop word being typed ("…is not ov"): it helps the
					// rerank and highlight but is not required.
					stopOnly = append(stopOnly, t)
					continue
				}
				if !slices.ContainsFunc(p.words, func(m Match) bool { return m.Term == t.stem && m.Prefix == t.prefix }) {
					// A word repeated counts once: "art art film" needs
					// two words, not three, when half will do.
					p.words = append(p.words, wordMatch(t, words))
				}
			}
		}
	}
	if len(p.words) == 0 && len(p.phrases) == 0 && len(stopOnly) > 0 {
		// Only stop words ("the who"): match them as they are (the index
		// keeps them unstemmed).
		p.terms = p.terms[:0]
		for _, t := range stopOnly {
			t := qterm{text: t.text, stem: t.text, prefix: t.prefix}
			p.terms = append(p.terms, t)
			p.words = append(p.words, wordMatch(t, words))
		}
	}
	return p
}

// wordMatch is one word to match: its stem, the stems of the lexicon's
// words a typo away from it and, for the word being typed, of the words it
// begins.
func wordMatch(t qterm, words vocabulary) Match {
	m := Match{Word: t.text, Term: t.stem, Prefix: t.prefix}
	other := func(s string) bool { return s == t.stem }
	if t.fuzz > 0 && words != nil {
		stems, dists := words.near(t.text, t.fuzz)
		if i := slices.IndexFunc(stems, other); i >= 0 {
			stems, dists = slices.Delete(stems, i, i+1), slices.Delete(dists, i, i+1)
		}
		m.Variants, m.Dists = stems, dists
	}
	if t.prefix && words != nil {
		m.Prefixed = slices.DeleteFunc(words.prefixed(t.text), other)
	}
	return m
}

// phraseMatch is a phrase of toks' words. Only a phrase with a word that
// has other forms in the lexicon needs its words checked as written
// (vocabulary.otherForms; all when vocab is nil): stop words are indexed
// as they are, and a word whose stem no other word has is itself.
func phraseMatch(toks []qterm, vocab vocabulary) Match {
	m := Match{Phrase: make([]string, len(toks))}
	for i, t := range toks {
		m.Phrase[i] = t.text
		m.Exact = m.Exact || t.stem != "" && (vocab == nil || vocab.otherForms(t.text))
	}
	return m
}

// matchQuery is m as a bleve query on FieldText; a phrase checks its
// words with held when m.Exact (see phraseQuery).
func matchQuery(m Match, held phraseCheck) query.Query {
	if m.Phrase != nil {
		return phraseQuery(m, held)
	}
	var alts []query.Query
	if m.Term != "" {
		alts = append(alts, termQuery(FieldText, m.Term, boostExact))
	}
	if len(m.Variants) > 0 {
		alts = append(alts, &stemsQuery{stems: m.Variants, dists: m.Dists, boost: boostFuzzy})
	}
	if len(m.Prefixed) > 0 {
		alts = append(alts, &stemsQuery{stems: m.Prefixed, boost: boostPrefix})
	}
	switch len(alts) {
	case 0:
		return query.NewMatchNoneQuery()
	case 1:
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}

// stemsQuery matches any of a word's variants on FieldText: its typo
// variants, each boosted by how few edits away it is (dists), or the words
// a prefix begins (no dists).
type stemsQuery struct {
	stems []string
	dists []uint8
	boost float64
}

// Field is FieldText (a FieldableQuery, so BM25 counts its field).
func (q *stemsQuery) Field() string      { return FieldText }
func (q *stemsQuery) SetField(string)    {}
func (q *stemsQuery) SetBoost(b float64) { q.boost = b }
func (q *stemsQuery) Boost() float64     { return q.boost }

// Searcher returns the disjunction of the stems' term searchers.
func (q *stemsQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if q.dists != nil {
		return searcher.NewMultiTermSearcherBoosted(ctx, r, q.stems, FieldText, q.boost, q.dists, options, true)
	}
	return searcher.NewMultiTermSearcher(ctx, r, q.stems, FieldText, q.boost, options, true)
}

// lexWords is an index's vocabulary: the words of its lexicon, searched
// by their stems.
type lexWords struct {
	lex  *lexicon
	stem *SnowballFilter
}

func (w lexWords) known(word string) bool { return w.lex.has(word) }

func (w lexWords) near(word string, edits int) ([]string, []uint8) {
	return w.stems(w.lex.near(word, edits, fuzzyPrefix))
}

func (w lexWords) prefixed(prefix string) []string {
	stems, _ := w.stems(w.lex.withPrefix(prefix), nil)
	return stems
}

func (w lexWords) otherForms(word string) bool { return w.lex.otherForms(word) }

// stems returns the distinct stems of words, in the order first met, each
// with the fewest dists of its words (nil when dists is).
func (w lexWords) stems(words []string, dists []uint8) ([]string, []uint8) {
	at := make(map[string]int, len(words))
	var stems []string
	var ds []uint8
	for i, word := range words {
		s := stemOf(w.stem, word)
		k, seen := at[s]
		if !seen {
			at[s] = len(stems)
			stems = append(stems, s)
			if dists != nil {
				ds = append(ds, dists[i])
			}
			continue
		}
		if dists != nil {
			ds[k] = min(ds[k], dists[i])
		}
	}
	return stems, ds
}

// exactWords is a vocabulary for a request that allows no typo variants:
// every word is known.
type exactWords struct{ vocabulary }

func (exactWords) known(string) bool { return true }

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// textQuery returns the bleve query for r's words and phrases: all of
// them, or at least r.Min of them when it is set. It returns nil when
// there are none (browsing).
func textQuery(r *Retrieval, held phraseCheck) query.Query {
	if len(r.Need) == 0 {
		return nil
	}
	parts := make([]query.Query, len(r.Need))
	for i, m := range r.Need {
		parts[i] = matchQuery(m, held)
	}
	if r.Min > 0 && r.Min < len(parts) {
		d := query.NewDisjunctionQuery(parts)
		d.SetMin(float64(r.Min))
		return d
	}
	return query.NewConjunctionQuery(parts)
}

// bleveQuery returns r as one bleve query: text (see textQuery),
// exclusions and the filter.
func bleveQuery(r *Retrieval, held phraseCheck) query.Query {
	b := query.NewBooleanQuery(nil, nil, nil)
	t, f := textQuery(r, held), filterQuery(r.Filter)
	switch {
	case t != nil && f != nil:
		// A conjunction, not a Boolean filter: a Boolean filter is checked
		// on every paragraph with the words, while a conjunction lets the
		// more selective side lead (one outlet among thousands). The
		// filter is unscored, so it leaves the ranking alone.
		b.AddMust(query.NewConjunctionQuery([]query.Query{t, unscoredQuery{f}}))
	case t != nil:
		b.AddMust(t)
	case f != nil:
		// Browsing: the filter leads (a match-all query filtered would
		// visit every paragraph).
		b.AddMust(f)
	}
	for _, m := range r.Not {
		b.AddMustNot(matchQuery(m, held))
	}
	if b.Must == nil && b.MustNot == nil && b.Filter == nil {
		return query.NewMatchAllQuery()
	}
	if b.Must == nil {
		// Browsing: every paragraph the filter and exclusions let through.
		b.AddMust(query.NewMatchAllQuery())
	}
	return b
}

// withoutFacet returns f without the selection of facet n, for counting
// n disjunctively.
func withoutFacet(f search.Filter, n Facet) search.Filter {
	switch n {
	case FacetOutlet:
		f.Outlets = nil
	case FacetWork:
		f.Works = nil
	case FacetScore:
		f.Score, f.NoScore = search.Range{}, false
	case FacetDate:
		f.Date = search.DateRange{}
	}
	return f
}

// filterQuery returns a conjunction of f's fields, or nil.
func filterQuery(f search.Filter) query.Query {
	var parts []query.Query
	add := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		var alts []query.Query
		for _, v := range values {
			alts = append(alts, termQuery(field, v, 1))
		}
		parts = append(parts, disjunction(alts))
	}
	add(FieldOutlet, f.Outlets)
	add(FieldAuthor, f.Authors)
	add(FieldKind, f.Kinds)
	add(FieldWork, f.Works)
	if q := scoreQuery(f.Score, f.NoScore); q != nil {
		parts = append(parts, q)
	}
	if !f.Date.IsZero() {
		parts = append(parts, dateQuery(f.Date))
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// scoreQuery matches scores in r, or no score when noScore is set; either
// when both are given. Nil when neither.
func scoreQuery(r search.Range, noScore bool) query.Query {
	var alts []query.Query
	if !r.IsZero() {
		t := true
		alts = append(alts, query.NewNumericRangeInclusiveQuery(r.Min, r.Max, &t, &t))
		alts[0].(*query.NumericRangeQuery).SetField(FieldScore)
	}
	if noScore {
		alts = append(alts, termQuery(FieldHasScore, "f", 1))
	}
	if len(alts) == 0 {
		return nil
	}
	return disjunction(alts)
}

// dateQuery matches days in r (inclusive at both ends).
func dateQuery(r search.DateRange) query.Query {
	var from, to time.Time
	if !r.From.IsZero() {
		from = r.From
	}
	if !r.To.IsZero() {
		to = r.To.AddDate(0, 0, 1) // the end of the last day
	}
	// bleve stores dates as nanoseconds since 1970 and rejects endpoints
	// outside what that reaches (1677–2262). No paragraph is dated there,
	// so clamping changes no answer: "date:0001" matches nothing.
	from, to = clampDate(from), clampDate(to)
	t, f := true, false
	q := query.NewDateRangeInclusiveQuery(from, to, &t, &f)
	q.SetField(FieldDate)
	return q
}

// clampDate moves a non-zero t into the range bleve can store.
func clampDate(t time.Time) time.Time {
	switch {
	case t.IsZero():
		return t
	case t.Before(query.MinRFC3339CompatibleTime):
		return query.MinRFC3339CompatibleTime
	case t.After(query.MaxRFC3339CompatibleTime):
		return query.MaxRFC3339CompatibleTime
	}
	return t
}

// describe is a short readable form of the plan's terms, for logs and tests.
func (p plan) describe() string {
	var b strings.Builder
	for i, t := range p.terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		if t.stem != "" {
			b.WriteString(t.stem)
		} else {
			b.WriteString(t.text)
		}
		if t.prefix {
			b.WriteByte('*')
		}
		if t.fuzz > 0 {
			fmt.Fprintf(&b, "~%d", t.fuzz)
		}
	}
	return b.String()
}

// unscoredQuery matches what its query matches with a score of 0 and no
// scoring work, like a Boolean query's filter clause, but as a clause a
// conjunction can advance through.
type unscoredQuery struct{ query.Query }

// Searcher returns the query's searcher with scoring off.
func (q unscoredQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	options.Score = "none"
	options.IncludeTermVectors = false
	options.Explain = false
	s, err := q.Query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	return unscoredSearcher{s}, nil
}

// unscoredSearcher has no weight in the query norm, so the scores of the
// clauses beside it are what they would be without it.
type unscoredSearcher struct{ bsearch.Searcher }

func (unscoredSearcher) Weight() float64      { return 0 }
func (unscoredSearcher) SetQueryNorm(float64) {}

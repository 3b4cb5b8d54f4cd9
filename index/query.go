package index

import (
	"context"
	"time"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/engine"

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
)

// fuzzyPrefix is how many leading bytes (a whole letter at least) a typo variant keeps: people
// rarely get the first letter wrong, and keeping it cuts the variants a
// typo query visits.
const fuzzyPrefix = 1

// matchQuery is m as a bleve query on FieldText; a phrase holds its
// words to their forms as typed with typed when m.Exact (see phraseQuery).
func matchQuery(m engine.Match, typed *asTyped) query.Query {
	if m.Phrase != nil {
		return phraseQuery(m, typed)
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
	stem *analysis.Stemmer
}

var _ engine.Vocabulary = lexWords{}

// Known reports whether the lexicon holds word.
func (w lexWords) Known(word string) bool { return w.lex.has(word) }

// Near returns the stems of the lexicon's words within edits of word,
// keeping its first letter.
func (w lexWords) Near(word string, edits int) ([]string, []uint8) {
	return w.stems(w.lex.near(word, edits, fuzzyPrefix))
}

// Prefixed returns the stems of the lexicon's words that begin with prefix.
func (w lexWords) Prefixed(prefix string) []string {
	stems, _ := w.stems(w.lex.withPrefix(prefix), nil)
	return stems
}

// OtherForms reports whether another lexicon word has word's stem.
func (w lexWords) OtherForms(word string) bool { return w.lex.otherForms(word) }

// stems returns the distinct stems of words, in the order first met, each
// with the fewest dists of its words (nil when dists is).
func (w lexWords) stems(words []string, dists []uint8) ([]string, []uint8) {
	at := make(map[string]int, len(words))
	var stems []string
	var ds []uint8
	for i, word := range words {
		s := w.stem.Stem(word)
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

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// textQuery returns the bleve query for r's words and phrases: all of
// them, or at least r.Min of them when it is set. It returns nil when
// there are none (browsing).
func textQuery(r *engine.Retrieval, typed *asTyped) query.Query {
	if len(r.Need) == 0 {
		return nil
	}
	parts := make([]query.Query, len(r.Need))
	for i, m := range r.Need {
		parts[i] = matchQuery(m, typed)
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
func bleveQuery(r *engine.Retrieval, typed *asTyped) query.Query {
	b := query.NewBooleanQuery(nil, nil, nil)
	t, f := textQuery(r, typed), filterQuery(r.Filter)
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
		b.AddMustNot(matchQuery(m, typed))
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

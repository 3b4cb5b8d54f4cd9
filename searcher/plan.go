package searcher

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
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
	words   []engine.Match
	phrases []engine.Match
	exclude []engine.Match
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
func (p plan) retrieval(s search.Sort, from, size int, count []engine.Facet, all string) *engine.Retrieval {
	r := &engine.Retrieval{
		Need: slices.Concat(p.words, p.phrases), Min: p.match, Not: p.exclude,
		Filter: p.filter, Sort: s, From: from, Size: size, Count: count,
		// The keyword facets show their most frequent values and the
		// ticked ones (facetsOf).
		Top:      termFacetSize,
		Selected: map[engine.Facet][]string{engine.FacetOutlet: p.filter.Outlets, engine.FacetWork: p.filter.Works},
	}
	switch all {
	case "outlet":
		r.Whole = engine.FacetOutlet
	case "work":
		r.Whole = engine.FacetWork
	}
	return r
}

// counting is what p asks of an engine to count facet n, which has a
// selection, disjunctively: without its own filter.
func (p plan) counting(n engine.Facet, all string) *engine.Retrieval {
	r := p.retrieval(search.SortRelevance, 0, 0, []engine.Facet{n}, all)
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

// newPlan translates a parsed query and the merged filter. A word words
// knows gets no typo variants (finding them costs up to a couple of
// milliseconds a word, and exact matches exist). A nil words treats every
// word as unknown and gives none any variant or prefix match.
func newPlan(a *analysis.Analyzer, q search.Query, f search.Filter, words engine.Vocabulary) plan {
	p := plan{parsed: q, filter: f}
	if pw, ok := words.(engine.Priming); ok {
		pw.Prime(typoCandidates(a, q))
	}
	var stopOnly []qterm // words that are all stop words, in case nothing else is left
	for _, c := range q.Clauses {
		toks := termsOf(a, c.Text)
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
				p.exclude = append(p.exclude, engine.Match{Word: t.text, Term: t.stem})
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
				t.prefix = c.Prefix && i == len(toks)-1 && len([]rune(t.text)) >= search.MinPrefixRunes
				if t.stem == "" && !t.prefix {
					stopOnly = append(stopOnly, t)
					continue
				}
				t.fuzz = fuzziness(t.text)
				if t.fuzz > 0 && words != nil {
					if words.Known(t.text) {
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
				if !slices.ContainsFunc(p.words, func(m engine.Match) bool { return m.Term == t.stem && m.Prefix == t.prefix }) {
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

// typoCandidates are the words of q's clauses that newPlan asks the
// vocabulary about: those long enough for typo variants, not in a phrase,
// nor excluded, nor stop words.
func typoCandidates(a *analysis.Analyzer, q search.Query) []string {
	var out []string
	for _, c := range q.Clauses {
		if c.Phrase || c.Exclude {
			continue
		}
		for _, t := range a.Terms(c.Text) {
			if t.Stem != "" && fuzziness(t.Word) > 0 && !slices.Contains(out, t.Word) {
				out = append(out, t.Word)
			}
		}
	}
	return out
}

// wordMatch is one word to match: its stem, the stems of the lexicon's
// words a typo away from it and, for the word being typed, of the words it
// begins.
func wordMatch(t qterm, words engine.Vocabulary) engine.Match {
	m := engine.Match{Word: t.text, Term: t.stem, Prefix: t.prefix}
	other := func(s string) bool { return s == t.stem }
	if t.fuzz > 0 && words != nil {
		stems, dists := words.Near(t.text, t.fuzz)
		if i := slices.IndexFunc(stems, other); i >= 0 {
			stems, dists = slices.Delete(stems, i, i+1), slices.Delete(dists, i, i+1)
		}
		m.Variants, m.Dists = stems, dists
	}
	if t.prefix && words != nil {
		m.Prefixed = slices.DeleteFunc(words.Prefixed(t.text), other)
	}
	return m
}

// phraseMatch is a phrase of toks' words. Only a phrase with a word that
// has other forms in the lexicon needs its words checked as written
// (Vocabulary.OtherForms; all when vocab is nil): stop words are indexed
// as they are, and a word whose stem no other word has is itself.
func phraseMatch(toks []qterm, vocab engine.Vocabulary) engine.Match {
	m := engine.Match{Phrase: make([]string, len(toks))}
	for i, t := range toks {
		m.Phrase[i] = t.text
		m.Exact = m.Exact || t.stem != "" && (vocab == nil || vocab.OtherForms(t.text))
	}
	return m
}

// exactWords is a vocabulary for a request that allows no typo variants:
// every word is known.
type exactWords struct{ engine.Vocabulary }

func (exactWords) Known(string) bool { return true }

// engineWords is the vocabulary of an engine that is no Lexicon: every
// word known, no variants, no prefixes (the engine matches Match.Prefix
// itself), every phrase checked as written.
type engineWords struct{}

func (engineWords) Known(string) bool                    { return true }
func (engineWords) Near(string, int) ([]string, []uint8) { return nil, nil }
func (engineWords) Prefixed(string) []string             { return nil }
func (engineWords) OtherForms(string) bool               { return true }

// termsOf returns text's words as a plan holds them.
func termsOf(a *analysis.Analyzer, text string) []qterm {
	ts := a.Terms(text)
	out := make([]qterm, len(ts))
	for i, t := range ts {
		out[i] = qterm{text: t.Word, stem: t.Stem}
	}
	return out
}

// withoutFacet returns f without the selection of facet n, for counting
// n disjunctively.
func withoutFacet(f search.Filter, n engine.Facet) search.Filter {
	switch n {
	case engine.FacetOutlet:
		f.Outlets = nil
	case engine.FacetWork:
		f.Works = nil
	case engine.FacetScore:
		f.Score, f.NoScore = search.Range{}, false
	case engine.FacetDate:
		f.Date = search.DateRange{}
	}
	return f
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

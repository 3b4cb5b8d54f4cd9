package engine

import (
	"context"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Engine is the search engine under pullquote's search (searcher.Searcher):
// it finds the paragraphs a Retrieval asks for, ranks them by BM25 or
// sorts them by a field, counts their facet values and reads whole
// reviews. index.Index (Bleve shards on this machine) is one;
// manticore.Engine (a Manticore or Sphinx cluster through SphinxQL) is
// another. Everything else a search does — parsing, typo variants, the
// rerank of misremembered quotes, the collapse of copies, highlights,
// suggestions — is the searcher's, the same over any engine. What an
// engine may bring beyond this (a lexicon, a version, …) it says by the
// small interfaces in extras.go.
type Engine interface {
	// Retrieve runs r.
	Retrieve(ctx context.Context, r *Retrieval) (*Retrieved, error)
	// Review returns one whole review by ID, or an error wrapping
	// search.ErrNotFound.
	Review(ctx context.Context, id string) (*corpus.Review, error)
	// Films returns what the index holds of each film (search.FilmLister).
	Films(ctx context.Context) ([]search.FilmCounts, error)
}

// Retrieval is what the searcher asks of an Engine: the paragraphs that
// hold the words and phrases in Need (all of them, or at least Min when
// Min is set), none in Not, and pass Filter; their total; the page From,
// Size of them in Sort's order; and the counts of the Count facets over
// all of them. No Need and no Not is every paragraph the filter passes.
type Retrieval struct {
	Need []Match
	// Min, when above 0 and below len(Need), is how many of Need a
	// paragraph must hold (the any-words fallback).
	Min int
	Not []Match
	// Filter's keyword values are as the index holds them (the searcher
	// resolves case first when the engine is a KeywordResolver).
	Filter search.Filter
	Sort   search.Sort
	From   int
	Size   int
	Count  []Facet
	// Whole names a counted keyword facet to list whole ("Show all
	// outlets"); an engine may list only the most frequent values of the
	// others (FacetCounts.Others), but at least Top of them (by count,
	// ties by value), and every value in Selected that any paragraph has.
	Whole    Facet
	Top      int
	Selected map[Facet][]string
}

// Match is one word or phrase of a query as the index holds it.
type Match struct {
	// Word is the word as analysed without stemming (lower case, accents
	// folded); Term its index term: its stem, or the word itself for a
	// stop word (indexed as it is). Both empty for a phrase.
	Word, Term string
	// Variants are the stems of the lexicon's words a typo away from Word,
	// Dists how many edits away each is; Prefixed the stems of the words
	// Word begins. An engine that is no Lexicon gets none.
	Variants []string
	Dists    []uint8
	Prefixed []string
	// Prefix is set when Word is the one being typed and may be the start
	// of a longer word.
	Prefix bool
	// Phrase is a phrase's words in order, stop words included, as Word
	// would hold each; Exact is set when one of them shares its stem with
	// another word, so a paragraph must hold the words as written, not
	// only their stems ("thrilled audience" is not "thrilling audience").
	Phrase []string
	Exact  bool
}

// Retrieved is an Engine's answer to a Retrieval.
type Retrieved struct {
	Total uint64
	// Hits are the page asked for, each with its text and review's fields
	// and the engine's score as Relevance (BM25 in both engines).
	Hits []search.Hit
	// Facets holds the counts of the facets asked for.
	Facets map[Facet]FacetCounts
	// Missing names the parts of the index that did not answer (shards of
	// a cluster): the answer lacks their paragraphs.
	Missing []string
}

// Facet names a facet an engine counts.
type Facet int

// The facets. Their values are an outlet, a film (work), a score band's
// minimum in decimal ("80", search.BandKey) and a month ("2012-07",
// MonthLayout); FacetNone, the zero value, is none.
const (
	FacetNone Facet = iota
	FacetOutlet
	FacetScore
	FacetDate
	FacetWork
)

// Facets returns the facets, in the order they are counted.
func Facets() []Facet { return []Facet{FacetOutlet, FacetScore, FacetDate, FacetWork} }

// MonthLayout formats the date facet's values.
const MonthLayout = "2006-01"

// FacetCounts are one facet's counts: each value (in any order) with how
// many paragraphs have it, and how many have none.
type FacetCounts struct {
	Values  []ValueCount
	Missing int
	// Others is how many values there are beyond those listed, when the
	// engine lists only the most frequent.
	Others int
}

// ValueCount is one facet value and its count.
type ValueCount struct {
	Value string
	Count int
}

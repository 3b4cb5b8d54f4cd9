package index

import (
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// stemmedFilters and exactFilters are the token filters of AnalyzerStemmed
// and AnalyzerExact, in order. Both start the same way, so a lexicon word
// and the stem it is searched by, and a phrase's words checked in a hit and
// the stems that found it, come from the same tokens. Stop words are kept,
// unstemmed (stopMarkerName marks them so the stemmer leaves them): their
// positions make "one of the best" a phrase of four words, not of "one"
// and "best" three apart. A query leaves them out of its words
// (analyzers.tokens).
var (
	exactFilters   = []string{lowercase.Name, FoldName, PossessiveName}
	stemmedFilters = []string{lowercase.Name, FoldName, PossessiveName, CollectName, stopMarkerName, SnowballName}
)

// stopMarkerName names the filter that marks English stop words as
// keywords, which SnowballFilter does not stem.
const stopMarkerName = "pullquote_stop_marker"

// addAnalyzers registers AnalyzerStemmed and AnalyzerExact with m.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	err := m.AddCustomTokenFilter(stopMarkerName, map[string]interface{}{
		"type":               keyword.Name,
		"keywords_token_map": en.StopName,
	})
	if err != nil {
		return fmt.Errorf("add token filter %s: %w", stopMarkerName, err)
	}
	for name, filters := range map[string][]string{
		AnalyzerStemmed: stemmedFilters,
		AnalyzerExact:   exactFilters,
	} {
		tf := make([]interface{}, len(filters))
		for i, f := range filters {
			tf[i] = f
		}
		err := m.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": tf,
		})
		if err != nil {
			return fmt.Errorf("add analyzer %s: %w", name, err)
		}
	}
	return nil
}

// stopWords returns the English stop words a query leaves out of its
// words (and AnalyzerStemmed leaves unstemmed): read once, never changed.
var stopWords = sync.OnceValues(func() (analysis.TokenMap, error) {
	m, err := registry.NewCache().TokenMapNamed(en.StopName)
	if err != nil {
		return nil, fmt.Errorf("stop words: %w", err)
	}
	return m, nil
})

// StopWords returns the English stop words, sorted: left out of a query's
// words, and indexed as they are, unstemmed (a backend that analyses text
// itself keeps them the same way).
func StopWords() ([]string, error) {
	m, err := stopWords()
	if err != nil {
		return nil, err
	}
	words := make([]string, 0, len(m))
	for w := range m {
		words = append(words, w)
	}
	slices.Sort(words)
	return words, nil
}

// Analyzer returns one of the named analyzers (AnalyzerStemmed,
// AnalyzerExact) built from the index mapping, for re-analysing text the way
// the index did (highlighting, reranking, query terms).
func Analyzer(name string) (analysis.Analyzer, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	a := m.AnalyzerNamed(name)
	if a == nil {
		return nil, fmt.Errorf("no analyzer named %q", name)
	}
	return a, nil
}

package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/pullquote/pullquote/corpus"
)

// FoldName is the name FoldFilter is registered under.
const FoldName = "pullquote_fold"

// FoldFilter folds accents out of each token: it decomposes the term (NFD),
// drops combining marks and recomposes it, so "vérité" becomes "verite".
// It works on terms, not on the text, so token offsets still point into the
// original text for highlighting. ASCII terms are left as they are.
type FoldFilter struct{}

// NewFoldFilter returns a FoldFilter.
func NewFoldFilter() *FoldFilter { return &FoldFilter{} }

// Filter folds each term.
func (f *FoldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if isASCII(tok.Term) {
			continue
		}
		tok.Term = []byte(corpus.Fold(string(tok.Term)))
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FoldFilterConstructor builds a FoldFilter for bleve's registry.
func FoldFilterConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
	return NewFoldFilter(), nil
}

func init() {
	if err := registry.RegisterTokenFilter(FoldName, FoldFilterConstructor); err != nil {
		panic(err)
	}
}

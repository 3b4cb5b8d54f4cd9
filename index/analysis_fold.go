package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
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

// extraFolds are letters that do not decompose but that readers type
// without their mark.
var extraFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ł': "l", 'ı': "i", 'þ': "th", 'ð': "d",
}

// Filter folds each term.
func (f *FoldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if isASCII(tok.Term) {
			continue
		}
		tok.Term = fold(tok.Term)
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

func fold(term []byte) []byte {
	d := norm.NFD.Bytes(term)
	out := make([]byte, 0, len(d))
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		i += n
		switch {
		case unicode.Is(unicode.Mn, r):
		case extraFolds[r] != "":
			out = append(out, extraFolds[r]...)
		default:
			out = utf8.AppendRune(out, r)
		}
	}
	return norm.NFC.Bytes(out)
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

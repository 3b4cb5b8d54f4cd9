package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// PossessiveName is the name PossessiveFilter is registered under.
const PossessiveName = "pullquote_possessive"

// PossessiveFilter handles apostrophes in lower-case tokens: curly and
// full-width apostrophes become ', a possessive 's or a trailing ' is
// removed ("ai's" → ai, "critics'" → critics), and leading apostrophes are
// dropped ("'til" → til). Contractions such as "don't" keep their
// apostrophe. A token that is only apostrophes is removed.
type PossessiveFilter struct{}

// NewPossessiveFilter returns a PossessiveFilter.
func NewPossessiveFilter() *PossessiveFilter { return &PossessiveFilter{} }

var (
	curlyApostrophe     = []byte("\u2019")
	fullWidthApostrophe = []byte("\uff07")
	leftSingleQuote     = []byte("\u2018")
	modifierApostrophe  = []byte("\u02bc")
)

// Filter normalises apostrophes and strips possessives.
func (f *PossessiveFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		t := tok.Term
		if hasApostrophe(t) {
			t = normaliseApostrophes(t)
			t = bytes.TrimLeft(t, "'")
			if bytes.HasSuffix(t, []byte("'s")) {
				t = t[:len(t)-2]
			}
			t = bytes.TrimRight(t, "'")
			tok.Term = t
		}
		if len(tok.Term) > 0 {
			out = append(out, tok)
		}
	}
	return out
}

func hasApostrophe(t []byte) bool {
	for _, c := range t {
		if c == '\'' || c >= 0x80 {
			return true
		}
	}
	return false
}

func normaliseApostrophes(t []byte) []byte {
	if bytes.IndexByte(t, 0xe2) < 0 && bytes.IndexByte(t, 0xef) < 0 && bytes.IndexByte(t, 0xca) < 0 {
		return t
	}
	for _, a := range [][]byte{curlyApostrophe, fullWidthApostrophe, leftSingleQuote, modifierApostrophe} {
		t = bytes.ReplaceAll(t, a, []byte("'"))
	}
	return t
}

// PossessiveFilterConstructor builds a PossessiveFilter for bleve's registry.
func PossessiveFilterConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
	return NewPossessiveFilter(), nil
}

func init() {
	if err := registry.RegisterTokenFilter(PossessiveName, PossessiveFilterConstructor); err != nil {
		panic(err)
	}
}

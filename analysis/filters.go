package analysis

import (
	"bytes"
	"unicode/utf8"

	"github.com/pullquote/pullquote/corpus"
)

// lower puts each term in lower case, a final capital sigma as ς.
func lower(toks []Token) {
	for i := range toks {
		t := toks[i].Term
		if isLower(t) {
			continue
		}
		l := bytes.ToLower(t)
		if bytes.HasSuffix(l, []byte("σ")) && !bytes.HasSuffix(t, []byte("σ")) {
			l = append(l[:len(l)-len("σ")], "ς"...)
		}
		toks[i].Term = l
	}
}

// isLower reports whether t is ASCII with no capital letter (the common
// case, left as it is).
func isLower(t []byte) bool {
	for _, c := range t {
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// fold folds accents out of each term (corpus.Fold: "vérité" is
// "verite"). It works on terms, not on the text, so offsets still point
// into the text as written. ASCII terms are left as they are.
func fold(toks []Token) {
	for i := range toks {
		if !isASCII(toks[i].Term) {
			toks[i].Term = []byte(corpus.Fold(string(toks[i].Term)))
		}
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Apostrophes that possessive reads as '.
var apostrophes = [][]byte{
	[]byte("\u2019"), // right single quotation mark (curly)
	[]byte("\uff07"), // full-width
	[]byte("\u2018"), // left single quotation mark
	[]byte("\u02bc"), // modifier letter apostrophe
}

// possessive handles apostrophes: curly and full-width apostrophes become
// ', a possessive 's or a trailing ' goes ("ai's" → ai, "critics'" →
// critics), and leading ones are dropped ("'til" → til). Contractions
// keep theirs ("don't"). A token of apostrophes alone is removed.
func possessive(toks []Token) []Token {
	out := toks[:0]
	for _, tok := range toks {
		if t := tok.Term; hasApostrophe(t) {
			if bytes.IndexByte(t, 0xe2) >= 0 || bytes.IndexByte(t, 0xef) >= 0 || bytes.IndexByte(t, 0xca) >= 0 {
				for _, a := range apostrophes {
					t = bytes.ReplaceAll(t, a, []byte("'"))
				}
			}
			t = bytes.TrimLeft(t, "'")
			t = bytes.TrimSuffix(t, []byte("'s"))
			tok.Term = bytes.TrimRight(t, "'")
		}
		if len(tok.Term) > 0 {
			out = append(out, tok)
		}
	}
	return out
}

func hasApostrophe(t []byte) bool {
	for _, c := range t {
		if c == '\'' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// markStops marks the English stop words as keywords, which the stemmer
// leaves alone.
func markStops(toks []Token) {
	for i := range toks {
		if IsStop(toks[i].Term) {
			toks[i].KeyWord = true
		}
	}
}

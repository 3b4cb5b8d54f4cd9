package analysis

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Token is one word of a text.
type Token struct {
	// Term is the word as the analysis leaves it (lower case, folded, and
	// stemmed by Stemmed unless KeyWord).
	Term []byte
	// Start and End are the word's byte offsets in the text analysed, so a
	// highlight marks the word as written even where its term changed.
	Start, End int
	// Position counts the text's words from 1, every word counted (a
	// token removed by a filter leaves a gap).
	Position int
	// KeyWord marks a stop word, which the stemmer leaves as it is.
	KeyWord bool
}

// Tokenize splits text into words at the word boundaries of Unicode
// Standard Annex #29 and keeps the segments that hold a letter, a digit or
// a connector ("_"): what Bleve's unicode tokenizer and Lucene's standard
// tokenizer call words. Terms are the text's own bytes (not copied).
func Tokenize(text []byte) []Token {
	out := make([]Token, 0, len(text)/6+1)
	state, start, pos := -1, 0, 1
	for rest := text; len(rest) > 0; {
		var w []byte
		w, rest, state = uniseg.FirstWord(rest, state)
		if isWord(w) {
			out = append(out, Token{Term: w[:len(w):len(w)], Start: start, End: start + len(w), Position: pos})
			pos++
		}
		start += len(w)
	}
	return out
}

// isWord reports whether a segment is a word: it holds a letter, a
// decimal digit or a connector punctuation mark.
func isWord(w []byte) bool {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(w[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Pc, r) {
			return true
		}
		i += n
	}
	return false
}

package check

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pullquote/pullquote/corpus"
)

// token is one word of a text: its normalised form (lower case, accents
// folded, apostrophes dropped: "Ai’s" and "ai's" are both "ais") and its
// byte range in the text.
type token struct {
	norm       string
	start, end int
}

// isApostrophe reports whether r joins the parts of a word ("it's").
func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// tokenize splits text into words: runs of letters and digits, with
// apostrophes inside a word kept in it. Everything else (punctuation,
// quotes, dashes, white space) separates words and is ignored when words
// are compared.
func tokenize(text string) []token {
	var out []token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		out = append(out, token{norm: normWord(w), start: start, end: end})
		start = -1
	}
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if !word && isApostrophe(r) && start >= 0 {
			// Inside a word only when a letter follows.
			next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
			word = unicode.IsLetter(next)
		}
		switch {
		case word && start < 0:
			start = i
		case !word:
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// normWord is w as words are compared.
func normWord(w string) string {
	w = strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, w)
	return corpus.Fold(w)
}

// qword is one word of a quote, or a wildcard standing for a bracketed
// insertion ("[the film]"), which may replace a few words of the source.
type qword struct {
	norm string
	wild bool
}

// maxWild is how many source words a bracketed insertion may stand for.
const maxWild = 6

var ellipsis = regexp.MustCompile(`\.\s*\.\s*\.|…`)

// fragments splits a quote at its ellipses into the runs of words between
// them; empty runs (an ellipsis at either end) are dropped.
func fragments(quote string) [][]qword {
	var out [][]qword
	for _, piece := range ellipsis.Split(quote, -1) {
		var frag []qword
		for piece != "" {
			open := strings.IndexByte(piece, '[')
			if open < 0 {
				frag = appendWords(frag, piece)
				break
			}
			frag = appendWords(frag, piece[:open])
			end := strings.IndexByte(piece[open:], ']')
			if end < 0 {
				frag = appendWords(frag, piece[open+1:])
				break
			}
			frag = append(frag, qword{wild: true})
			piece = piece[open+end+1:]
		}
		if len(words(frag)) > 0 {
			out = append(out, frag)
		}
	}
	return out
}

func appendWords(frag []qword, s string) []qword {
	for _, t := range tokenize(s) {
		frag = append(frag, qword{norm: t.norm})
	}
	return frag
}

// words returns the words of frag, wildcards left out.
func words(frag []qword) []string {
	var out []string
	for _, w := range frag {
		if !w.wild {
			out = append(out, w.norm)
		}
	}
	return out
}

// matchAt matches frag against src from position i and returns the end of
// the shortest match. A wildcard matches 0 to maxWild source words.
func matchAt(src []token, i int, frag []qword) (int, bool) {
	if len(frag) == 0 {
		return i, true
	}
	if frag[0].wild {
		for n := 0; n <= maxWild && i+n <= len(src); n++ {
			if end, ok := matchAt(src, i+n, frag[1:]); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i >= len(src) || src[i].norm != frag[0].norm {
		return 0, false
	}
	return matchAt(src, i+1, frag[1:])
}

// find returns the first match of frag in src at or after from, as a range
// of token positions.
func find(src []token, from int, frag []qword) (start, end int, ok bool) {
	for i := from; i < len(src); i++ {
		if end, ok := matchAt(src, i, frag); ok && end > i {
			return i, end, true
		}
	}
	return 0, 0, false
}

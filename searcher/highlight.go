package searcher

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pullquote/pullquote/corpus"
)

// maxFragment is the longest highlighted fragment, in bytes of plain text:
// a sentence or two.
const maxFragment = 280

// Ellipsis marks where a fragment was cut.
const Ellipsis = "…"

// highlight returns an HTML-escaped fragment of text, the sentence or two
// holding the most query words, with the words that match (occ, from
// occurrences) in <mark>. A sentence too long for the fragment is cut at
// word boundaries around its matches; cuts are marked with an ellipsis.
func highlight(text string, occ []occurrence) string {
	start, end := fragment(text, occ)
	var b strings.Builder
	// A cut between sentences is spaced ("going. …", "… Then"), a cut
	// inside one is not ("…the film").
	if start > 0 {
		b.WriteString(Ellipsis)
		if endsSentence(strings.TrimRightFunc(text[:start], unicode.IsSpace)) {
			b.WriteByte(' ')
		}
	}
	at := start
	for _, o := range occ {
		if o.start < at || o.end > end {
			continue // outside the fragment, or a second match of a marked word
		}
		b.WriteString(html.EscapeString(text[at:o.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[o.start:o.end]))
		b.WriteString("</mark>")
		at = o.end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		if endsSentence(text[:end]) {
			b.WriteByte(' ')
		}
		b.WriteString(Ellipsis)
	}
	return b.String()
}

// endsSentence reports whether s ends with a sentence's closing
// punctuation, possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]»`)
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// fragment chooses the byte range of text to show.
func fragment(text string, occ []occurrence) (start, end int) {
	sents := corpus.Sentences(text)
	if len(sents) == 0 {
		return 0, 0
	}
	// Rate each run of one or two sentences that fits: distinct query
	// words first, then matches, then the earlier.
	bestScore, bestI, bestJ := -1.0, 0, 0
	for i := range sents {
		for j := i; j < min(i+2, len(sents)); j++ {
			s, e := sents[i][0], sents[j][1]
			if j > i && e-s > maxFragment {
				break
			}
			if score := rate(occ, s, e); score > bestScore {
				bestScore, bestI, bestJ = score, i, j
			}
		}
	}
	start, end = sents[bestI][0], sents[bestJ][1]
	if end-start <= maxFragment {
		return start, end
	}
	// One long sentence: keep the densest maxFragment bytes of it.
	center := start
	bestScore = -1
	for _, o := range occ {
		if o.start < start || o.end > end {
			continue
		}
		if score := rate(occ, o.start, min(end, o.start+maxFragment)); score > bestScore {
			bestScore, center = score, o.start
		}
	}
	// Show a little context before the first match.
	lo := max(start, center-maxFragment/5)
	hi := min(end, lo+maxFragment)
	if lo > start {
		lo = wordStart(text, lo)
	}
	if hi < end {
		if cut := wordEnd(text, hi); cut > lo {
			hi = cut
		} else {
			hi = nextWordEnd(text, hi) // one word longer than the fragment
		}
	}
	return lo, hi
}

// rate scores the matches within [s, e): one per distinct query word plus a
// tenth per match.
func rate(occ []occurrence, s, e int) float64 {
	seen := map[int]bool{}
	score := 0.0
	for _, o := range occ {
		if o.start >= s && o.end <= e {
			if !seen[o.term] {
				seen[o.term] = true
				score++
			}
			score += 0.1
		}
	}
	return score
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// wordStart moves i forward to the start of the next word unless i is
// already at one, so that a fragment starting at i cuts no word.
func wordStart(s string, i int) int {
	if i == 0 {
		return 0
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if unicode.IsSpace(prev) {
		return corpus.SkipSpace(s, i)
	}
	for i < len(s) && !isSpaceAt(s, i) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return corpus.SkipSpace(s, i)
}

// wordEnd moves i back to the end of the previous word unless a word ends
// at i, so that a fragment ending at i cuts no word. It returns 0 when no
// word ends before i.
func wordEnd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	if !isSpaceAt(s, i) {
		for i > 0 { // inside a word: back to its start
			r, size := utf8.DecodeLastRuneInString(s[:i])
			if unicode.IsSpace(r) {
				break
			}
			i -= size
		}
	}
	return len(strings.TrimRightFunc(s[:i], unicode.IsSpace))
}

// nextWordEnd returns the end of the word at or after i.
func nextWordEnd(s string, i int) int {
	for i < len(s) && !isSpaceAt(s, i) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

package check

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Flag is a reason to think a quote may not mean what it seems to: each
// names the source's words that raised it. Flags are heuristics (word
// lists and positions, not an understanding of the text).
type Flag struct {
	// Kind is one of negated, hedged, contrast, qualified,
	// ellipsis_removed and negative_review. A quote is qualified when the
	// source goes on with "over" or "than", or with "of" after a word of
	// praise ("a triumph" of "a triumph of style over substance").
	Kind string `json:"kind"`
	// Words are the source's words that raised the flag.
	Words string `json:"words"`
	// Explanation says it in plain words.
	Explanation string `json:"explanation"`
}

// The words the flags look for, normalised as tokenize does (apostrophes
// dropped).
var (
	negations = []string{"not", "never", "no", "hardly", "barely", "scarcely", "nor", "neither",
		"isnt", "wasnt", "arent", "werent", "doesnt", "dont", "didnt", "cant", "cannot", "couldnt",
		"wont", "wouldnt", "shouldnt", "aint", "nothing", "without"}
	// hedges are phrases that make what follows hypothetical or partial.
	hedges = [][]string{
		{"could", "have", "been"}, {"would", "have", "been"}, {"might", "have", "been"}, {"should", "have", "been"},
		{"could", "be"}, {"would", "be"}, {"might", "be"}, {"could", "have"}, {"would", "have"}, {"might", "have"}, {"should", "have"}, {"almost"}, {"nearly"}, {"if", "only"},
		{"wants", "to", "be"}, {"tries", "to", "be"}, {"trying", "to", "be"}, {"aspires", "to", "be"},
		{"far", "from"}, {"less", "than"}, {"falls", "short", "of"}, {"not", "quite"}, {"supposed", "to", "be"},
		{"meant", "to", "be"}, {"hoped", "for"}, {"fails", "to", "be"}, {"seems"}, {"seemingly"}, {"perhaps"},
		{"for", "the", "most", "part"},
	}
	// concessions, before a quote, grant it only to take it back ("While
	// it showcases Pixar's brilliance, it falls short").
	concessions = []string{"while", "although", "though", "despite", "whereas"}
	contrasts   = []string{"but", "yet", "however", "although", "though", "except", "unfortunately", "alas", "sadly", "instead"}
	// positives are words that make a quote sound like praise.
	positives = []string{"triumph", "triumphant", "masterpiece", "masterful", "brilliant", "brilliantly", "great",
		"greatest", "best", "stunning", "stunningly", "thrilling", "riveting", "powerful", "beautiful", "beautifully",
		"gorgeous", "wonderful", "marvelous", "marvellous", "magnificent", "superb", "excellent", "extraordinary",
		"remarkable", "delightful", "delight", "joy", "joyous", "funny", "hilarious", "moving", "must", "gem",
		"perfect", "perfection", "fascinating", "compelling", "captivating", "engaging", "engrossing", "entertaining",
		"inspiring", "important", "invigorating", "enthralling", "dazzling", "astonishing", "amazing", "fun",
		"charming", "clever", "smart", "fresh", "rich", "tour", "force", "classic", "genius", "love", "loved", "brilliance", "marvel",
		"terrific", "fantastic", "exhilarating", "breathtaking", "impressive", "stirring", "glorious", "winning"}
)

// negativeBelow is the score (0–100) under which a review is not positive
// (search.Sentiment), so a positive-sounding quote from it is flagged.
const negativeBelow = search.PositiveFrom

// window is how many words before or after a quote the flags look at.
const window = 4

// flagsFor looks around the quoted stretch src[start:end] of a review's
// text (within its sentence) and in what ellipses removed, for signs that
// the quote changes the source's meaning.
func flagsFor(text string, src []token, start, end int, removed []string, quoteWords []string, score *float64) []Flag {
	var out []Flag
	sentStart, sentEnd := sentenceTokens(text, src, start, end)
	before := src[max(sentStart, start-window):start]
	after := src[end:min(sentEnd, end+window)]
	said := func(ts []token) string {
		if len(ts) == 0 {
			return ""
		}
		return text[ts[0].start:ts[len(ts)-1].end]
	}
	norms := func(ts []token) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.norm
		}
		return out
	}
	bw := norms(before)
	// A hedge may stand further off, and across an ellipsis that the
	// sentence splitter takes for a full stop ("For the most part... it is").
	leadStart := sentStart
	if sentStart > 0 && strings.ContainsAny(strings.ReplaceAll(text[src[sentStart-1].end:src[sentStart].start], "..", "…"), "…") {
		leadStart = 0
	}
	lead := src[max(leadStart, start-2*window):start]
	lw := norms(lead)

	// A contrast between a hedge or a negation and the quote takes it
	// back: "could have been stronger, but it's still fun", "not a
	// masterpiece but very good".
	if h := findPhrase(lw, hedges); h >= 0 && indexAny(lw[h:], contrasts) < 0 {
		out = append(out, Flag{Kind: "hedged", Words: said(lead[h:]) + " …",
			Explanation: "the source hedges the quoted words: what it says is hypothetical or partial"})
	} else if i := lastIndexAny(bw, negations); i >= 0 && indexAny(bw[i:], contrasts) < 0 {
		out = append(out, Flag{Kind: "negated", Words: said(before[i:]) + " …",
			Explanation: "the source negates the quoted words"})
	}
	if i := lastIndexAny(norms(src[max(sentStart, start-6):start]), concessions); i >= 0 {
		c := src[max(sentStart, start-6):start]
		out = append(out, Flag{Kind: "contrast", Words: said(c[i:]) + " …",
			Explanation: "the source concedes the quoted words before turning against them"})
	}
	last := src[end-1].norm
	if len(after) > 0 && !punctuatedBetween(text, src[end-1], after[0]) &&
		(after[0].norm == "over" || after[0].norm == "than" || after[0].norm == "of" && slices.Contains(positives, last)) {
		out = append(out, Flag{Kind: "qualified", Words: "… " + said(after),
			Explanation: "the quoted words are the start of a longer phrase that qualifies them"})
	}
	// A contrast right after the quote, in its clause or opening the next
	// sentence. A colon, semicolon, dash or bracket starts another clause
	// ("a thrilling unfinished symphony: The story is enthralling, but …"
	// turns against the story, not the symphony); a comma does not.
	clause := end
	for clause < sentEnd && clause-end < 2*window && !clauseBreak(text[src[clause-1].end:src[clause].start]) {
		clause++
	}
	if i := indexAny(norms(src[end:clause]), contrasts); i >= 0 {
		out = append(out, Flag{Kind: "contrast", Words: "… " + said(src[end:end+i+1]),
			Explanation: "the source turns against the quoted words right after them"})
	} else if end == sentEnd && sentEnd < len(src) && slices.Contains(contrasts, src[sentEnd].norm) {
		out = append(out, Flag{Kind: "contrast", Words: "… " + said(src[sentEnd:sentEnd+1]),
			Explanation: "the next sentence turns against the quoted words"})
	}
	for _, r := range removed {
		rw := tokenize(r)
		if i := indexAny(norms(rw), negations); i >= 0 {
			out = append(out, Flag{Kind: "ellipsis_removed", Words: r,
				Explanation: "an ellipsis removed a negation (" + r[rw[i].start:rw[i].end] + ")"})
			break
		}
		if i := indexAny(norms(rw), contrasts); i >= 0 {
			out = append(out, Flag{Kind: "ellipsis_removed", Words: r,
				Explanation: "an ellipsis removed a contrast (" + r[rw[i].start:rw[i].end] + ")"})
			break
		}
	}
	if score != nil && *score < negativeBelow && positive(quoteWords) {
		out = append(out, Flag{Kind: "negative_review", Words: formatScore(*score),
			Explanation: "a positive-sounding quote from a review that scored the film below " + formatScore(negativeBelow)})
	}
	return out
}

// positive reports whether a quote sounds like praise.
func positive(words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return slices.Contains(positives, w) })
}

// sentenceTokens returns the token range of the sentence(s) holding
// src[start:end].
func sentenceTokens(text string, src []token, start, end int) (int, int) {
	lo, hi := 0, len(src)
	for _, s := range sentenceRanges(text) {
		if s[0] <= src[start].start && src[start].start < s[1] {
			lo = firstTokenAt(src, s[0])
		}
		if s[0] < src[end-1].end && src[end-1].end <= s[1] {
			hi = firstTokenAt(src, s[1])
		}
	}
	return lo, hi
}

// sentenceRanges are the sentences of text, paragraphs ("\n\n") included as
// boundaries.
func sentenceRanges(text string) [][2]int {
	var out [][2]int
	off := 0
	for _, p := range strings.Split(text, paragraphBreak) {
		for _, s := range corpus.Sentences(p) {
			out = append(out, [2]int{off + s[0], off + s[1]})
		}
		off += len(p) + len(paragraphBreak)
	}
	return out
}

// firstTokenAt returns the index of the first token starting at or after
// byte offset b.
func firstTokenAt(src []token, b int) int {
	i, _ := slices.BinarySearchFunc(src, b, func(t token, b int) int { return t.start - b })
	return i
}

// clauseBreak reports whether the text between two words ends a clause.
func clauseBreak(between string) bool { return strings.ContainsAny(between, ":;—–()[]") }

// punctuatedBetween reports whether anything but white space separates two
// adjacent tokens.
func punctuatedBetween(text string, a, b token) bool {
	return strings.TrimSpace(text[a.end:b.start]) != ""
}

func indexAny(ws, set []string) int {
	return slices.IndexFunc(ws, func(w string) bool { return slices.Contains(set, w) })
}

func lastIndexAny(ws, set []string) int {
	for i := len(ws) - 1; i >= 0; i-- {
		if slices.Contains(set, ws[i]) {
			return i
		}
	}
	return -1
}

// findPhrase returns where the last of phrases occurring in ws starts, -1
// when none does.
func findPhrase(ws []string, phrases [][]string) int {
	best := -1
	for _, p := range phrases {
		for i := 0; i+len(p) <= len(ws); i++ {
			if slices.Equal(ws[i:i+len(p)], p) && i > best {
				best = i
			}
		}
	}
	return best
}

// formatScore writes a 0–100 score without needless decimals.
func formatScore(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "/100" }

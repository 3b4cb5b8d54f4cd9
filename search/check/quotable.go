package check

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/pullquote/pullquote/search"
)

// Quotability is how well a sentence would serve as a pull quote on a
// poster: points, and the reasons for them (each "+3 poster length",
// "-4 hedged: could have been"). It is a heuristic over word lists and
// positions, the same ones the check's flags use, so a line it ranks high
// is one the check would pass clean.
//
// The scoring, added up:
//
//	length in words      4–12: +3   13–25: +2   26–40: -1   over 40: -4   under 4: -3
//	praise words         one: +3    two or more: +4   none: -3
//	inside the sentence  a hedge ("could have been", "almost"): -8
//	                     a negation ("not", "never"): -7
//	                     a contrast ("but", "yet"): -7
//	around it            each flag the check would raise on quoting it
//	                     (a contrast after it, a concession before, a
//	                     qualifying "than"/"over"): -7
//	how it opens         mid-thought ("But", "And", "So"…): -2
//	                     referring back ("This", "He", "They"…): -1
//	a question           -2
//	the review's score   80+: +2   60–79: +1   none: 0   40–59: -7   under 40: -9
//	attribution          critic and outlet named: +2   one of them: +1   neither: -2
//	                     a user review (not a critic's): -1 more
//
// Lines of at least MinQuotable points are worth offering. The best a
// line can score is 11, so anything the check would flag, and any line
// from a review that is not positive (search.Sentiment), falls below it.
type Quotability struct {
	Points  int      `json:"points"`
	Reasons []string `json:"reasons"`
}

// MinQuotable is the fewest points of a line worth offering as a pull
// quote: praise, a short length, and no hedge or negative review against
// it.
const MinQuotable = 5

// Line is a candidate pull quote: the sentence Paragraph[Start:End] of a
// review with the given score (nil: unscored), author and outlet.
type Line struct {
	Paragraph      string
	Start, End     int
	Score          *float64
	Author, Outlet string
	// User is set for a user review, which a poster credits less than a
	// critic's.
	User bool
}

// Words that open a sentence in the middle of a thought, or point back to
// something the sentence does not say.
var (
	midThought = []string{"but", "and", "so", "yet", "still", "however", "also", "or", "nor", "then", "which", "because", "though", "although"}
	backRefs   = []string{"this", "that", "these", "those", "he", "she", "they", "his", "her", "their", "here", "there",
		"thats", "hes", "shes", "theyre", "theres", "heres"}
)

// Quotable scores a line (see Quotability).
func Quotable(l Line) Quotability {
	var q Quotability
	add := func(points int, reason string) {
		q.Points += points
		q.Reasons = append(q.Reasons, signed(points)+" "+reason)
	}
	src := tokenize(l.Paragraph)
	start, end := firstTokenAt(src, l.Start), firstTokenAt(src, l.End)
	sentence := src[start:end]
	norms := make([]string, len(sentence))
	for i, t := range sentence {
		norms[i] = t.norm
	}
	said := func(i, j int) string { return l.Paragraph[sentence[i].start:sentence[j-1].end] }

	switch n := len(norms); {
	case n < 4:
		add(-3, "too short to stand alone")
	case n <= 12:
		add(3, "poster length ("+strconv.Itoa(n)+" words)")
	case n <= 25:
		add(2, "short ("+strconv.Itoa(n)+" words)")
	case n <= 40:
		add(-1, "long ("+strconv.Itoa(n)+" words)")
	default:
		add(-4, "too long ("+strconv.Itoa(n)+" words)")
	}
	if len(norms) == 0 {
		return q
	}
	var praise []string
	for i, w := range norms {
		if slices.Contains(positives, w) && !slices.Contains(praise, w) {
			praise = append(praise, said(i, i+1))
		}
	}
	switch len(praise) {
	case 0:
		add(-3, "no words of praise")
	case 1:
		add(3, "praise: "+praise[0])
	default:
		add(4, "praise: "+strings.Join(praise, ", "))
	}
	if h := findPhrase(norms, hedges); h >= 0 {
		add(-8, "hedged: "+said(h, h+hedgeLen(norms[h:])))
	}
	if i := indexAny(norms, negations); i >= 0 {
		add(-7, "negated: "+said(i, i+1))
	}
	if i := indexAny(norms[1:], contrasts); i >= 0 {
		add(-7, "turns: "+said(i+1, i+2))
	}
	if len(sentence) > 0 {
		for _, f := range flagsFor(l.Paragraph, src, start, end, nil, norms, nil) {
			if f.Kind == "contrast" || f.Kind == "qualified" {
				add(-7, f.Kind+": "+f.Words)
			}
		}
	}
	switch {
	case slices.Contains(midThought, norms[0]):
		add(-2, "opens mid-thought: "+said(0, 1))
	case slices.Contains(backRefs, norms[0]):
		add(-1, "refers back: "+said(0, 1))
	}
	if strings.HasSuffix(strings.TrimRight(l.Paragraph[l.Start:l.End], " \"'”’)"), "?") {
		add(-2, "a question")
	}
	switch {
	case l.Score == nil:
		q.Reasons = append(q.Reasons, "0 unscored review")
	case search.BandOf(*l.Score) == search.ScoreBands[0].Min: // the top band
		add(2, "review scored "+formatScore(*l.Score))
	case search.Sentiment(*l.Score) == "positive":
		add(1, "review scored "+formatScore(*l.Score))
	case search.Sentiment(*l.Score) == "mixed":
		add(-7, "mixed review ("+formatScore(*l.Score)+")")
	default:
		add(-9, "negative review ("+formatScore(*l.Score)+")")
	}
	author, outlet := strings.TrimSpace(l.Author), strings.TrimSpace(l.Outlet)
	switch {
	case author != "" && outlet != "" && !strings.EqualFold(author, outlet):
		add(2, "named critic and outlet")
	case author != "" || outlet != "":
		add(1, "named "+cmp.Or(author, outlet))
	default:
		add(-2, "unattributed")
	}
	if l.User {
		add(-1, "a user review")
	}
	return q
}

// hedgeLen is the length of the hedge phrase ws starts with.
func hedgeLen(ws []string) int {
	n := 1
	for _, p := range hedges {
		if len(p) > n && len(p) <= len(ws) && slices.Equal(ws[:len(p)], p) {
			n = len(p)
		}
	}
	return n
}

// signed writes points with their sign: "+3", "-2".
func signed(points int) string {
	if points > 0 {
		return "+" + strconv.Itoa(points)
	}
	return strconv.Itoa(points)
}

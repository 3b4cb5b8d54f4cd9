package corpus

import (
	"strconv"
	"strings"
)

// Blank reports whether a paragraph has nothing to index: no engine
// indexes it, and no benchmark peer should.
func Blank(p string) bool { return strings.TrimSpace(p) == "" }

// Indexable counts the paragraphs that are not Blank.
func Indexable(ps []string) int {
	n := 0
	for _, p := range ps {
		if !Blank(p) {
			n++
		}
	}
	return n
}

// ParagraphID returns the document ID of paragraph i (from 0) of a review:
// what every engine calls it and a hit's ID is.
func ParagraphID(reviewID string, i int) string {
	return reviewID + "-" + strconv.Itoa(i)
}

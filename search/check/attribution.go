package check

import (
	"slices"

	"github.com/pullquote/pullquote/corpus"
)

// checkAttribution compares the blurb's attribution with the source's. A
// single name given as the author that is the source's outlet, not its
// author ("— Salon"), counts as the outlet.
func checkAttribution(b Blurb, rev *corpus.Review) AttributionCheck {
	author, outlet := b.Author, b.Outlet
	if rev != nil && author != "" && outlet == "" && !sameName(author, rev.Author) && sameName(author, rev.Outlet) {
		author, outlet = "", author
	}
	field := func(given, source string) FieldCheck {
		switch {
		case given == "":
			return FieldCheck{Status: NotGiven, Source: source}
		case rev == nil:
			return FieldCheck{Status: Unknown, Given: given}
		case source == "":
			return FieldCheck{Status: Unknown, Given: given}
		case sameName(given, source):
			return FieldCheck{Status: Matches, Given: given, Source: source}
		}
		return FieldCheck{Status: Differs, Given: given, Source: source}
	}
	if rev == nil {
		rev = &corpus.Review{}
	}
	return AttributionCheck{Author: field(author, rev.Author), Outlet: field(outlet, rev.Outlet), Work: field(b.Work, rev.Work)}
}

// sameName reports whether given names source: every word of the shorter
// is a word of the longer, case, accents and punctuation aside ("Turan" and
// "Kenneth Turan"; "The Los Angeles Times" and "Los Angeles Times"), with
// "the" left out.
func sameName(given, source string) bool {
	g, s := nameWords(given), nameWords(source)
	if len(g) == 0 || len(s) == 0 {
		return false
	}
	if len(g) > len(s) {
		g, s = s, g
	}
	for _, w := range g {
		if !slices.Contains(s, w) {
			return false
		}
	}
	return true
}

func nameWords(s string) []string {
	var out []string
	for _, t := range tokenize(s) {
		if t.norm != "the" {
			out = append(out, t.norm)
		}
	}
	return out
}

// attributionScore counts the attributed fields the review agrees with,
// to choose between reviews holding the same words.
func attributionScore(b Blurb, rev *corpus.Review) int {
	a, n := checkAttribution(b, rev), 0
	for _, f := range []FieldCheck{a.Author, a.Outlet, a.Work} {
		if f.Status == Matches {
			n++
		}
	}
	return n
}

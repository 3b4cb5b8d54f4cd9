package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Article pages (a review published as a news or blog article) are read by
// layout, not by site: the article body is the longest run of prose lines
// (lines of 12 or more words, or shorter ones ending a sentence); the title
// is the first plain line before it; a byline is a "By Name" line before the
// body or a bare name line right after it. Everything else is page chrome:
// navigation and breadcrumbs, indented lists (sidebars of other news), login
// boxes, share/tag/comment lines, "Designed with WordPress", site footers.
var (
	articleChromeRE = regexp.MustCompile(`(?i)^(skip to (main )?content|see also|user login|log ?in|log ?out|sign (in|up)\b.*|register|write for us|designed with wordpress|proudly powered by.*|powered by .*|be sociable, share!?|share( this)?:?|tweet|email|print|comments are closed\.?|leave a (comment|reply)|\d+ comments?|related( posts| articles)?:?|tags?:.*|filed under:?.*|posted in .*|this entry was posted in .*|bookmark the permalink\.?|you can contact .* at:?|follow us.*|subscribe.*|advertisement|read more.*|previous( post)?|next( post)?|menu|search|home|©.*|copyright .*|all rights reserved\.?|watch video)$`)
	bylineByRE      = regexp.MustCompile(`^(?i:by)\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})\s*$`)
	contactRE       = regexp.MustCompile(`^You can contact (\p{Lu}\p{L}+) at`)
	postedInRE      = regexp.MustCompile(`^This entry was posted in (.*?) and tagged`)
)

// isArticleChrome reports whether a line is article page furniture by itself.
func isArticleChrome(raw string) bool {
	t := strings.TrimSpace(raw)
	if articleChromeRE.MatchString(t) {
		return true
	}
	// Indented list items and their continuation lines: navigation,
	// breadcrumbs, sidebars.
	return strings.HasPrefix(raw, "  ") || strings.HasPrefix(raw, "\t") || strings.HasPrefix(t, "•")
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// isProse reports whether a line reads as article text.
func isProse(raw string) bool {
	t := strings.TrimSpace(raw)
	if t == "" || isArticleChrome(raw) {
		return false
	}
	if wordCount(t) >= 12 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return wordCount(t) >= 3 && strings.ContainsRune(`.!?"”’)…`, r)
}

// isNameLine reports whether a line looks like a person's name: two to four
// capitalised words and no sentence punctuation.
func isNameLine(t string) bool {
	ws := strings.Fields(t)
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && !strings.ContainsRune("'’.-", c) {
				return false
			}
		}
	}
	return true
}

// parseArticle reads one article review: title, byline and body.
func parseArticle(name string, lines []string) *pageResult {
	res := &pageResult{}
	// Find runs of prose; a short plain line between prose lines (a
	// subheading) stays in the run, a name line ends it.
	type run struct{ from, to, words int }
	var best, cur *run
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "":
			continue
		case isProse(lines[i]):
			if cur == nil {
				cur = &run{from: i}
			}
			cur.to = i
			cur.words += wordCount(t)
		case cur != nil && !isArticleChrome(lines[i]) && !isNameLine(t) && wordCount(t) <= 12:
			if j := nextNonBlank(lines, i+1); j >= 0 && isProse(lines[j]) {
				cur.to = i
				cur.words += wordCount(t)
				continue
			}
			fallthrough
		default:
			if cur != nil && (best == nil || cur.words > best.words) {
				best = cur
			}
			cur = nil
		}
	}
	if cur != nil && (best == nil || cur.words > best.words) {
		best = cur
	}
	if best == nil {
		res.skips = append(res.skips, Skip{File: name, Reason: "no article body found (no run of prose lines)"})
		for i, l := range lines {
			res.drop(i+1, l, "no article body")
		}
		return res
	}
	r := Review{Kind: KindArticle, Source: source(name, best.from+1)}
	for i := 0; i < best.from; i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "":
		case isArticleChrome(lines[i]):
			res.drop(i+1, t, "page chrome")
		case bylineByRE.MatchString(t) && r.Author == "":
			r.Author = bylineByRE.FindStringSubmatch(t)[1]
			res.drop(i+1, t, "byline")
		case r.Title == "" && wordCount(t) <= 25:
			r.Title = t
		default:
			res.drop(i+1, t, "before the article body")
		}
	}
	for i := best.from; i <= best.to; i++ {
		if t := strings.TrimSpace(lines[i]); t != "" {
			r.Paragraphs = append(r.Paragraphs, t)
		}
	}
	contact := ""
	for i := best.to + 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "":
		case r.Author == "" && i == nextNonBlank(lines, best.to+1) && isNameLine(t):
			r.Author = t
			res.drop(i+1, t, "byline")
		case contactRE.MatchString(t):
			contact = contactRE.FindStringSubmatch(t)[1]
			res.drop(i+1, t, "page chrome")
		case r.Author == "" && contact != "" && postedInRE.MatchString(t):
			// "You can contact Kerry at" … "posted in ACTV Exclusive, Art,
			// Kerry Song and tagged": the category naming the contact is
			// the author.
			for _, c := range strings.Split(postedInRE.FindStringSubmatch(t)[1], ",") {
				c = strings.TrimSpace(c)
				if strings.HasPrefix(c, contact+" ") && isNameLine(c) {
					r.Author = c
				}
			}
			res.drop(i+1, t, "page chrome")
		case isArticleChrome(lines[i]):
			res.drop(i+1, t, "page chrome")
		default:
			res.drop(i+1, t, "after the article body")
		}
	}
	res.reviews = append(res.reviews, r)
	return res
}

package check

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pullquote/pullquote/search"
)

// Blurb is a pull quote to check: the quoted words and, optionally, whom
// and what they are attributed to.
type Blurb struct {
	// Input is the blurb as given, when it came as one line.
	Input string `json:"input,omitempty"`
	// Quote is the quoted words, with any ellipses ("…", "...", ". . .")
	// and bracketed insertions ("[the film]") as written.
	Quote string `json:"quote"`
	// Author, Outlet and Work are the attribution; empty when not given.
	Author string `json:"author,omitempty"`
	Outlet string `json:"outlet,omitempty"`
	Work   string `json:"work,omitempty"`
}

// MaxQuoteRunes bounds the quoted words of one blurb.
const MaxQuoteRunes = 1000

const (
	openQuotes  = "\"“„«‘'‹"
	closeQuotes = "\"”»’'‛›“"
	dashes      = "—–―‒-"
)

// ParseBlurb reads a blurb as people paste it:
//
//	"A thrilling unfinished symphony" — Kenneth Turan, Los Angeles Times
//	“…riveting, vérité-style film…” (Salon)
//	A triumph! -Kenneth Turan
//	"A triumph" — Kenneth Turan (Los Angeles Times), on Ai Weiwei: Never Sorry
//
// The quoted words are what stands in quotes, or, without quotes, what
// comes before the attribution. The attribution follows a dash of any kind
// or stands in brackets: its comma-separated parts are the author, then
// the outlet; a part in brackets is an outlet, one starting with "on " the
// work. A single name after a dash is taken as the author (Check also
// tries it as the outlet). A blurb with no words gives an
// *search.InvalidError.
func ParseBlurb(s string) (Blurb, error) {
	b := Blurb{Input: strings.TrimSpace(s)}
	text := b.Input
	quote, rest := splitQuote(text)
	b.Quote = strings.TrimSpace(quote)
	parseAttribution(&b, rest)
	if len(tokenize(b.Quote)) == 0 {
		return b, &search.InvalidError{Param: "q", Reason: fmt.Sprintf("no quoted words in %.60q", s)}
	}
	if n := utf8.RuneCountInString(b.Quote); n > MaxQuoteRunes {
		return b, &search.InvalidError{Param: "q", Reason: fmt.Sprintf("the quote has %d characters, at most %d allowed", n, MaxQuoteRunes)}
	}
	return b, nil
}

// splitQuote separates the quoted words from the attribution after them.
func splitQuote(text string) (quote, rest string) {
	if r, n := utf8.DecodeRuneInString(text); n > 0 && strings.ContainsRune(openQuotes, r) {
		// The last closing quote that is followed only by an attribution.
		for i := len(text); i > n; {
			r, size := utf8.DecodeLastRuneInString(text[:i])
			i -= size
			if i < n || !strings.ContainsRune(closeQuotes, r) {
				continue
			}
			after := strings.TrimSpace(text[i+size:])
			if after == "" || startsAttribution(after) {
				return text[n:i], after
			}
		}
		return text[n:], "" // an unclosed quote: all of it
	}
	// No quotes: the attribution starts at the last dash that begins one
	// (" — Name", " -Name"), or at a closing bracket's opening.
	for i := len(text) - 1; i > 0; i-- {
		r, _ := utf8.DecodeRuneInString(text[i:])
		if !strings.ContainsRune(dashes, r) || !utf8.RuneStart(text[i]) {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsSpace(before) {
			continue // a hyphenated word
		}
		if j := strings.TrimLeft(text[i:], dashes+" "); j != "" && startsName(j) {
			return text[:i], text[i:]
		}
	}
	if strings.HasSuffix(text, ")") {
		if open := strings.LastIndex(text, "("); open > 0 {
			return text[:open], text[open:]
		}
	}
	return text, ""
}

// startsAttribution reports whether s, what follows a closing quote, is an
// attribution.
func startsAttribution(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(dashes+"(,[", r)
}

// startsName reports whether s begins like a name: a capital letter.
func startsName(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// parseAttribution fills b's author, outlet and work from rest.
func parseAttribution(b *Blurb, rest string) {
	rest = strings.TrimSpace(strings.TrimLeft(rest, dashes+" ,"))
	// "on Film" runs to the end, commas and all ("on Monsters, Inc.").
	if i := strings.Index(rest, ", on "); i >= 0 {
		setPart(b, rest[i+2:], false)
		rest = rest[:i]
	} else if w, ok := strings.CutPrefix(rest, "on "); ok {
		setPart(b, "on "+w, false)
		rest = ""
	}
	for rest != "" {
		// A bracketed part is an outlet.
		if open := strings.IndexAny(rest, "(["); open >= 0 {
			if end := strings.IndexAny(rest[open:], ")]"); end > 0 {
				setPart(b, rest[open+1:open+end], true)
				rest = strings.TrimSpace(rest[:open] + " " + rest[open+end+1:])
				continue
			}
		}
		break
	}
	for _, p := range strings.Split(rest, ",") {
		setPart(b, p, false)
	}
}

// setPart sets the next empty attribution field from one part.
func setPart(b *Blurb, p string, bracketed bool) {
	p = strings.TrimSpace(strings.Trim(strings.TrimSpace(p), dashes+"*_"))
	if p == "" {
		return
	}
	if w, ok := strings.CutPrefix(p, "on "); ok {
		b.Work = strings.Trim(strings.TrimSpace(w), "*_\"“”")
		return
	}
	switch {
	case bracketed && b.Outlet == "":
		b.Outlet = p
	case !bracketed && b.Author == "":
		b.Author = p
	case b.Outlet == "":
		b.Outlet = p
	case b.Work == "":
		b.Work = p
	}
}

package search

import (
	"html"
	"regexp"
	"slices"
	"strings"
)

// The one wording of how a hit is credited and dated: the page, the API
// (HitJSON.Quote, ReviewFields.DateText) and so the widget show these.

// DateLayout writes a review's day as the page and the widget show it.
const DateLayout = "2 Jan 2006"

var tags = regexp.MustCompile(`<[^>]*>`)

// Plain is the hit's fragment as text: its highlight without marks,
// unescaped, or its text when it has no highlight.
func (h Hit) Plain() string {
	if h.Highlight == "" {
		return h.Text
	}
	return html.UnescapeString(tags.ReplaceAllString(h.Highlight, ""))
}

// Credit is who to name for a quote: the author, then the outlet unless
// it is the author (a blog under its writer's name); either may be
// unknown.
func Credit(author, outlet string) []string {
	var who []string
	for _, w := range []string{author, outlet} {
		if w != "" && !slices.Contains(who, w) {
			who = append(who, w)
		}
	}
	return who
}

// CreditLine is the hit's fragment as a pull quote is credited, what "Copy
// quote" copies: “…quote…” — Author, Outlet, on Film (16 January 2011)
// URL, leaving out what is unknown.
func (h Hit) CreditLine() string {
	var b strings.Builder
	b.WriteString("“" + strings.TrimSpace(h.Plain()) + "”")
	who := Credit(h.Author, h.Outlet)
	if h.Work != "" {
		who = append(who, "on "+h.Work)
	}
	if len(who) > 0 {
		b.WriteString(" — " + strings.Join(who, ", "))
	}
	if !h.Date.IsZero() {
		b.WriteString(" (" + h.Date.Format("2 January 2006") + ")")
	}
	if h.URL != "" {
		b.WriteString(" " + h.URL)
	}
	return b.String()
}

// Blurb is the hit's fragment as a blurb attributed to its author and
// outlet, on its film: what "Check this quote" checks.
func (h Hit) Blurb() string {
	var b strings.Builder
	b.WriteString("“" + strings.TrimSpace(h.Plain()) + "”")
	if who := Credit(h.Author, h.Outlet); len(who) > 0 {
		b.WriteString(" — " + strings.Join(who, ", "))
	}
	if h.Work != "" {
		b.WriteString(", on " + h.Work)
	}
	return b.String()
}

package search

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// The field filters of the query language.
var filterFields = []string{"outlet", "author", "kind", "work", "score", "date"}

// kinds are the values kind: accepts.
var kinds = []string{"critic", "user", "article"}

// filter reads a field filter (name:value or name:"quoted value") at p.i.
// It returns false, consuming nothing, when the text there is not a known
// field name and a colon. A known field with a bad value (or an unclosed
// quote) is read as plain words with a warning.
func (p *parser) filter() bool {
	// Punctuation before the name is dropped, as it is before a word:
	// "(outlet:Variety" is a filter, not the word "outlet:Variety".
	tok := p.s[p.i:p.tokenEnd(p.i)]
	lead := strings.IndexFunc(tok, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if lead < 0 {
		return false
	}
	colon := strings.IndexByte(tok[lead:], ':')
	if colon <= 0 {
		return false
	}
	start := p.i + lead
	name := strings.ToLower(p.s[start : start+colon])
	if !slices.Contains(filterFields, name) {
		return false
	}
	vstart := start + colon + 1
	var value string
	end := p.tokenEnd(vstart)
	if r, size := utf8.DecodeRuneInString(p.s[vstart:]); vstart < len(p.s) && isQuote(r) {
		body, ok := p.quoted(vstart + size)
		if !ok {
			p.warn("unclosed quote in %s filter %q: read as plain words", name, p.s[start:])
			p.addWords(p.s[start:start+colon], start+colon)
			p.i = vstart + size // the rest is read as plain words
			return true
		}
		value, end = strings.Join(strings.Fields(body), " "), p.i
	} else {
		value = p.s[vstart:end]
	}
	if err := p.q.Filter.add(name, value); err != nil {
		p.warn("%s: read %q as plain words", err, p.s[start:end])
		p.addWords(p.s[start:start+colon]+" "+value, end)
		p.i = end
		return true
	}
	p.i = end
	return true
}

// addWords adds the words of s as plain word clauses; end is the offset
// just past s in the text.
func (p *parser) addWords(s string, end int) {
	// Split at colons too: a bad filter's value ("date:kind:0") must not
	// leave a word that reads as a filter when the query is written back.
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ':' || unicode.IsSpace(r) }) {
		if w = trimPunct(w); w != "" {
			p.q.Clauses = append(p.q.Clauses, Clause{Text: w})
			p.lastWordEnd, p.lastWordClause = end, len(p.q.Clauses)-1
		}
	}
}

// add merges one field filter into f.
func (f *Filter) add(name, value string) error {
	if value == "" {
		return &InvalidError{Param: name, Reason: "empty value"}
	}
	switch name {
	case "outlet":
		f.Outlets = appendNew(f.Outlets, value)
	case "author":
		f.Authors = appendNew(f.Authors, value)
	case "work":
		f.Works = appendNew(f.Works, value)
	case "kind":
		k := strings.ToLower(value)
		if !slices.Contains(kinds, k) {
			return &InvalidError{Param: "kind", Reason: fmt.Sprintf("%q is not one of %s", value, strings.Join(kinds, ", "))}
		}
		f.Kinds = appendNew(f.Kinds, k)
	case "score":
		if v := strings.ToLower(value); v == "none" || v == "unknown" {
			f.NoScore = true
			return nil
		}
		r, err := ParseScoreRange(value)
		if err != nil {
			return err
		}
		f.Score = f.Score.Intersect(r)
	case "date":
		r, err := ParseDateRange(value)
		if err != nil {
			return err
		}
		f.Date = f.Date.Intersect(r)
	default:
		return &InvalidError{Param: name, Reason: "unknown field"}
	}
	return nil
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// Merge returns f with g's filters added: the value lists are joined
// (values within one field are ORed), the score and date ranges are
// intersected, and NoScore is set if either sets it. Use it to merge a
// parsed Query's filters into a Request's.
func (f Filter) Merge(g Filter) Filter {
	out := Filter{
		Outlets: mergeLists(f.Outlets, g.Outlets),
		Authors: mergeLists(f.Authors, g.Authors),
		Kinds:   mergeLists(f.Kinds, g.Kinds),
		Works:   mergeLists(f.Works, g.Works),
		Score:   f.Score.Intersect(g.Score),
		NoScore: f.NoScore || g.NoScore,
		Date:    f.Date.Intersect(g.Date),
	}
	return out
}

func mergeLists(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	out := slices.Clone(a)
	for _, v := range b {
		out = appendNew(out, v)
	}
	return out
}

// IsZero reports whether the filter selects everything.
func (f Filter) IsZero() bool {
	return len(f.Outlets) == 0 && len(f.Authors) == 0 && len(f.Kinds) == 0 &&
		len(f.Works) == 0 && f.Score.IsZero() && !f.NoScore && f.Date.IsZero()
}

// Intersect returns the range of values in both r and s.
func (r Range) Intersect(s Range) Range {
	out := r
	if s.Min != nil && (out.Min == nil || *s.Min > *out.Min) {
		out.Min = s.Min
	}
	if s.Max != nil && (out.Max == nil || *s.Max < *out.Max) {
		out.Max = s.Max
	}
	return out
}

// Contains reports whether v is within the range.
func (r Range) Contains(v float64) bool {
	return (r.Min == nil || v >= *r.Min) && (r.Max == nil || v <= *r.Max)
}

// Intersect returns the days in both r and s.
func (r DateRange) Intersect(s DateRange) DateRange {
	out := r
	if !s.From.IsZero() && (out.From.IsZero() || s.From.After(out.From)) {
		out.From = s.From
	}
	if !s.To.IsZero() && (out.To.IsZero() || s.To.Before(out.To)) {
		out.To = s.To
	}
	return out
}

// Contains reports whether the day of t is within the range.
func (r DateRange) Contains(t time.Time) bool {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return (r.From.IsZero() || !d.Before(r.From)) && (r.To.IsZero() || !d.After(r.To))
}

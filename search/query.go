package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is a user's query text parsed into the query language: the word and
// phrase clauses in the order typed, the field filters it named, and
// warnings about any part that could not be parsed and was read as plain
// words instead. Parse never fails.
type Query struct {
	// Clauses are the words and phrases, in the order typed.
	Clauses []Clause `json:"clauses,omitempty"`
	// Filter holds the field filters (outlet:, author:, kind:, work:,
	// score:, date:) found in the text; merge it into the Request's filter
	// with Filter.Merge.
	Filter Filter `json:"filter,omitzero"`
	// Warnings describe syntax errors that fell back to plain words.
	Warnings []string `json:"warnings,omitempty"`
}

// Clause is one word or "quoted phrase" of a query.
type Clause struct {
	// Text is the word or the phrase's words, without quotes or the leading '-'.
	Text string `json:"text"`
	// Phrase is set for a "quoted phrase": its words must match in order,
	// exactly (unstemmed).
	Phrase bool `json:"phrase,omitempty"`
	// Exclude is set for -word and -"phrase": paragraphs matching it are left out.
	Exclude bool `json:"exclude,omitempty"`
	// Prefix is set on the last plain word when the text does not end in
	// whitespace (search as you type): it also matches words it begins.
	Prefix bool `json:"prefix,omitempty"`
}

// String returns the clause in the query language.
func (c Clause) String() string {
	s := c.Text
	if c.Phrase {
		s = `"` + s + `"`
	}
	if c.Exclude {
		s = "-" + s
	}
	if c.Prefix {
		s += "*"
	}
	return s
}

// Include returns the clauses that must (or should) match: the words and
// phrases that are not excluded, in order.
func (q Query) Include() []Clause {
	var out []Clause
	for _, c := range q.Clauses {
		if !c.Exclude {
			out = append(out, c)
		}
	}
	return out
}

// Exclude returns the -word and -"phrase" clauses.
func (q Query) Exclude() []Clause {
	var out []Clause
	for _, c := range q.Clauses {
		if c.Exclude {
			out = append(out, c)
		}
	}
	return out
}

// IsBrowse reports whether the query has no words or phrases to match, so
// that every paragraph passing the filters matches (browsing).
func (q Query) IsBrowse() bool { return len(q.Include()) == 0 }

// String returns the query's clauses in the query language, separated by
// spaces, with a '*' after a prefix word; filters are not included.
func (q Query) String() string {
	parts := make([]string, len(q.Clauses))
	for i, c := range q.Clauses {
		parts[i] = c.String()
	}
	return strings.Join(parts, " ")
}

// Parse reads text in the query language:
//
//	plain words        all should match (stemmed, typo-tolerant), ranked by BM25
//	"quoted phrase"    the words in order, exactly
//	-word  -"phrase"   leave out paragraphs that match
//	outlet:"Boston Globe"  author:Name  kind:user  work:"Title"
//	score:>=80  score:80..100  score:<40  score:none
//	date:2012  date:2012-07  date:2012..2013  date:>=2012-08-01
//
// The last plain word also matches as a prefix when text does not end in
// whitespace. A syntax error (an unclosed quote, a bad filter value) never
// fails: that part is read as plain words and a warning is recorded.
func Parse(text string) Query {
	p := parser{s: text}
	p.parse()
	q := p.q
	// Search as you type: the last clause, if it is a plain included word
	// and nothing follows it, is also a prefix.
	if n := len(q.Clauses); n > 0 && p.lastWordEnd == len(text) {
		last := &q.Clauses[n-1]
		if !last.Phrase && !last.Exclude && p.lastWordClause == n-1 {
			last.Prefix = true
		}
	}
	return q
}

type parser struct {
	s string
	i int
	q Query
	// lastWordEnd is the byte offset just past the last plain word read,
	// and lastWordClause its clause index (-1 if none).
	lastWordEnd    int
	lastWordClause int
}

func (p *parser) parse() {
	p.lastWordClause = -1
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return
		}
		start := p.i
		exclude := false
		if p.s[p.i] == '-' && p.i+1 < len(p.s) && !isSpaceAt(p.s, p.i+1) {
			exclude = true
			p.i++
		}
		if r, size := utf8.DecodeRuneInString(p.s[p.i:]); isQuote(r) {
			body, ok := p.quoted(p.i + size)
			if !ok {
				p.warn("unclosed quote at %q: read as plain words", p.s[start:])
				p.i = p.i + size
				continue // the rest is read token by token as plain words
			}
			if t := strings.Join(strings.Fields(body), " "); t != "" {
				p.q.Clauses = append(p.q.Clauses, Clause{Text: t, Phrase: true, Exclude: exclude})
			}
			continue
		}
		if !exclude && p.filter() {
			continue
		}
		tokEnd := p.tokenEnd(p.i)
		word := trimPunct(p.s[p.i:tokEnd])
		p.i = tokEnd
		if word == "" {
			continue
		}
		p.q.Clauses = append(p.q.Clauses, Clause{Text: word, Exclude: exclude})
		if !exclude {
			p.lastWordEnd, p.lastWordClause = tokEnd, len(p.q.Clauses)-1
		}
	}
}

// quoted reads from i (just past an opening quote) to the closing quote and
// returns the body, moving past the closing quote. ok is false when there
// is no closing quote.
func (p *parser) quoted(i int) (body string, ok bool) {
	for j := i; j < len(p.s); {
		r, size := utf8.DecodeRuneInString(p.s[j:])
		if isQuote(r) {
			p.i = j + size
			return p.s[i:j], true
		}
		j += size
	}
	return "", false
}

// tokenEnd returns the offset of the first whitespace at or after i.
func (p *parser) tokenEnd(i int) int {
	for i < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[p.i:])
		if !unicode.IsSpace(r) {
			return
		}
		p.i += size
	}
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// isQuote reports whether r opens or closes a phrase: straight or curly
// double quotes (pasted text often has curly ones).
func isQuote(r rune) bool {
	return r == '"' || r == '“' || r == '”' || r == '„' || r == '«' || r == '»'
}

// trimPunct trims punctuation and symbols from both ends of a word, keeping
// inner ones ("Ai's", "well-made").
func trimPunct(w string) string {
	return strings.TrimFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func (p *parser) warn(format string, args ...any) {
	p.q.Warnings = append(p.q.Warnings, sprintf(format, args...))
}

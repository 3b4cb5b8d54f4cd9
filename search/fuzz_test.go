package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParse feeds the query parser and a request's rules what people and
// attackers type, the hostile queries of the reliability audit among the
// seeds. Parsing never fails or panics; every clause holds text; a parsed
// query written back (Query.String) parses to the same clauses; and a
// request that Normalize accepts stays within its limits and has a key.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"a thrilling unfinished symphony", `"never sorry" -twitter outlet:"Boston Globe"`,
		`score:>=80 date:2012..2013 kind:user work:"Ai Weiwei: Never Sorry"`, `"unclosed quote`, `-"bird's nest"`,
		`“curly” „low« »guillemets«`, "score:banana date:99999", "outlet:", `""`, "-", "--x", `author:"`,
		strings.Repeat("the ", 120), `"` + strings.Repeat("the ", 60) + `"`, strings.Repeat("a ", 240), strings.Repeat("film ", 99),
		"\u202eEbert", "caf\xe9", "\x00\x01", "<script>alert(1)</script>", "' OR 1=1 --", strings.Repeat("x", 600),
	} {
		f.Add(s)
	}
	withoutPrefix := func(q Query) string {
		for i := range q.Clauses {
			q.Clauses[i].Prefix = false
		}
		return q.String()
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		for _, c := range q.Clauses {
			if strings.TrimSpace(c.Text) == "" {
				t.Fatalf("Parse(%q): an empty clause in %+v", s, q.Clauses)
			}
			if utf8.ValidString(s) && !utf8.ValidString(c.Text) {
				t.Fatalf("Parse(%q): clause %q is not UTF-8", s, c.Text)
			}
		}
		// Whether the last word is a prefix depends on what follows it in
		// the text ("author:\"" is the word author, not a prefix), so the
		// round trip compares the clauses without it.
		again := Parse(q.String())
		if a, b := withoutPrefix(again), withoutPrefix(q); a != b {
			t.Fatalf("Parse(%q) writes back as %q, which parses to %q", s, b, a)
		}
		req, err := Request{Query: s}.Normalize()
		if err != nil {
			return
		}
		words := 0
		for _, c := range req.Parsed().Clauses {
			words += len(strings.FieldsFunc(c.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		}
		if words > MaxQueryWords || utf8.RuneCountInString(req.Query) > MaxQueryRunes {
			t.Fatalf("Normalize accepted %q: %d words", s, words)
		}
		if _, err := req.Key(); err != nil {
			t.Fatalf("Key of an accepted request %q: %v", s, err)
		}
	})
}

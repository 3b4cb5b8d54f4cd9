package manticore

import (
	"strconv"
	"strings"

	"github.com/pullquote/pullquote/engine"
)

// matchExpr is r's words, phrases and exclusions in Sphinx's extended
// query syntax, "" for none (browsing). Words go as written, for the
// engine to stem as pullquote does (libstemmer_en, stop words through
// word forms); a word being typed also matches as a prefix (word*); a
// phrase whose words must be matched as written uses exact forms (=word,
// from index_exact_words). The any-words fallback is a quorum ("a b c"/2)
// when the query is plain words, else any of them.
func matchExpr(r *engine.Retrieval) string {
	var need []string
	plain := true
	for _, m := range r.Need {
		need = append(need, matchOf(m))
		plain = plain && m.Phrase == nil && !m.Prefix
	}
	var b strings.Builder
	switch {
	case len(need) == 0:
	case r.Min > 0 && r.Min < len(need) && plain && r.Min > 1:
		b.WriteString(`"` + strings.Join(need, " ") + `"/` + strconv.Itoa(r.Min))
	case r.Min > 0 && r.Min < len(need):
		b.WriteString("(" + strings.Join(need, " | ") + ")")
	default:
		b.WriteString(strings.Join(need, " "))
	}
	for _, m := range r.Not {
		b.WriteString(" -" + matchOf(m))
	}
	return strings.TrimSpace(b.String())
}

// matchOf is one word or phrase in the query syntax.
func matchOf(m engine.Match) string {
	if m.Phrase != nil {
		words := make([]string, len(m.Phrase))
		for i, w := range m.Phrase {
			words[i] = Escape(w)
			if m.Exact {
				words[i] = "=" + words[i]
			}
		}
		return `"` + strings.Join(words, " ") + `"`
	}
	w := Escape(m.Word)
	if m.Prefix {
		return "(" + w + " | " + w + "*)"
	}
	return w
}

// Escape escapes the characters of Sphinx's query syntax in a word, as
// its own EscapeString does.
func Escape(w string) string {
	var b strings.Builder
	for _, r := range w {
		if strings.ContainsRune(`\()|-!@~"&/^$=<'`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

package corpus

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// ColumnMapping maps the column names of a CSV export (or the keys of JSON
// Lines objects) to review fields, as "column" → "field". Names are matched
// case-insensitively, ignoring spaces, underscores and hyphens. A nil or
// empty mapping uses only the defaults; entries given take precedence over
// them. The fields, and the column names they default to:
//
//	text          review_content, quote, text, review, body, content, review_text, paragraphs
//	author        critic_name, author, author_name, reviewer, critic, user_name, user
//	outlet        publisher_name, publication_name, publication, outlet, publisher
//	score         review_score, original_score, score, rating, grade
//	date          review_date, creation_date, date, publish_date, published, publication_date
//	work          movie_title, movie, movie_name, film, film_title, work
//	title         review_title, headline, title
//	site          site
//	kind          kind, review_type, type
//	url           review_url, url, link
//	spoiler       spoiler, is_spoiler
//	helpful       helpful (a number of yes votes, or {"yes":…,"total":…})
//	helpful_total helpful_total
//	movie_id      movie_id (joined to movies.csv beside the file for the work's title)
//	ignore        (a column mapped here is not read)
type ColumnMapping map[string]string

// Fields a column may map to.
var mappingFields = []string{"text", "author", "outlet", "score", "date", "work", "title", "site", "kind", "url", "spoiler", "helpful", "helpful_total", "movie_id", "ignore"}

var defaultColumns = map[string]string{}

func init() {
	for field, cols := range map[string][]string{
		"text":          {"review_content", "quote", "text", "review", "body", "content", "review_text", "paragraphs"},
		"author":        {"critic_name", "author", "author_name", "reviewer", "critic", "user_name", "user"},
		"outlet":        {"publisher_name", "publication_name", "publication", "outlet", "publisher"},
		"score":         {"review_score", "original_score", "score", "rating", "grade"},
		"date":          {"review_date", "creation_date", "date", "publish_date", "published", "publication_date"},
		"work":          {"movie_title", "movie", "movie_name", "film", "film_title", "work"},
		"title":         {"review_title", "headline", "title"},
		"site":          {"site"},
		"kind":          {"kind", "review_type", "type"},
		"url":           {"review_url", "url", "link"},
		"spoiler":       {"spoiler", "is_spoiler"},
		"helpful":       {"helpful", "helpful_yes"},
		"helpful_total": {"helpful_total"},
		"movie_id":      {"movie_id"},
	} {
		for _, c := range cols {
			defaultColumns[normColumn(c)] = field
		}
	}
}

// normColumn folds a column name for matching: lower case, letters and digits only.
func normColumn(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseMapping reads "column=field" pairs (from --map flags) into a
// ColumnMapping, rejecting unknown fields.
func ParseMapping(pairs []string) (ColumnMapping, error) {
	m := ColumnMapping{}
	for _, p := range pairs {
		col, field, ok := strings.Cut(p, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		if !ok || col == "" || field == "" {
			return nil, fmt.Errorf("mapping %q: want column=field", p)
		}
		if !isField(field) {
			return nil, fmt.Errorf("mapping %q: unknown field %q (want one of %s)", p, field, strings.Join(mappingFields, ", "))
		}
		m[col] = field
	}
	return m, nil
}

func isField(f string) bool {
	for _, x := range mappingFields {
		if x == f {
			return true
		}
	}
	return false
}

// field returns the field a column maps to, or "".
func (m ColumnMapping) field(col string) string {
	n := normColumn(col)
	for c, f := range m {
		if normColumn(c) == n {
			return f
		}
	}
	return defaultColumns[n]
}

// columns resolves a header: for each field, the index of the first column
// mapped to it.
func (m ColumnMapping) columns(header []string) map[string]int {
	out := map[string]int{}
	for i, h := range header {
		f := m.field(h)
		if f == "" || f == "ignore" {
			continue
		}
		if _, dup := out[f]; !dup {
			out[f] = i
		}
	}
	return out
}

// describe lists a resolved header for error messages.
func describe(cols map[string]int, header []string) string {
	var parts []string
	for f, i := range cols {
		parts = append(parts, header[i]+"→"+f)
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

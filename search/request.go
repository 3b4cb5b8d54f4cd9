package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The limits of one Request, checked by Normalize. They keep one request
// cheap; every way in (the page, the API, the widget, the CLI) shares them.
const (
	// MaxQueryRunes bounds the query text.
	MaxQueryRunes = 500
	// MaxValues bounds the values of one filter field (outlets, works, …).
	MaxValues = 20
	// MaxValueRunes bounds one filter value.
	MaxValueRunes = 200
	// DefaultSize is the page size when a request gives none.
	DefaultSize = 10
	// MaxSize is the largest page size.
	MaxSize = 100
	// MaxPage is the deepest page served.
	MaxPage = 1000
	// MaxDepth bounds Page*Size: how far into the results a page may reach.
	MaxDepth = 10000
	// MaxQueryWords bounds the words searched, phrases' included: every
	// word is a term (with typo variants) to look up, rerank and
	// highlight. 64 holds any quote a person pastes (a long review
	// sentence is 40 words); 120 repetitions of "the" took 11–21 s. A
	// longer text is not refused: Normalize cuts it to its first words
	// (Request.Cut), since pasting a whole paragraph is how people search.
	MaxQueryWords = 64
	// MinPrefixRunes is the shortest last word that also matches the
	// words it begins while the person types (Request.Prefix): one letter
	// begins too many words to be worth searching by.
	MinPrefixRunes = 2
	// MaxPhraseWords bounds one "phrase": a phrase query checks positions
	// word by word, and repeated words multiply the candidate positions.
	MaxPhraseWords = 32
	// MinYear and MaxYear bound filter dates: the index stores dates as
	// nanoseconds since 1970, which reach 1677–2262.
	MinYear = 1800
	MaxYear = 2200
)

// Sorts are the accepted sort orders, in the order a page lists them.
func Sorts() []Sort {
	return []Sort{SortRelevance, SortNewest, SortOldest, SortScore, SortHelpful}
}

// Kinds are the accepted review kinds.
func Kinds() []string { return []string{"critic", "user", "article"} }

// Normalize checks req against the limits above and fills in its defaults
// (page 1, DefaultSize): every Searcher calls it, so a request means the
// same whatever it came through. A value past a limit gives an
// *InvalidError naming the parameter as the URL spells it (q, outlet,
// size, …), but for a query text of more than MaxQueryWords words, which
// is cut to its first words and searched (Request.Cut says so). Sort
// stays empty when not given: the searcher picks relevance for a query
// and newest first for browsing.
func (req Request) Normalize() (Request, error) {
	if n := utf8.RuneCountInString(req.Query); n > MaxQueryRunes {
		return req, invalidf("q", "%d characters, at most %d allowed", n, MaxQueryRunes)
	}
	if !utf8.ValidString(req.Query) {
		return req, invalidf("q", "not valid UTF-8")
	}
	if n := queryWords(req.Query); n > MaxQueryWords {
		cut := cutWords(req.Query, MaxQueryWords)
		if cut == "" { // one token of more words ("a-b-c-…")
			return req, invalidf("q", "%d words, at most %d allowed", n, MaxQueryWords)
		}
		// The last word kept is a whole word, not one being typed.
		req.Cut = &QueryCut{Text: req.Query, Searched: queryWords(cut), Given: n}
		req.Query, req.Prefix = cut, false
	}
	for _, c := range Parse(req.Query).Clauses {
		if n := clauseWords(c); c.Phrase && n > MaxPhraseWords {
			return req, invalidf("q", "a phrase of %d words, at most %d allowed", n, MaxPhraseWords)
		}
	}
	f := &req.Filter
	for _, l := range []struct {
		param string
		vals  *[]string
	}{{"outlet", &f.Outlets}, {"author", &f.Authors}, {"kind", &f.Kinds}, {"work", &f.Works}} {
		vals, err := values(l.param, *l.vals)
		if err != nil {
			return req, err
		}
		*l.vals = vals
	}
	for _, k := range f.Kinds {
		if !slices.Contains(Kinds(), k) {
			return req, invalidf("kind", "%q is not one of %s", k, strings.Join(Kinds(), ", "))
		}
	}
	for _, b := range []*float64{f.Score.Min, f.Score.Max} {
		if b != nil && (*b < 0 || *b > 100) {
			return req, invalidf("score", "%g is not between 0 and 100", *b)
		}
	}
	if r := f.Score; r.Min != nil && r.Max != nil && *r.Max < *r.Min {
		return req, invalidf("score", "%g is below %g", *r.Max, *r.Min)
	}
	for _, d := range []struct {
		param string
		t     time.Time
	}{{"from", f.Date.From}, {"to", f.Date.To}} {
		if y := d.t.Year(); !d.t.IsZero() && (y < MinYear || y > MaxYear) {
			return req, invalidf(d.param, "year %d is not between %d and %d", y, MinYear, MaxYear)
		}
	}
	if d := f.Date; !d.From.IsZero() && !d.To.IsZero() && d.To.Before(d.From) {
		return req, invalidf("to", "%s is before from %s", d.To.Format(time.DateOnly), d.From.Format(time.DateOnly))
	}
	if req.All != "" && req.All != "outlet" && req.All != "work" {
		return req, invalidf("all", "%q is not outlet or work", req.All)
	}
	if req.Sort != "" && !slices.Contains(Sorts(), req.Sort) {
		return req, invalidf("sort", "%q is not one of relevance, newest, oldest, score, helpful", req.Sort)
	}
	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = DefaultSize
	}
	if req.Page < 1 || req.Page > MaxPage {
		return req, invalidf("page", "%d is not between 1 and %d", req.Page, MaxPage)
	}
	if req.Size < 1 || req.Size > MaxSize {
		return req, invalidf("size", "%d is not between 1 and %d", req.Size, MaxSize)
	}
	if req.Page*req.Size > MaxDepth {
		return req, invalidf("page", "page %d of size %d is past the first %d results", req.Page, req.Size, MaxDepth)
	}
	return req, nil
}

// QueryCut records that Normalize cut a query text of more than
// MaxQueryWords words: Request.Query holds the words searched, the first
// ones up to a word boundary.
type QueryCut struct {
	// Text is the query text as given, whole.
	Text string `json:"-"`
	// Searched is how many words were searched, Given how many Text has
	// (words as Normalize counts them: runs of letters and digits).
	Searched int `json:"searched"`
	Given    int `json:"given"`
}

// clauseWords counts the words of one clause: its runs of letters and
// digits ("don't" is two), as every limit on words counts them.
func clauseWords(c Clause) int {
	return len(strings.FieldsFunc(c.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// queryWords counts the words of a query text's clauses, phrases'
// included; field filters are not words.
func queryWords(text string) int {
	n := 0
	for _, c := range Parse(text).Clauses {
		n += clauseWords(c)
	}
	return n
}

// cutWords returns the longest start of text that ends where a
// whitespace-separated token ends and has at most max words. A quoted
// phrase cut in two keeps its first words as plain words.
func cutWords(text string, max int) string {
	best := ""
	for end := 0; end < len(text); {
		r, size := utf8.DecodeRuneInString(text[end:])
		end += size
		if unicode.IsSpace(r) {
			continue
		}
		if next, _ := utf8.DecodeRuneInString(text[end:]); end < len(text) && !unicode.IsSpace(next) {
			continue // inside a token
		}
		if queryWords(text[:end]) > max {
			break
		}
		best = text[:end]
	}
	return best
}

// Key identifies the search req asks for: the request as a searcher
// understands it (normalized, its query text parsed, filters written in the
// text merged with the given ones), so two spellings of one search have one
// key. Answers are cached by it (with the index version beside it).
func (req Request) Key() (string, error) {
	req, err := req.Normalize()
	if err != nil {
		return "", err
	}
	parsed := req.Parsed()
	b, err := json.Marshal(struct {
		Q         string `json:"q"`
		Filter    Filter `json:"f"`
		Sort      Sort   `json:"s"`
		Page      int    `json:"p"`
		Size      int    `json:"n"`
		Highlight bool   `json:"h"`
		Exact     bool   `json:"e"`
		All       string `json:"a"`
	}{parsed.String(), req.Filter.Merge(parsed.Filter), req.Sort, req.Page, req.Size, req.Highlight, req.Exact, req.All})
	if err != nil {
		return "", fmt.Errorf("key of %q: %w", req.Query, err)
	}
	return string(b), nil
}

// Parsed parses the request's query text: the last word matches as a
// prefix only when Prefix is set (and the text does not end in a space).
func (req Request) Parsed() Query {
	q := Parse(req.Query)
	if !req.Prefix {
		for i := range q.Clauses {
			q.Clauses[i].Prefix = false
		}
	}
	return q
}

// values trims, drops empty and repeated values, and checks the limits of
// one filter field.
func values(param string, vals []string) ([]string, error) {
	if len(vals) > MaxValues {
		return nil, invalidf(param, "given %d times, at most %d allowed", len(vals), MaxValues)
	}
	var out []string
	for _, s := range vals {
		s = strings.TrimSpace(s)
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if err := CheckValue(param, s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// CheckValue checks one value of param (a filter value, a review ID, a
// film's slug, a blurb's author): valid UTF-8 of at most MaxValueRunes
// characters (runes, not bytes), else an *InvalidError naming param.
func CheckValue(param, v string) error {
	if !utf8.ValidString(v) {
		return invalidf(param, "not valid UTF-8")
	}
	if n := utf8.RuneCountInString(v); n > MaxValueRunes {
		return invalidf(param, "value of %d characters, at most %d allowed", n, MaxValueRunes)
	}
	return nil
}

// invalidf returns an *InvalidError for param.
func invalidf(param, format string, args ...any) error {
	return &InvalidError{Param: param, Reason: fmt.Sprintf(format, args...)}
}

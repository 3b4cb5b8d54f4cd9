// Package check checks a pull quote against its source: whether the
// quoted words are in a review (exactly, trimmed with ellipses, or
// altered), whether the critic, outlet and film it is attributed to are the
// source's, and whether the source's words around it (a negation, a hedge,
// a "but", a low score) change what it means. It runs over any
// search.Searcher: the engine finds candidates, the check reads them.
package check

import (
	"context"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Verdict says how the quote stands in its source.
type Verdict string

// The verdicts, best first.
const (
	// Exact: the quoted words appear in order; only case, punctuation,
	// white space and quote style differ.
	Exact Verdict = "exact"
	// Trimmed: every fragment between ellipses appears, in order, in one
	// review; Result.Removed says what the ellipses left out.
	Trimmed Verdict = "trimmed"
	// Altered: close, with words changed, added or missing (Result.Diff).
	Altered Verdict = "altered"
	// NotFound: no review holds the quote; Result.Nearest says why the
	// closest fall short.
	NotFound Verdict = "not_found"
)

func (v Verdict) rank() int {
	switch v {
	case Exact:
		return 3
	case Trimmed:
		return 2
	case Altered:
		return 1
	}
	return 0
}

// Field checks of an attribution.
const (
	Matches  = "matches"   // the source says the same
	Differs  = "differs"   // the source says otherwise (Source holds what)
	Unknown  = "unknown"   // the source does not say
	NotGiven = "not_given" // the blurb does not say
)

// FieldCheck is the check of one attributed field.
type FieldCheck struct {
	Status string `json:"status"`
	// Given is what the blurb says; Source what the source says.
	Given  string `json:"given,omitempty"`
	Source string `json:"source,omitempty"`
}

// AttributionCheck checks each attributed field against the source.
type AttributionCheck struct {
	Author FieldCheck `json:"author"`
	Outlet FieldCheck `json:"outlet"`
	Work   FieldCheck `json:"work"`
}

// Source is the review paragraph a quote was found in, with the same review
// fields as a search hit.
type Source struct {
	ReviewID  string `json:"review_id"`
	Paragraph int    `json:"paragraph"`
	search.ReviewFields
	// Link is the whole review on this server, at the paragraph.
	Link string `json:"link"`
}

// Context is the quote in its source: the sentence before, the quoted
// sentence(s) with the quoted words in <mark> (HTML-escaped), the sentence
// after.
type Context struct {
	Before string `json:"before"`
	Quote  string `json:"quote"`
	After  string `json:"after"`
}

// Candidate is a near miss for a quote that was not found.
type Candidate struct {
	Source Source `json:"source"`
	// Similarity is the share of the quote's words found in order (0–1).
	Similarity float64 `json:"similarity"`
	// Why says how it falls short.
	Why string `json:"why"`
}

// FlagsNote is said beside every result's flags.
const FlagsNote = "Flags are heuristics: they point at words in the source worth reading, not at a proven misquote."

// Result is the check of one blurb.
type Result struct {
	Input string `json:"input,omitempty"`
	Quote string `json:"quote"`
	// Attribution is the blurb's attribution as parsed.
	Attribution struct {
		Author string `json:"author,omitempty"`
		Outlet string `json:"outlet,omitempty"`
		Work   string `json:"work,omitempty"`
	} `json:"attribution"`
	Verdict Verdict `json:"verdict"`
	// Label is the verdict as shown (Verdict.Label).
	Label            string           `json:"label"`
	AttributionCheck AttributionCheck `json:"attribution_check"`
	Flags            []Flag           `json:"flags"`
	FlagsNote        string           `json:"flags_note"`
	// Source, Context, Removed and Diff are set when the quote was found
	// (exact, trimmed or altered).
	Source  *Source  `json:"source,omitempty"`
	Context *Context `json:"context,omitempty"`
	// Removed lists what each ellipsis left out, in order.
	Removed []string `json:"removed,omitempty"`
	Diff    []DiffOp `json:"diff,omitempty"`
	// Similarity is the share of the quote's words found in order (0–1).
	Similarity float64 `json:"similarity"`
	// Nearest lists the closest reviews when the quote was not found.
	Nearest []Candidate `json:"nearest,omitempty"`
	// Notes word what the check found (attribution, ellipses, changes,
	// nearest reviews), one sentence each, as the page shows them.
	Notes []string `json:"notes"`
}

// OK reports whether the quote stands: exact or trimmed, with no flags and
// no attributed field that the source contradicts.
func (r *Result) OK() bool {
	a := r.AttributionCheck
	for _, f := range []FieldCheck{a.Author, a.Outlet, a.Work} {
		if f.Status == Differs {
			return false
		}
	}
	return (r.Verdict == Exact || r.Verdict == Trimmed) && len(r.Flags) == 0
}

// Checker checks blurbs against the reviews a Searcher holds.
type Checker struct {
	s search.Searcher
}

// New returns a Checker over s.
func New(s search.Searcher) *Checker { return &Checker{s: s} }

// Limits of one check's work.
const (
	// maxQueryWords is how many of the quote's words the candidate search
	// uses: enough to find the paragraph, few enough to stay cheap.
	maxQueryWords = 24
	// candidates is how many reviews are read and compared.
	candidates = 8
	// minAlteredShare is the share of the quote's words, in order and
	// close together, that makes a quote altered rather than not found.
	minAlteredShare = 0.6
)

// paragraphBreak joins a review's paragraphs into one text.
const paragraphBreak = "\n\n"

// Check checks one blurb. A blurb with no words gives an
// *search.InvalidError; a failed search is returned as is.
func (c *Checker) Check(ctx context.Context, b Blurb) (*Result, error) {
	res, err := c.check(ctx, b)
	if err != nil {
		return nil, err
	}
	res.Label, res.Notes = res.Verdict.Label(), res.notes()
	return res, nil
}

// check is Check before the result is worded.
func (c *Checker) check(ctx context.Context, b Blurb) (*Result, error) {
	frags := fragments(b.Quote)
	var qwords []string
	for _, f := range frags {
		qwords = append(qwords, words(f)...)
	}
	if len(qwords) == 0 {
		return nil, &search.InvalidError{Param: "q", Reason: fmt.Sprintf("no quoted words in %.60q", b.Quote)}
	}
	res := &Result{Input: b.Input, Quote: b.Quote, FlagsNote: FlagsNote, Flags: []Flag{}}
	res.Attribution.Author, res.Attribution.Outlet, res.Attribution.Work = b.Author, b.Outlet, b.Work

	ids, err := c.candidates(ctx, frags, b)
	if err != nil {
		return nil, err
	}
	var found []match
	for _, id := range ids {
		rev, err := c.s.Review(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("check %.40q: %w", b.Quote, err)
		}
		found = append(found, evaluate(frags, qwords, rev))
	}
	// The best match: the best verdict, then the most words, then the
	// attribution that agrees most (the same words in two reviews).
	slices.SortStableFunc(found, func(x, y match) int {
		if d := y.verdict.rank() - x.verdict.rank(); d != 0 {
			return d
		}
		if d := math.Round(y.similarity*1000) - math.Round(x.similarity*1000); d != 0 {
			return int(d)
		}
		return attributionScore(b, y.review) - attributionScore(b, x.review)
	})
	if len(found) == 0 || found[0].verdict == NotFound {
		res.Verdict = NotFound
		res.AttributionCheck = checkAttribution(b, nil)
		for _, m := range found[:min(3, len(found))] {
			res.Nearest = append(res.Nearest, Candidate{Source: m.source(), Similarity: round(m.similarity), Why: m.why(len(qwords))})
		}
		if len(found) > 0 {
			res.Similarity = round(found[0].similarity)
		}
		return res, nil
	}
	m := found[0]
	res.Verdict, res.Similarity = m.verdict, round(m.similarity)
	src := m.source()
	res.Source = &src
	res.AttributionCheck = checkAttribution(b, m.review)
	res.Context = m.context()
	res.Removed = m.removed
	if m.verdict == Altered {
		res.Diff = m.align.diff(qwords, m.toks, m.text)
	}
	var score *float64
	if m.review.Score != nil {
		v := m.review.Score.Value
		score = &v
	}
	res.Flags = flagsFor(m.text, m.toks, m.start, m.end, m.removed, qwords, score)
	if res.Flags == nil {
		res.Flags = []Flag{}
	}
	return res, nil
}

// candidates finds the reviews worth comparing: a search for the quote's
// words (whole words, any that match when not all do) among the attributed
// author's and outlet's reviews first, then among all, and every review
// that holds a hit or a copy of it. The attributed ones come first so that
// a common line ("a masterpiece") is checked against the critic named.
func (c *Checker) candidates(ctx context.Context, frags [][]qword, b Blurb) ([]string, error) {
	var ws []string
	for _, f := range frags {
		ws = append(ws, words(f)...)
	}
	ws = ws[:min(len(ws), maxQueryWords)]
	q := strings.Join(ws, " ") + " "
	var filters []search.Filter
	if b.Author != "" {
		filters = append(filters, search.Filter{Authors: []string{b.Author}})
	}
	if b.Outlet != "" {
		filters = append(filters, search.Filter{Outlets: []string{b.Outlet}})
	}
	if b.Author != "" && b.Outlet == "" { // "— Salon": the name may be the outlet
		filters = append(filters, search.Filter{Outlets: []string{b.Author}})
	}
	filters = append(filters, search.Filter{})
	var ids []string
	add := func(id string, limit int) {
		if len(ids) < limit && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for i, f := range filters {
		size, limit := 3, len(ids)+3 // a few of the attributed
		if i == len(filters)-1 {
			size, limit = candidates, len(ids)+candidates
		}
		resp, err := c.s.Search(ctx, search.Request{Query: q, Filter: f, Size: size})
		if err != nil {
			return nil, fmt.Errorf("check: search for candidates: %w", err)
		}
		for _, h := range resp.Hits {
			add(h.ReviewID, limit)
			for _, a := range h.Also {
				add(a.ReviewID, limit)
			}
		}
	}
	return ids, nil
}

// match is how a quote stands in one review.
type match struct {
	review  *corpus.Review
	text    string  // the review's paragraphs joined by paragraphBreak
	toks    []token // text's words
	verdict Verdict
	// start and end bound the quoted stretch, in tokens.
	start, end int
	// marks are the byte ranges of text the quote holds.
	marks      [][2]int
	removed    []string
	align      alignment
	similarity float64
}

// evaluate compares the quote with one review.
func evaluate(frags [][]qword, qwords []string, rev *corpus.Review) match {
	m := match{review: rev, text: strings.Join(rev.Paragraphs, paragraphBreak), verdict: NotFound}
	m.toks = tokenize(m.text)
	// Every fragment, in order.
	from, ok := 0, true
	var spans [][2]int
	for _, f := range frags {
		s, e, found := find(m.toks, from, f)
		if !found {
			ok = false
			break
		}
		spans = append(spans, [2]int{s, e})
		from = e
	}
	if ok {
		m.verdict, m.similarity = Exact, 1
		if len(frags) > 1 {
			m.verdict = Trimmed
		}
		m.start, m.end = spans[0][0], spans[len(spans)-1][1]
		for i, sp := range spans {
			m.marks = append(m.marks, [2]int{m.toks[sp[0]].start, m.toks[sp[1]-1].end})
			if i > 0 && sp[0] > spans[i-1][1] {
				m.removed = append(m.removed, m.text[m.toks[spans[i-1][1]].start:m.toks[sp[0]-1].end])
			}
		}
		if m.verdict == Trimmed && len(m.removed) == 0 {
			m.verdict = Exact // the ellipses left nothing out
		}
		return m
	}
	m.align = align(qwords, m.toks)
	m.similarity = float64(m.align.matched) / float64(len(qwords))
	span := m.align.srcEnd - m.align.srcStart
	if m.align.matched >= 2 && m.similarity >= minAlteredShare && span <= 2*len(qwords)+3 && m.saysEnough(qwords) {
		m.verdict = Altered
		m.start, m.end = m.align.srcStart, m.align.srcEnd
		m.marks = [][2]int{{m.toks[m.start].start, m.toks[m.end-1].end}}
	}
	return m
}

// saysEnough reports whether the aligned stretch holds at least half of
// the quote's telling words: not function words, not the film's title,
// which every review of the film shares ("Ai Weiwei: Never Sorry is a
// towering achievement" is not an altered "Ai Weiwei: Never Sorry is like
// … a thrilling unfinished symphony").
func (m match) saysEnough(qwords []string) bool {
	title := map[string]bool{}
	for _, t := range tokenize(m.review.Work) {
		title[t.norm] = true
	}
	telling, found := 0, 0
	for _, p := range m.align.pairs {
		if p.q < 0 || functionWords[qwords[p.q]] || title[qwords[p.q]] {
			continue
		}
		telling++
		if p.s >= 0 {
			found++
		}
	}
	return telling == 0 || 2*found >= telling
}

// functionWords carry no evidence that a quote comes from a source.
var functionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or but of to in on at by for with from as is are was were be been
		being it its this that these those he she they we you i his her their our your my me him them us not no so
		than then there here what which who whom whose have has had do does did will would can could should may might
		must into about over under up down out all any some such very too just also only even if`) {
		functionWords[w] = true
	}
}

// paragraph returns the index of the paragraph holding byte b of m.text.
func (m match) paragraph(b int) int {
	return strings.Count(m.text[:b], paragraphBreak)
}

// source describes m's review at the quoted paragraph.
func (m match) source() Source {
	p := 0
	if len(m.marks) > 0 {
		p = m.paragraph(m.marks[0][0])
	} else if m.align.matched > 0 {
		p = m.paragraph(m.toks[m.align.srcStart].start)
	}
	return Source{
		ReviewID: m.review.ID, Paragraph: p, ReviewFields: search.ReviewFieldsOf(*m.review),
		Link: search.ReviewPath(m.review.ID, p),
	}
}

// why says how a near miss falls short.
func (m match) why(n int) string {
	span := m.align.srcEnd - m.align.srcStart
	switch {
	case m.align.matched < 2:
		return fmt.Sprintf("at most one of the %d quoted words appears here", n)
	case span > m.align.matched:
		return fmt.Sprintf("only %d of the %d quoted words appear here in that order, spread over %d words", m.align.matched, n, span)
	}
	return fmt.Sprintf("only %d of the %d quoted words appear here together", m.align.matched, n)
}

// context returns the sentence before the quote, the quoted sentence(s)
// with the quoted words marked, and the sentence after.
func (m match) context() *Context {
	sents := sentenceRanges(m.text)
	first, last := -1, -1
	for i, s := range sents {
		if first < 0 && s[1] > m.marks[0][0] {
			first = i
		}
		if s[0] < m.marks[len(m.marks)-1][1] {
			last = i
		}
	}
	if first < 0 || last < first {
		return &Context{Quote: markHTML(m.text, 0, len(m.text), m.marks)}
	}
	c := &Context{Quote: markHTML(m.text, sents[first][0], sents[last][1], m.marks)}
	if first > 0 {
		c.Before = m.text[sents[first-1][0]:sents[first-1][1]]
	}
	if last+1 < len(sents) {
		c.After = m.text[sents[last+1][0]:sents[last+1][1]]
	}
	return c
}

// markHTML HTML-escapes text[from:to] with the marked ranges in <mark>.
func markHTML(text string, from, to int, marks [][2]int) string {
	var b strings.Builder
	at := from
	for _, mk := range marks {
		s, e := max(mk[0], at), min(mk[1], to)
		if s >= e {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s]))
		b.WriteString("<mark>" + html.EscapeString(text[s:e]) + "</mark>")
		at = e
	}
	b.WriteString(html.EscapeString(text[at:to]))
	return strings.ReplaceAll(b.String(), paragraphBreak, " ¶ ")
}

func round(f float64) float64 { return math.Round(f*100) / 100 }

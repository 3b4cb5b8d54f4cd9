package corpus

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pageResult is what a page parser found in one page.
type pageResult struct {
	reviews    []Review
	aggregates []Aggregate
	skips      []Skip
	// dropped lists the non-blank lines the parser did not put in any
	// review, each with the rule that dropped it (page chrome, a header,
	// a vote line). Tests check that no line is lost without a rule.
	dropped []dropped
}

// dropped is one line a parser left out on purpose.
type dropped struct {
	Line int    `json:"line"`
	Text string `json:"text"`
	Why  string `json:"why"`
}

func (p *pageResult) drop(line int, text, why string) {
	if strings.TrimSpace(text) != "" {
		p.dropped = append(p.dropped, dropped{Line: line, Text: text, Why: why})
	}
}

// pageParser parses the lines of one page; name is used in skips and sources.
type pageParser func(name string, lines []string) *pageResult

// pageParsers by format name.
var pageParsers = map[string]pageParser{
	"metacritic": parseMetacritic,
	"imdb":       parseIMDb,
	"article":    parseArticle,
}

// pageLines splits page text into lines without line ends, replacing
// invalid UTF-8. It reports false for binary data (NUL bytes).
func pageLines(data []byte) ([]string, bool) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, false
	}
	s := string(data)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n"), true
}

// detectPage names the parser for a page's text: Metacritic when it has a
// Metascore/User Score block or "Reviewed by:" entries, IMDb when it has
// "found this helpful" vote lines or the "User Reviews"/"Review this title"
// header, else article.
func detectPage(lines []string) string {
	mc, imdb := 0, 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "Metascore" || t == "User Score" || strings.HasPrefix(t, "Critic score distribution") || strings.HasPrefix(t, "User score distribution"):
			mc += 2
		case strings.Contains(t, "Reviewed by:"):
			mc++
		case helpfulRE.MatchString(t):
			imdb += 2
		case t == "Review this title" || t == "User Reviews":
			imdb++
		}
	}
	switch {
	case mc >= 2 && mc >= imdb:
		return "metacritic"
	case imdb >= 2:
		return "imdb"
	}
	return "article"
}

// source names a line of a file.
func source(name string, line int) string {
	return name + ":" + strconv.Itoa(line)
}

// readPage parses one page and buffers its reviews for linking.
func (l *loader) readPage(name string, data []byte, meta FileMeta) error {
	lines, ok := pageLines(data)
	if !ok {
		return l.skip(Skip{File: name, Reason: "binary file, not page text"})
	}
	format := meta.Format
	if format == "" {
		format = detectPage(lines)
	}
	parse, ok := pageParsers[format]
	if !ok {
		return l.skip(Skip{File: name, Reason: "format " + format + " is not a page format"})
	}
	res := parse(name, lines)
	for _, s := range res.skips {
		if err := l.skip(s); err != nil {
			return err
		}
	}
	for _, a := range res.aggregates {
		if meta.Work != "" {
			a.Work = meta.Work
		}
		if meta.Site != "" {
			a.Site = meta.Site
		}
		a.Work = CleanText(a.Work)
		l.rep.Aggregates = append(l.rep.Aggregates, a)
	}
	if len(res.reviews) == 0 && len(res.skips) == 0 {
		return l.skip(Skip{File: name, Reason: "no " + format + " reviews found in the page"})
	}
	for _, r := range res.reviews {
		meta.apply(&r)
		if w := finish(&r); w != "" {
			l.warn(Skip{File: name, Line: lineOf(r.Source), Reason: w})
		}
		if len(r.Paragraphs) == 0 {
			if err := l.skip(Skip{File: name, Line: lineOf(r.Source), Reason: "review has no text"}); err != nil {
				return err
			}
			continue
		}
		l.pages = append(l.pages, r)
	}
	return nil
}

// lineOf reads the line number back from a "file:line" source.
func lineOf(src string) int {
	i := strings.LastIndexByte(src, ':')
	n, _ := strconv.Atoi(src[i+1:])
	return n
}

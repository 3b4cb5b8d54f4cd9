package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Metacritic page text, as copied from a film's critic and user review page:
//
//	Metascore / 81 / Universal acclaim - based on 28 Critics
//	Critic score distribution: 1. Positive: 24 out of 28 …
//	  1. Reviewed by: Kerry Lengel / Aug 9, 2012 / 90 / text…
//	  8. 88 / text…                       (no author, no date)
//	User Score / 8.1 / Universal acclaim- based on 10 Ratings
//	  1. Nov 20, 2012 / 6 / preview…full text… Full Review »
var (
	mcEntryRE = regexp.MustCompile(`^\s*(\d+)\.\s+(.*)$`)
	mcDistRE  = regexp.MustCompile(`^\s*(?:\d+\.\s*)?(Positive|Mixed|Negative):\s*(\d+) out of (\d+)\s*$`)
	mcBasedRE = regexp.MustCompile(`^(.*?)\s*-?\s*based on (\d+) (Critics?|Ratings?|Reviews?)\s*$`)
)

// mcFullReview ends a user review's text on Metacritic.
const mcFullReview = "Full Review »"

// parseMetacritic reads critic and user reviews and the Metascore and user
// score aggregates from Metacritic page text. Critic scores are on 0–100,
// user scores on 0–10 (so 6 becomes 60). Outlets are not in the page text,
// so critic reviews have no outlet; user reviews have the outlet Metacritic.
// A user review's truncated preview glued before its full text is dropped,
// as is the "Full Review »" link.
func parseMetacritic(name string, lines []string) *pageResult {
	res := &pageResult{}
	section := KindCritic
	type entry struct {
		line  int
		kind  Kind
		num   string
		lines []int // indexes into lines
	}
	var cur *entry
	var entries []*entry
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		ln := i + 1
		switch {
		case t == "":
			continue
		case t == "Metascore" || t == "User Score":
			kind, scale := KindCritic, 100.0
			if t == "User Score" {
				kind, scale = KindUser, 10
			}
			section, cur = kind, nil
			res.drop(ln, t, "aggregate heading")
			j := nextNonBlank(lines, i+1)
			if j < 0 {
				continue
			}
			sc, err := scoreOn(strings.TrimSpace(lines[j]), scale)
			if err != nil {
				continue
			}
			agg := Aggregate{Site: "Metacritic", Kind: kind, Score: *sc}
			if t == "Metascore" {
				agg.Label = "Metascore"
			} else {
				agg.Label = "User score"
			}
			res.drop(j+1, lines[j], "aggregate score")
			i = j
			if k := nextNonBlank(lines, j+1); k >= 0 {
				if m := mcBasedRE.FindStringSubmatch(strings.TrimSpace(lines[k])); m != nil {
					agg.Count, _ = strconv.Atoi(m[2])
					agg.Unit = strings.ToLower(strings.TrimSuffix(m[3], "s")) + "s"
					agg.Verdict = strings.TrimSpace(m[1])
					res.drop(k+1, lines[k], "aggregate count")
					i = k
				}
			}
			res.aggregates = append(res.aggregates, agg)
		case strings.HasPrefix(t, "Critic score distribution") || strings.HasPrefix(t, "User score distribution"):
			cur = nil
			res.drop(ln, t, "score distribution")
		case mcDistRE.MatchString(t):
			cur = nil
			m := mcDistRE.FindStringSubmatch(t)
			// The breakdown belongs to the aggregate of this section.
			if n := len(res.aggregates); n > 0 && res.aggregates[n-1].Kind == section {
				count, _ := strconv.Atoi(m[2])
				of, _ := strconv.Atoi(m[3])
				a := &res.aggregates[n-1]
				a.Distribution = append(a.Distribution, Share{Label: m[1], Count: count, Of: of})
			}
			res.drop(ln, t, "score distribution")
		case mcEntryRE.MatchString(lines[i]):
			m := mcEntryRE.FindStringSubmatch(lines[i])
			cur = &entry{line: ln, kind: section, num: m[1], lines: []int{i}}
			entries = append(entries, cur)
		case cur != nil:
			cur.lines = append(cur.lines, i)
		default:
			res.skips = append(res.skips, Skip{File: name, Line: ln, Reason: "text outside any Metacritic review: " + clip(t)})
		}
	}
	for _, e := range entries {
		r := Review{Site: "Metacritic", Kind: e.kind, Source: source(name, e.line)}
		if e.kind == KindUser {
			r.Outlet = "Metacritic"
		}
		scale := 100.0
		if e.kind == KindUser {
			scale = 10
		}
		type textLine struct {
			ln int
			t  string
		}
		var text []textLine
		step := 0 // 0: author, 1: date, 2: score, 3: text
		for n, i := range e.lines {
			t := strings.TrimSpace(lines[i])
			if n == 0 {
				m := mcEntryRE.FindStringSubmatch(lines[i])
				res.drop(i+1, m[1]+".", "entry number")
				t = strings.TrimSpace(m[2])
			}
			if t == "" {
				continue
			}
			if step < 1 && strings.HasPrefix(t, "Reviewed by:") {
				r.Author = strings.TrimSpace(strings.TrimPrefix(t, "Reviewed by:"))
				res.drop(i+1, t, "author")
				step = 1
				continue
			}
			if step < 2 {
				if d, ok := parseDate(t); ok {
					r.Date = d
					res.drop(i+1, t, "date")
					step = 2
					continue
				}
			}
			if step < 3 {
				if sc, err := scoreOn(t, scale); err == nil {
					r.Score = sc
					res.drop(i+1, t, "score")
					step = 3
					continue
				}
			}
			step = 3
			text = append(text, textLine{i + 1, t})
		}
		if len(text) > 0 {
			last := &text[len(text)-1]
			if t, ok := strings.CutSuffix(last.t, mcFullReview); ok {
				res.drop(last.ln, mcFullReview, "Full Review link")
				last.t = strings.TrimSpace(t)
			}
			if full := dropGluedPreview(text[0].t); len(full) < len(text[0].t) {
				res.drop(text[0].ln, text[0].t[:len(text[0].t)-len(full)], "truncated preview glued before the full text")
				text[0].t = full
			}
		}
		for _, t := range text {
			if t.t != "" {
				r.Paragraphs = append(r.Paragraphs, t.t)
			}
		}
		if len(r.Paragraphs) == 0 {
			res.skips = append(res.skips, Skip{File: name, Line: e.line, Reason: "Metacritic " + string(e.kind) + " review " + e.num + " has no text"})
			continue
		}
		res.reviews = append(res.reviews, r)
	}
	return res
}

// minPreview is the shortest glued preview dropGluedPreview removes.
const minPreview = 20

// dropGluedPreview removes a truncated preview glued before the full text
// ("…for grave socialAi Weiwei is…for grave social underbellies…"): when s
// starts with some prefix P of at least 20 bytes immediately repeated, the
// first copy is dropped. The longest such prefix wins.
func dropGluedPreview(s string) string {
	for k := len(s) / 2; k >= minPreview; k-- {
		if s[k:2*k] == s[:k] && utf8.RuneStart(s[k]) {
			return s[k:]
		}
	}
	return s
}

func nextNonBlank(lines []string, from int) int {
	for j := from; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}

// clip shortens a line for a skip reason.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return strconv.Quote(s)
	}
	r := []rune(s)
	return strconv.Quote(string(r[:max]) + "…")
}

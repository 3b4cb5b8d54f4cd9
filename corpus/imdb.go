package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// IMDb user-review page text, as copied from a title's "User Reviews" page:
//
//	Ai Weiwei: Never Sorry (2012) Poster / User Reviews / Review this title /
//	10 Reviews / Sort by: / Filter by Rating:                      (header)
//	One Man Can Make a Difference                                  (title)
//	Pamela Powell27 July 2012                                      (author glued to date)
//	Warning: Spoilers                                              (optional)
//	paragraphs…
//	18 out of 22 found this helpful. Was this review helpful? | Report this
//	See also / Awards | FAQ | …                                    (footer)
var (
	helpfulRE    = regexp.MustCompile(`^(\d+) out of (\d+) found this helpful\.?\s*(?:Was this review helpful\?)?\s*(?:\|\s*Report this)?$`)
	imdbByRE     = regexp.MustCompile(`^(.*?)(\d+) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})$`)
	imdbPosterRE = regexp.MustCompile(`^(.+) \((\d{4})\)(?: Poster)?$`)
	imdbCountRE  = regexp.MustCompile(`^[\d,]+ Reviews?$`)
	imdbRatingRE = regexp.MustCompile(`^(\d{1,2})/10$`)
	navRE        = regexp.MustCompile(`^[^|]{1,40}( \| [^|]{1,40}){2,}$`)
)

// imdbChrome is the IMDb page furniture that is never review text.
var imdbChrome = map[string]bool{
	"User Reviews": true, "Review this title": true, "Sort by:": true,
	"Filter by Rating:": true, "See also": true, "Hide Spoilers": true,
	"Load More": true, "Permalink": true,
}

// isIMDbChrome reports whether a line is IMDb page furniture.
func isIMDbChrome(t string) bool {
	return imdbChrome[t] || imdbCountRE.MatchString(t) || navRE.MatchString(t)
}

// splitIMDbByline splits IMDb's author name glued to the review date,
// "Pamela Powell27 July 2012". The rule: the date's day is the last one or
// two digits before the month. When the last two digits form a valid day of
// that month and year (10 to the month's length), they are the day;
// otherwise the last digit alone is (1–9). So "coltens1415 April 2014" is
// coltens14 on 15 April (the longest valid day wins), "evening113 March 2013"
// is evening1 on 13 March, and "user-674-9899381 May 2013" is
// user-674-989938 on 1 May (81 is no day). A name that ends in digits is
// thus read with as many of them as possible going to the day; the page
// gives no way to tell otherwise.
func splitIMDbByline(s string) (author string, date time.Time, ok bool) {
	m := imdbByRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", time.Time{}, false
	}
	prefix, digits, month, year := m[1], m[2], m[3], m[4]
	y, _ := strconv.Atoi(year)
	mon, _ := time.Parse("January", month)
	valid := func(ds string) (int, bool) {
		if ds == "" || ds[0] == '0' {
			return 0, false
		}
		d, _ := strconv.Atoi(ds)
		last := time.Date(y, mon.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return d, d >= 1 && d <= last
	}
	for _, n := range []int{2, 1} {
		if len(digits) < n {
			continue
		}
		if d, ok := valid(digits[len(digits)-n:]); ok {
			author = strings.TrimSpace(prefix + digits[:len(digits)-n])
			return author, time.Date(y, mon.Month(), d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return "", time.Time{}, false
}

// parseIMDb reads user reviews from IMDb page text: title, author, date,
// spoiler warning, helpful votes and body. The page header and footer, the
// spoiler warning and the vote line are not text. Outlet is IMDb.
func parseIMDb(name string, lines []string) *pageResult {
	res := &pageResult{}
	trim := make([]string, len(lines))
	for i, l := range lines {
		trim[i] = strings.TrimSpace(l)
	}
	// A review starts at a title line followed by an author-date line.
	var starts []int
	for i := 1; i < len(trim); i++ {
		if trim[i-1] == "" || isIMDbChrome(trim[i-1]) || helpfulRE.MatchString(trim[i-1]) {
			continue
		}
		if _, _, ok := splitIMDbByline(trim[i]); ok {
			starts = append(starts, i-1)
		}
	}
	work := ""
	first := len(trim)
	if len(starts) > 0 {
		first = starts[0]
	}
	outside := func(i int) {
		t := trim[i]
		switch {
		case t == "":
		case isIMDbChrome(t):
			res.drop(i+1, t, "IMDb page chrome")
		case work == "" && imdbPosterRE.MatchString(t) && i < first:
			work = imdbPosterRE.FindStringSubmatch(t)[1]
			res.drop(i+1, t, "IMDb title header (work)")
		default:
			res.skips = append(res.skips, Skip{File: name, Line: i + 1, Reason: "text outside any IMDb review: " + clip(t)})
		}
	}
	for i := 0; i < first; i++ {
		outside(i)
	}
	for n, s := range starts {
		end := len(trim)
		if n+1 < len(starts) {
			end = starts[n+1]
		}
		author, date, _ := splitIMDbByline(trim[s+1])
		res.drop(s+2, trim[s+1], "author and date")
		r := Review{
			Work: work, Site: "IMDb", Outlet: "IMDb", Kind: KindUser,
			Title: trim[s], Author: author, Date: date, Source: source(name, s+1),
		}
		i := s + 2
	body:
		for ; i < end; i++ {
			t := trim[i]
			switch {
			case t == "":
			case t == "Warning: Spoilers":
				r.Spoiler = true
				res.drop(i+1, t, "spoiler warning")
			case r.Score == nil && len(r.Paragraphs) == 0 && imdbRatingRE.MatchString(t):
				r.Score, _ = scoreOn(imdbRatingRE.FindStringSubmatch(t)[1], 10)
				res.drop(i+1, t, "rating")
			case helpfulRE.MatchString(t):
				m := helpfulRE.FindStringSubmatch(t)
				yes, _ := strconv.Atoi(m[1])
				total, _ := strconv.Atoi(m[2])
				r.Helpful = &Helpful{Yes: yes, Total: total}
				res.drop(i+1, t, "helpful votes")
				i++
				break body
			case t == "See also":
				break body
			default:
				r.Paragraphs = append(r.Paragraphs, t)
			}
		}
		for ; i < end; i++ {
			outside(i)
		}
		if len(r.Paragraphs) == 0 {
			res.skips = append(res.skips, Skip{File: name, Line: s + 1, Reason: "IMDb review " + strconv.Quote(r.Title) + " has no text"})
			continue
		}
		res.reviews = append(res.reviews, r)
	}
	return res
}

package corpus

import (
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
)

// record is one row of a bulk export, by field name (see ColumnMapping).
type record struct {
	vals map[string]string
	// paragraphs, when set, is the body already split (a JSON array).
	paragraphs []string
	// score and helpful, when set, were given whole (JSON objects).
	score   *Score
	helpful *Helpful
}

// movie is a row of a movies.csv lookup table.
type movie struct{ title, site string }

// bulkText decodes HTML entities (exports often carry "&#8220;" and
// "&apos;") and cleans a field.
func bulkText(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return CleanText(s)
}

// rowReview turns a record into a review. It returns a skip reason when the
// record cannot be a review, and warnings for fields left unknown.
func rowReview(rec *record, src string, meta FileMeta, movies map[string]movie) (Review, string, []string) {
	v := rec.vals
	r := Review{
		Work:   bulkText(v["work"]),
		Site:   bulkText(v["site"]),
		Outlet: bulkText(v["outlet"]),
		Author: bulkText(v["author"]),
		Title:  bulkText(v["title"]),
		URL:    strings.TrimSpace(v["url"]),
		Source: src,
	}
	var warns []string
	if r.URL != "" && !isWebURL(r.URL) {
		warns = append(warns, fmt.Sprintf("url %.60q is not an http(s) address, left empty", r.URL))
		r.URL = ""
	}
	if id := strings.TrimSpace(v["movie_id"]); id != "" && movies != nil {
		if m, ok := movies[id]; ok {
			if r.Work == "" {
				r.Work = m.title
			}
			if r.Site == "" {
				r.Site = m.site
			}
		} else {
			warns = append(warns, "movie_id "+strconv.Quote(id)+" not in movies.csv")
		}
	}
	switch k := Kind(strings.ToLower(strings.TrimSpace(v["kind"]))); k {
	case KindCritic, KindUser, KindArticle:
		r.Kind = k
	case "":
		r.Kind = KindCritic
	default:
		warns = append(warns, "unknown kind "+strconv.Quote(string(k))+", read as critic")
		r.Kind = KindCritic
	}
	if rec.paragraphs != nil {
		for _, p := range rec.paragraphs {
			r.Paragraphs = append(r.Paragraphs, splitParagraphs(p, true)...)
		}
	} else {
		r.Paragraphs = splitParagraphs(v["text"], true)
	}
	if len(r.Paragraphs) == 0 {
		return r, "no review text", nil
	}
	if d := strings.TrimSpace(v["date"]); d != "" {
		if t, ok := parseDate(d); ok {
			r.Date = t
		} else {
			warns = append(warns, "bad date "+strconv.Quote(d)+", left unknown")
		}
	}
	switch {
	case rec.score != nil:
		r.Score = rec.score
	case strings.TrimSpace(v["score"]) != "":
		sc, err := NormalizeScore(html.UnescapeString(v["score"]))
		if err != nil {
			warns = append(warns, err.Error()+", left unknown")
		}
		r.Score = sc
	}
	switch {
	case rec.helpful != nil:
		r.Helpful = rec.helpful
	case strings.TrimSpace(v["helpful"]) != "":
		yes, err1 := strconv.Atoi(strings.TrimSpace(v["helpful"]))
		total, err2 := strconv.Atoi(strings.TrimSpace(v["helpful_total"]))
		if err1 != nil || yes < 0 || (err2 == nil && total < yes) {
			warns = append(warns, "bad helpful votes "+strconv.Quote(v["helpful"]+"/"+v["helpful_total"])+", left unknown")
		} else {
			if err2 != nil {
				total = yes
			}
			r.Helpful = &Helpful{Yes: yes, Total: total}
		}
	}
	if s := strings.ToLower(strings.TrimSpace(v["spoiler"])); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil && s != "yes" && s != "no" {
			warns = append(warns, "bad spoiler flag "+strconv.Quote(s)+", read as false")
		}
		r.Spoiler = b || s == "yes"
	}
	meta.apply(&r)
	if r.Kind == KindUser && r.Outlet == "" {
		r.Outlet = r.Site
	}
	if w := finish(&r); w != "" {
		warns = append(warns, w)
	}
	return r, "", warns
}

// isWebURL reports whether raw is an absolute http or https address: the
// only links a review may carry (a javascript: or data: URL would run or
// show something else where a reader expects the review).
func isWebURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// siteOf names a site by the host of a URL ("rottentomatoes.com").
func siteOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// emitRow converts one record and emits it, or records why it was skipped.
func (l *loader) emitRow(rec *record, file string, line int, meta FileMeta, movies map[string]movie) error {
	r, reason, warns := rowReview(rec, source(file, line), meta, movies)
	for _, w := range warns {
		l.warn(Skip{File: file, Line: line, Reason: w})
	}
	if reason != "" {
		return l.skip(Skip{File: file, Line: line, Reason: reason})
	}
	return l.emit(r)
}

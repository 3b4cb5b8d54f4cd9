package corpus

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// addSeedPages adds the embedded pages and a few small pages to a fuzz corpus.
func addSeedPages(f *testing.F, extra ...string) {
	f.Helper()
	for _, name := range seedFiles(f) {
		data, err := seeds.ReadFile("seeds/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	for _, s := range extra {
		f.Add(s)
	}
}

// checkPage runs a page parser and asserts it never loses text silently:
// every word of every non-blank line is in a review (title, author or
// paragraphs), or the parser dropped that part of the line under a named
// rule (chrome, a date, a vote line…), or the line was reported skipped.
func checkPage(t *testing.T, parse pageParser, input string) {
	t.Helper()
	lines, ok := pageLines([]byte(input))
	if !ok {
		return
	}
	res := parse("f.txt", lines)
	words := map[string]bool{}
	add := func(s string) {
		for _, w := range strings.Fields(CleanText(s)) {
			words[w] = true
		}
	}
	for _, r := range res.reviews {
		if len(r.Paragraphs) == 0 {
			t.Fatalf("review with no paragraphs: %+v", r)
		}
		add(r.Title)
		add(r.Author)
		add(r.Work)
		for _, p := range r.Paragraphs {
			if strings.TrimSpace(p) == "" || strings.Contains(p, "\n") {
				t.Fatalf("bad paragraph %q", p)
			}
			add(p)
		}
	}
	skipped := map[int]bool{}
	for _, s := range res.skips {
		if s.File != "f.txt" || s.Reason == "" {
			t.Fatalf("skip without file or reason: %+v", s)
		}
		if s.Line == 0 {
			return // the whole page was reported
		}
		skipped[s.Line] = true
	}
	drops := map[int][]string{}
	for _, d := range res.dropped {
		if d.Why == "" {
			t.Fatalf("line %d dropped without a rule", d.Line)
		}
		drops[d.Line] = append(drops[d.Line], CleanText(d.Text))
	}
	// lost returns a word of line that is neither in a review nor in what
	// the parser dropped, "" when every word is accounted for. Each drop is
	// taken out at its first or its last occurrence, whichever accounts for
	// the words (a dropped prefix comes first, a dropped "Full Review »"
	// suffix last, and the same text may be in both places).
	var lost func(rest string, drops []string) string
	lost = func(rest string, drops []string) string {
		if len(drops) == 0 {
			for _, w := range strings.Fields(rest) {
				if !words[w] {
					return w
				}
			}
			return ""
		}
		d := drops[0]
		if d == rest {
			return ""
		}
		first, last := strings.Index(rest, d), strings.LastIndex(rest, d)
		if first < 0 {
			return lost(rest, drops[1:])
		}
		w := lost(rest[:first]+" "+rest[first+len(d):], drops[1:])
		if w != "" && last != first {
			if w2 := lost(rest[:last]+" "+rest[last+len(d):], drops[1:]); w2 == "" {
				return ""
			}
		}
		return w
	}
	for i, l := range lines {
		if CleanText(l) == "" || skipped[i+1] {
			continue
		}
		if w := lost(CleanText(l), drops[i+1]); w != "" {
			t.Fatalf("line %d %q: word %q lost without a rule (drops %q)", i+1, l, w, drops[i+1])
		}
	}
}

func FuzzMetacritic(f *testing.F) {
	addSeedPages(f, "Metascore\n81\nbased on 2 Critics\n  1. Reviewed by: A\n    Aug 9, 2012\n    90\n    Text.\n  2. 88\n    More.\n",
		"User Score\n8.1\n  1. Nov 20, 2012\n    6\n    abcdefghijklmnopqrstuvabcdefghijklmnopqrstuvwxyz Full Review »\n", "  1. \n  2. 3\n")
	f.Fuzz(func(t *testing.T, s string) { checkPage(t, parseMetacritic, s) })
}

func FuzzIMDb(f *testing.F) {
	addSeedPages(f, "Title\nName12 May 2012\nWarning: Spoilers\nBody.\n1 out of 2 found this helpful. Was this review helpful? | Report this\n",
		"X (1999) Poster\nT\nn31 February 2000\nbody\nSee also\nstray\n")
	f.Fuzz(func(t *testing.T, s string) { checkPage(t, parseIMDb, s) })
}

func FuzzArticle(f *testing.F) {
	addSeedPages(f, "Title\nBy Jane Doe\n\nA sentence that is long enough to count as prose in an article body.\n\nJohn Smith\n",
		"  • nav\n\n", "One. Two. Three.\nHead\nAnother line of prose, ends here.\n")
	f.Fuzz(func(t *testing.T, s string) { checkPage(t, parseArticle, s) })
}

// countCSVRecords counts data records the way readCSV reads them.
func countCSVRecords(data []byte) (records int, headerOK bool) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil {
		return 0, false
	}
	for {
		_, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return records, true
		}
		records++
	}
}

func FuzzCSV(f *testing.F) {
	for _, name := range []string{"reviews.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("quote,score\n\"a\"b,1\n,\n\"unterminated\n"))
	f.Add([]byte("text\n\n\nx\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(context.Background(), Options{}, nil)
		var rs []Review
		l.fn = func(r Review) error { rs = append(rs, r); return nil }
		if err := l.readCSV("f.csv", bytes.NewReader(data), FileMeta{}, nil); err != nil {
			t.Fatalf("non-strict read failed: %v", err)
		}
		for _, r := range rs {
			if len(r.Paragraphs) == 0 || r.ID == "" || !strings.HasPrefix(r.Source, "f.csv:") {
				t.Fatalf("bad review %+v", r)
			}
		}
		n, ok := countCSVRecords(data)
		cr := csv.NewReader(bytes.NewReader(data))
		header, _ := cr.Read()
		if !ok || !hasTextColumn(header) {
			if len(rs) != 0 || len(l.rep.Skipped) != 1 {
				t.Fatalf("no header or text column: %d reviews, skips %v", len(rs), l.rep.Skipped)
			}
			return
		}
		// Every record arrives or is reported: none is lost silently. The
		// rows a broken row's quote swallowed are read again, so there may
		// be more than encoding/csv counts, but no line twice.
		if len(rs)+len(l.rep.Skipped) < n {
			t.Fatalf("%d records, %d reviews + %d skips", n, len(rs), len(l.rep.Skipped))
		}
		lines := map[int]bool{}
		for _, r := range rs {
			lines[lineOf(r.Source)] = true
		}
		for _, sk := range l.rep.Skipped {
			lines[sk.Line] = true
		}
		if len(lines) != len(rs)+len(l.rep.Skipped) {
			t.Fatalf("a line read twice: reviews %v, skips %v", rs, l.rep.Skipped)
		}
	})
}

func hasTextColumn(header []string) bool {
	_, ok := ColumnMapping(nil).columns(header)["text"]
	return ok
}

func FuzzJSONL(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "reviews.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"text": ["a", "b"], "score": {"value": 101}}` + "\n" + `{"quote": 5}`))
	f.Add([]byte("\n\n{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(context.Background(), Options{}, nil)
		var rs []Review
		l.fn = func(r Review) error { rs = append(rs, r); return nil }
		if err := l.readJSONL("f.jsonl", bytes.NewReader(data), FileMeta{}, nil); err != nil {
			t.Fatalf("non-strict read failed: %v", err)
		}
		lines := 0
		for _, ln := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(ln)) > 0 {
				lines++
			}
		}
		if lines == 0 { // a file with nothing in it is one skip that names it
			if len(rs) != 0 || len(l.rep.Skipped) != 1 || l.rep.Skipped[0].Line != 0 {
				t.Fatalf("an empty file: %d reviews, skips %v", len(rs), l.rep.Skipped)
			}
			return
		}
		if len(rs)+len(l.rep.Skipped) != lines {
			t.Fatalf("%d non-blank lines, %d reviews + %d skips", lines, len(rs), len(l.rep.Skipped))
		}
		for _, r := range rs {
			if len(r.Paragraphs) == 0 || (r.Score != nil && (r.Score.Value < 0 || r.Score.Value > 100)) {
				t.Fatalf("bad review %+v", r)
			}
		}
	})
}

// FuzzHTML: a malformed page costs that page (a skip), never the import:
// no panic, no error from a non-strict read, and every review kept has
// text, an ID and valid UTF-8.
func FuzzHTML(f *testing.F) {
	entries, err := os.ReadDir(filepath.Join("testdata", "html"))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".html") {
			data, err := os.ReadFile(filepath.Join("testdata", "html", e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`<html><script type="application/ld+json">{"@type":"Review","reviewBody":` + "\x00" + `}</script>`))
	f.Add([]byte(`<!doctype html><div itemscope itemtype="schema.org/Review"><div itemprop="reviewRating" itemscope><span itemprop="ratingValue">9</span><span itemprop="bestRating">0</span></div></div>`))
	f.Add([]byte("<html><meta charset=\"shift_jis\"><p>\x82\xa0\xff</p><ol><li><ol><li>x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(context.Background(), Options{}, nil)
		if err := l.readHTML("f.html", data, FileMeta{}); err != nil {
			t.Fatalf("non-strict read failed: %v", err)
		}
		for _, r := range l.pages {
			if len(r.Paragraphs) == 0 || r.ID == "" || !strings.HasPrefix(r.Source, "f.html") {
				t.Fatalf("bad review %+v", r)
			}
			for _, p := range r.Paragraphs {
				if !utf8.ValidString(p) || len(p) > MaxParagraphBytes {
					t.Fatalf("bad paragraph %q", p)
				}
			}
		}
	})
}

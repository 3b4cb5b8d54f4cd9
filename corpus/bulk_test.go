package corpus

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// load runs LoadPaths and collects the reviews.
func load(tb testing.TB, opts Options, paths ...string) ([]Review, *Report, error) {
	tb.Helper()
	var rs []Review
	rep, err := LoadPaths(context.Background(), paths, opts, func(r Review) error {
		rs = append(rs, r)
		return nil
	})
	return rs, rep, err
}

func skipStrings(ss []Skip) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Error())
	}
	return out
}

func TestCSVBrokenRows(t *testing.T) {
	file := filepath.Join("testdata", "reviews.csv")
	rs, rep, err := load(t, Options{}, file)
	if err != nil {
		t.Fatal(err)
	}
	wantSkips := []string{
		file + `:3: row has 3 fields, header has 6`,
		file + `:4: no review text`,
		file + `:10: bad CSV row: bare " in non-quoted-field`,
	}
	if got := skipStrings(rep.Skipped); strings.Join(got, "\n") != strings.Join(wantSkips, "\n") {
		t.Errorf("skips:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantSkips, "\n"))
	}
	wantWarn := []string{
		file + `:5: bad score "x/y", left unknown`,
		file + `:6: bad date "27/27/2012", left unknown`,
		file + `:11: bad date "Jul 30 2012", left unknown`,
	}
	if got := skipStrings(rep.Warnings); strings.Join(got, "\n") != strings.Join(wantWarn, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantWarn, "\n"))
	}
	type want struct {
		author, source, text string
		score                float64 // -1: unknown
	}
	wants := []want{
		{"Ann Critic", file + ":2", "A stirring, important documentary.", 87.5},
		{"Bad Score", file + ":5", "Kept with an unknown score.", -1},
		{"Bad Date", file + ":6", "Kept with an unknown date.", 91},
		{"Multi Line", file + ":7", "First paragraph|second paragraph.", 90},
		{"Entity Fan", file + ":11", "“Quoted” & decoded.", 80},
	}
	if len(rs) != len(wants) || rep.Reviews != len(wants) {
		t.Fatalf("%d reviews (report %d), want %d", len(rs), rep.Reviews, len(wants))
	}
	for i, w := range wants {
		r := rs[i]
		score := -1.0
		if r.Score != nil {
			score = r.Score.Value
		}
		if r.Author != w.author || r.Source != w.source || strings.Join(r.Paragraphs, "|") != w.text || score != w.score {
			t.Errorf("review %d: %q %q %q %v; want %+v", i, r.Author, r.Source, r.Paragraphs, score, w)
		}
		if r.Work != "Never Sorry" || r.Kind != KindCritic || r.Outlet == "" {
			t.Errorf("review %d: work %q kind %s outlet %q", i, r.Work, r.Kind, r.Outlet)
		}
	}
	if rs[0].Date != day(2012, 7, 25) || !rs[2].Date.IsZero() {
		t.Errorf("dates %v, %v", rs[0].Date, rs[2].Date)
	}
}

func TestJSONLBrokenLines(t *testing.T) {
	file := filepath.Join("testdata", "reviews.jsonl")
	rs, rep, err := load(t, Options{}, file)
	if err != nil {
		t.Fatal(err)
	}
	wantSkips := []string{
		file + `:2: bad JSON: unexpected end of JSON input`,
		file + `:4: no review text`,
		file + `:6: key "text": want a string, got an object`,
	}
	if got := skipStrings(rep.Skipped); strings.Join(got, "\n") != strings.Join(wantSkips, "\n") {
		t.Errorf("skips:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantSkips, "\n"))
	}
	if got := skipStrings(rep.Warnings); len(got) != 1 || !strings.HasPrefix(got[0], file+`:7: bad score "8"`) {
		t.Errorf("warnings %q", got)
	}
	if len(rs) != 3 {
		t.Fatalf("%d reviews, want 3", len(rs))
	}
	rt := rs[1]
	if rt.Author != "Round Trip" || rt.Kind != KindUser || rt.Outlet != "IMDb" || !rt.Spoiler ||
		rt.Score == nil || *rt.Score != (Score{60, "6", "10"}) || rt.Helpful == nil || *rt.Helpful != (Helpful{3, 4}) ||
		strings.Join(rt.Paragraphs, "|") != "Para one.|Para two." || rt.Source != file+":5" {
		t.Errorf("round trip review: %+v", rt)
	}
	if rs[0].Score == nil || rs[0].Score.Value != 80 || rs[2].Score != nil {
		t.Errorf("scores %+v %+v", rs[0].Score, rs[2].Score)
	}
}

// Strict stops at the first skip; the error names file and line.
func TestStrict(t *testing.T) {
	file := filepath.Join("testdata", "reviews.csv")
	rs, _, err := load(t, Options{Strict: true}, file)
	if err == nil || !strings.Contains(err.Error(), file+":3: row has 3 fields") {
		t.Fatalf("err = %v", err)
	}
	var s Skip
	if !errors.As(err, &s) || s.Line != 3 {
		t.Errorf("error does not wrap the Skip: %v", err)
	}
	if len(rs) != 1 {
		t.Errorf("%d reviews before the stop, want 1", len(rs))
	}
}

func TestCallbackErrorStops(t *testing.T) {
	stop := errors.New("enough")
	n := 0
	_, err := LoadPaths(context.Background(), []string{filepath.Join("testdata", "reviews.csv")}, Options{}, func(Review) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d calls; want the callback's error after 1", err, n)
	}
}

func TestNothingRead(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("not json\n{]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, paths := range [][]string{{bad}, {filepath.Join(dir, "missing.csv")}, {}} {
		_, rep, err := load(t, Options{}, paths...)
		if !errors.Is(err, ErrNothingRead) || rep.Reviews != 0 {
			t.Errorf("%v: err %v", paths, err)
		}
	}
}

func TestColumnMapping(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "odd.csv")
	if err := os.WriteFile(file, []byte("who,blurb,film,stars\nSam,Great fun.,Up,4/5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := load(t, Options{}, file); !errors.Is(err, ErrNothingRead) {
		t.Errorf("without a mapping: err %v, want nothing read", err)
	}
	m, err := ParseMapping([]string{"who=author", "blurb=text", "film=work", "stars=score"})
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := load(t, Options{Mapping: m}, file)
	if err != nil || len(rs) != 1 || rs[0].Author != "Sam" || rs[0].Work != "Up" || rs[0].Score.Value != 80 {
		t.Fatalf("mapped load: %v %+v", err, rs)
	}
	for _, bad := range []string{"who", "who=nothing", "=text"} {
		if _, err := ParseMapping([]string{bad}); err == nil {
			t.Errorf("ParseMapping(%q) accepted", bad)
		}
	}
}

// A folder of pages with a manifest is read like the embedded corpus:
// the same 28 reviews, linked, with the same IDs.
func TestLoadFolderWithManifest(t *testing.T) {
	emb, _ := loadEmbedded(t)
	rs, rep, err := load(t, Options{}, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 28 || rep.Files != 5 || len(rep.Skipped) != 0 {
		t.Fatalf("%d reviews from %d files, skipped %v", len(rs), rep.Files, rep.Skipped)
	}
	ids := map[string]bool{}
	for _, r := range emb {
		ids[r.ID] = true
	}
	linked := 0
	for _, r := range rs {
		if !ids[r.ID] {
			t.Errorf("%s from %s not in the embedded corpus", r.ID, r.Source)
		}
		linked += len(r.SameText)
	}
	if linked != 2 {
		t.Errorf("%d SameText links, want 2", linked)
	}
}

func TestManifestErrors(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`{"files": {"a.txt": {"format": "pdf"}}}`, `unknown format "pdf"`},
		{`{"defaults": {"date": "soon"}}`, `bad date "soon"`},
		{`{"defaults": {"kind": "robot"}}`, `unknown kind "robot"`},
		{`{"files": {"x/a.txt": {}}}`, `bare file name`},
		{`{"wat": 1}`, `unknown field "wat"`},
		{`{"defaults": {"url": "javascript:alert(1)"}}`, `is not an http(s) address`},
	} {
		_, err := parseManifest("m.json", []byte(c.json))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "m.json") {
			t.Errorf("%s: err %v, want %q", c.json, err, c.want)
		}
	}
}

// Only http(s) links are kept: a javascript: or data: URL is dropped with a
// warning naming file and line, and the review is kept.
func TestOnlyWebURLs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "links.jsonl")
	lines := []string{
		`{"text": "One.", "url": "https://example.com/review"}`,
		`{"text": "Two.", "url": "javascript:alert(document.cookie)"}`,
		`{"text": "Three.", "url": "data:text/html,<script>alert(1)</script>"}`,
		`{"text": "Four.", "url": "//example.com/no-scheme"}`,
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, rep, err := load(t, Options{}, file)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 4 || rs[0].URL != "https://example.com/review" || rs[1].URL != "" || rs[2].URL != "" || rs[3].URL != "" {
		t.Fatalf("reviews %d, URLs %q %q %q %q", len(rs), rs[0].URL, rs[1].URL, rs[2].URL, rs[3].URL)
	}
	got := skipStrings(rep.Warnings)
	if len(got) != 3 || !strings.HasPrefix(got[0], file+`:2: url "javascript:`) || !strings.HasPrefix(got[1], file+`:3: url "data:`) {
		t.Errorf("warnings %q", got)
	}
}

// The Rotten Tomatoes Pixar export: 7,614 rows, of which 32 have no quote.
func TestRottenTomatoesPixar(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "rt-pixar")
	if _, err := os.Stat(filepath.Join(dir, "critic_reviews.csv")); err != nil {
		t.Skip("../shared/data/rt-pixar not present")
	}
	rs, rep, err := load(t, Options{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Reviews+len(rep.Skipped) != 7614 || rep.Reviews != 7582 || rep.Files != 1 {
		t.Errorf("reviews %d + skipped %d from %d files; want 7582 + 32 = 7614 rows from 1", rep.Reviews, len(rep.Skipped), rep.Files)
	}
	for _, s := range rep.Skipped {
		if s.Reason != "no review text" {
			t.Errorf("unexpected skip %v", s)
		}
	}
	works, scored := map[string]int{}, 0
	var entity *Review
	for i, r := range rs {
		works[r.Work]++
		if r.Score != nil {
			scored++
		}
		if r.Site != "rottentomatoes.com" || r.Kind != KindCritic || r.Outlet == "" {
			t.Fatalf("%s: site %q kind %q outlet %q", r.Source, r.Site, r.Kind, r.Outlet)
		}
		for _, p := range r.Paragraphs {
			if strings.Contains(p, "&#") || strings.Contains(p, "&apos;") || strings.Contains(p, "&quot;") {
				t.Fatalf("%s: undecoded entity in %q", r.Source, p)
			}
			if entity == nil && strings.Contains(p, "“") {
				entity = &rs[i]
			}
		}
	}
	if works[""] != 0 || works["Toy Story"] == 0 || len(works) < 20 {
		t.Errorf("works joined from movies.csv: %d titles, %d without, Toy Story %d", len(works), works[""], works["Toy Story"])
	}
	if entity == nil {
		t.Error("no “ decoded from &#8220;")
	}
	// Scores of every form: most rows carry one; the rest are unreadable
	// ("Recommended", bare "3.5") and are warnings, not skips.
	scoreWarnings, urlWarnings := 0, 0
	for _, w := range rep.Warnings {
		switch {
		case strings.Contains(w.Reason, "score"):
			scoreWarnings++
		case strings.HasPrefix(w.Reason, "url "):
			urlWarnings++ // "www.…" with no scheme, and text spilled into the URL column
		}
	}
	if scored+scoreWarnings != countNonEmptyScores(t, filepath.Join(dir, "critic_reviews.csv")) {
		t.Errorf("scored %d + score warnings %d do not cover the rows with scores", scored, scoreWarnings)
	}
	if urlWarnings != 5 || scoreWarnings+urlWarnings != len(rep.Warnings) {
		t.Errorf("%d URL warnings and %d score warnings of %d, want 5 rows whose URL is not an http(s) address", urlWarnings, scoreWarnings, len(rep.Warnings))
	}
	if scored < 5000 {
		t.Errorf("only %d scores read", scored)
	}
}

// countNonEmptyScores counts the rows with both a quote and an
// originalScore, read independently with encoding/csv.
func countNonEmptyScores(tb testing.TB, path string) int {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	n := 0
	for _, r := range rows[1:] {
		if strings.TrimSpace(r[col["quote"]]) != "" && strings.TrimSpace(r[col["originalScore"]]) != "" {
			n++
		}
	}
	return n
}

// TestCSVStreams reads a large generated CSV and checks that the live heap
// stays flat: memory does not grow with the file.
func TestCSVStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	const rows = 200_000
	r := &csvGen{rows: rows}
	l := newLoader(context.Background(), Options{}, nil)
	var peak uint64
	n := 0
	l.fn = func(Review) error {
		n++
		if n%50_000 == 0 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	}
	if err := l.readCSV("gen.csv", r, FileMeta{}, nil); err != nil {
		t.Fatal(err)
	}
	if n != rows {
		t.Fatalf("%d rows read, want %d", n, rows)
	}
	t.Logf("peak live heap %.1f MB while reading %d MB of CSV", float64(peak)/(1<<20), r.bytes>>20)
	// ~40 MB of CSV; a streaming reader keeps a few MB at most.
	if peak > 16<<20 {
		t.Errorf("heap reached %d MB reading %d MB of CSV", peak>>20, r.bytes>>20)
	}
}

// csvGen is an io.Reader producing a CSV export row by row.
type csvGen struct {
	rows, i int
	buf     []byte
	bytes   int
}

func (g *csvGen) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i <= g.rows {
		if g.i == 0 {
			g.buf = append(g.buf, "critic_name,publisher_name,review_score,review_date,review_content,movie_title\n"...)
		} else {
			g.buf = fmt.Appendf(g.buf, "Critic %d,Outlet %d,%d/10,2012-07-%02d,\"Review number %d says the film is fine, with a few more words to make it a sentence of ordinary length for a pull quote.\",Film %d\n", g.i, g.i%1500, g.i%11, g.i%28+1, g.i, g.i%300)
		}
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	g.bytes += n
	return n, nil
}

// A FIFO, a device or a socket in a folder is skipped with a report, not
// opened: opening a FIFO would wait for a writer for ever.
func TestSkipsWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(`{"text": "Fine."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "b.jsonl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	done := make(chan struct{})
	var rs []Review
	var rep *Report
	var err error
	go func() {
		defer close(done)
		rs, rep, err = load(t, Options{}, dir)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the load hangs on a FIFO")
	}
	if err != nil || len(rs) != 1 {
		t.Fatalf("%d reviews, %v; want the one in a.jsonl", len(rs), err)
	}
	if got := skipStrings(rep.Skipped); len(got) != 1 || !strings.HasPrefix(got[0], fifo+": not a regular file") {
		t.Errorf("skips %q, want the FIFO named", got)
	}
}

// A Latin-1 export: without --encoding each row that is not UTF-8 is read
// as Windows-1252 with a warning naming file and line; with it, silently
// and right. Nothing is stored as U+FFFD.
func TestLegacyEncodings(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "latin1.csv")
	// "Café crème" and "Noël" in ISO-8859-1.
	data := "quote,critic\n\"Caf\xe9 cr\xe8me, superb\",Ann\n\"Plain ASCII\",Bob\n\"No\xebl\",Cleo\n"
	if err := os.WriteFile(csvFile, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonFile := filepath.Join(dir, "latin1.jsonl")
	if err := os.WriteFile(jsonFile, []byte("{\"text\": \"Caf\xe9 cr\xe8me\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{Mapping: ColumnMapping{"quote": "text", "critic": "author"}}
	rs, rep, err := load(t, opts, csvFile, jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range rs {
		texts = append(texts, r.Paragraphs[0])
	}
	if want := "Café crème, superb|Plain ASCII|Noël|Café crème"; strings.Join(texts, "|") != want {
		t.Errorf("texts %q, want %q", texts, want)
	}
	got := skipStrings(rep.Warnings)
	want := []string{csvFile + ":2: " + notUTF8, csvFile + ":4: " + notUTF8, jsonFile + ":1: " + notUTF8}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	enc, err := ParseEncoding("latin1")
	if err != nil {
		t.Fatal(err)
	}
	opts.Encoding = enc
	rs, rep, err = load(t, opts, csvFile)
	if err != nil || len(rep.Warnings) != 0 || len(rs) != 3 || rs[0].Paragraphs[0] != "Café crème, superb" {
		t.Errorf("with --encoding latin1: %d reviews, warnings %v, %v", len(rs), skipStrings(rep.Warnings), err)
	}
	if _, err := ParseEncoding("klingon"); err == nil {
		t.Error("an unknown encoding was accepted")
	}
}

// An empty export is named; a binary one is quoted short, not dumped.
func TestNamesEmptyAndBinaryFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.jsonl")
	binary := filepath.Join(dir, "binary.csv")
	if err := os.WriteFile(empty, []byte("\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7 + 3)
	}
	if err := os.WriteFile(binary, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	_, rep, err := load(t, Options{}, empty, binary)
	if !errors.Is(err, ErrNothingRead) {
		t.Fatalf("err %v, want ErrNothingRead", err)
	}
	got := skipStrings(rep.Skipped)
	if len(got) != 2 || got[0] != empty+": empty file" || !strings.HasPrefix(got[1], binary+":1: ") {
		t.Fatalf("skips %q", got)
	}
	if len(got[1]) > len(binary)+200 {
		t.Errorf("the binary file's skip is %d bytes long: %.300s", len(got[1]), got[1])
	}
}

// A 10 MB field (no paragraph breaks, no spaces) is split into paragraphs
// of at most MaxParagraphBytes with a warning naming file and line; nothing
// of it is lost.
func TestHugeFieldIsSplit(t *testing.T) {
	file := filepath.Join(t.TempDir(), "huge.csv")
	big := strings.Repeat("lorem", 2<<20)
	if err := os.WriteFile(file, []byte("text,author\n\"short one\",A\n\""+big+"\",B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, rep, err := load(t, Options{}, file)
	if err != nil || len(rs) != 2 {
		t.Fatalf("%d reviews, %v", len(rs), err)
	}
	total := 0
	for _, p := range rs[1].Paragraphs {
		if len(p) > MaxParagraphBytes {
			t.Fatalf("a paragraph of %d bytes", len(p))
		}
		total += len(p)
	}
	if total != len(big) {
		t.Errorf("%d bytes kept of %d", total, len(big))
	}
	if got := skipStrings(rep.Warnings); len(got) != 1 || !strings.HasPrefix(got[0], file+":3: paragraph 1 is 10485760 bytes") {
		t.Errorf("warnings %q", got)
	}
}

// TestCSVResyncAfterBrokenQuote: a row with an unterminated quote is
// reported, and the rows its quote swallowed are read again, not lost.
func TestCSVResyncAfterBrokenQuote(t *testing.T) {
	tests := []struct {
		name, csv string
		texts     []string // the reviews read, in order
		skipped   []int    // the lines reported
	}{
		{"quote runs into a quoted row",
			"quote,score\n\"One\",80\n\"Two, \"\"quoted\"\"\",90\n\"Broken,70\n\"Four\",60\n\"Five\",50\n",
			[]string{"One", `Two, "quoted"`, "Four", "Five"}, []int{4}},
		{"quote runs to the end",
			"quote,score\n\"One\",80\n\"Broken,70\nThree,60\nFour,50\n",
			[]string{"One", "Three", "Four"}, []int{3}},
		{"two broken rows",
			"quote,score\n\"Broken,1\nTwo,2\n\"Also broken,3\nFour,4\n",
			[]string{"Two", "Four"}, []int{2, 4}},
		{"a bare quote breaks one row",
			"quote,score\nOne,1\nTw\"o,2\nThree,3\n",
			[]string{"One", "Three"}, []int{3}},
		{"blank lines before the broken row",
			"quote,score\nOne,1\n\n\n\"Broken,2\nFour,4\n",
			[]string{"One", "Four"}, []int{5}},
		{"a multi-line field is one row",
			"quote,score\n\"One\nstill one\",1\nTwo,2\n",
			[]string{"One still one", "Two"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "r.csv")
			if err := os.WriteFile(file, []byte(tt.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			rs, rep, err := load(t, Options{}, file)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, r := range rs {
				texts = append(texts, strings.Join(r.Paragraphs, "|"))
			}
			var lines []int
			for _, s := range rep.Skipped {
				lines = append(lines, s.Line)
			}
			if !slices.Equal(texts, tt.texts) || !slices.Equal(lines, tt.skipped) {
				t.Errorf("read %q, skipped lines %v; want %q and %v (%v)", texts, lines, tt.texts, tt.skipped, skipStrings(rep.Skipped))
			}
			// Each review names its own line.
			for _, r := range rs {
				line := r.Source[strings.LastIndexByte(r.Source, ':')+1:]
				if !strings.Contains(strings.Split(tt.csv, "\n")[atoi(t, line)-1], strings.Split(r.Paragraphs[0], " ")[0]) {
					t.Errorf("review %q says it is from line %s", r.Paragraphs[0], line)
				}
			}
		})
	}
}

func atoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

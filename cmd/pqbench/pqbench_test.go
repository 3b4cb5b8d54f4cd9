package main

import (
	"context"
	"encoding/json"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
)

func testCorpus(tb testing.TB, paragraphs int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "corpus.jsonl")
	if err := writeCorpus(context.Background(), path, 3, paragraphs); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestDrawQueries(t *testing.T) {
	path := testCorpus(t, 3000)
	a, err := drawQueries(context.Background(), path, 30, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := drawQueries(context.Background(), path, 30, 1)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed drew different queries")
	}
	raw, _ := os.ReadFile(path)
	text := strings.ToLower(string(raw))
	count := map[string]int{}
	for _, q := range a {
		count[q.Class]++
		if len(q.Words) == 0 {
			t.Fatalf("%s query with no words", q.Class)
		}
		switch q.Class {
		case classPhrase:
			if !strings.Contains(text, strings.Join(q.Words, " ")) {
				t.Errorf("phrase %q is not in the corpus", q.Words)
			}
		case classThree:
			if len(q.Words) != 3 {
				t.Errorf("three words: %q", q.Words)
			}
		case classQuote:
			if len(q.Words) != 7 {
				t.Errorf("quote %q: want 8 words less one", q.Words)
			}
		case classFiltered:
			if q.Outlet == "" || q.MinScore < 0 {
				t.Errorf("filtered query without filters: %+v", q)
			}
		}
		if q.Class != classFiltered && q.filtered() {
			t.Errorf("%s query has a filter: %+v", q.Class, q)
		}
	}
	for _, c := range corpusClasses {
		if count[c] != 30 {
			t.Errorf("%d %s queries, want 30", count[c], c)
		}
	}
}

// The real-text queries are phrases frequent in the rt-pixar quotes, each
// in some quote, and six-word lines of the quotes; none without the data.
func TestRealTextQueries(t *testing.T) {
	rt := filepath.Join("..", "..", "..", "shared", "data", "rt-pixar")
	raw, err := os.ReadFile(filepath.Join(rt, "critic_reviews.csv"))
	if err != nil {
		t.Skipf("no rt-pixar export: %v", err)
	}
	text := strings.Join(strings.Fields(strings.ToLower(string(raw))), " ")
	qs, err := realTextQueries(context.Background(), rt, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, q := range qs {
		count[q.Class]++
		joined := strings.Join(q.Words, " ")
		switch q.Class {
		case classCommon:
			if !q.phrase() || len(q.Words) < 3 || len(q.Words) > 4 || strings.Count(text, joined) < 5 {
				t.Errorf("common phrase %q: %d words, %d times in the quotes", joined, len(q.Words), strings.Count(text, joined))
			}
		case classLine:
			if q.phrase() || len(q.Words) != 6 {
				t.Errorf("line %q: want six words, not a phrase", joined)
			}
		default:
			t.Errorf("real-text query of class %s", q.Class)
		}
	}
	if count[classCommon] != 20 || count[classLine] != 20 {
		t.Errorf("drew %v, want 20 of each", count)
	}
	if qs, err := realTextQueries(context.Background(), filepath.Join(t.TempDir(), "none"), 20, 1); err != nil || qs != nil {
		t.Errorf("without the data: %v, %v; want none", qs, err)
	}
}

func TestTypoIsOneEdit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, w := range []string{"story", "animation", "pixar", "wonderful", "aabbcc"} {
		for range 200 {
			ty := typo(w, r)
			if d := analysis.Edits(w, ty); d != 1 {
				t.Fatalf("typo(%q) = %q, %d edits", w, ty, d)
			}
		}
	}
}

func TestPercentile(t *testing.T) {
	xs := make([]float64, 200)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	tests := []struct {
		xs   []float64
		p    float64
		want float64
	}{
		{xs, 50, 100}, {xs, 99, 198}, {xs, 100, 200}, {xs, 0, 1},
		{[]float64{7}, 99, 7}, {nil, 50, 0},
	}
	for _, tt := range tests {
		if got := percentile(tt.xs, tt.p); got != tt.want {
			t.Errorf("percentile(%d values, %v) = %v, want %v", len(tt.xs), tt.p, got, tt.want)
		}
	}
}

func TestFTSMatch(t *testing.T) {
	tests := []struct {
		q    query
		want string
	}{
		{query{Class: classThree, Words: []string{"toy", "story", "it's"}}, `"toy" "story" "it's"`},
		{query{Class: classPhrase, Words: []string{"toy", "story"}}, `"toy story"`},
		{query{Class: classWord, Words: []string{`a"b`}}, `"a""b"`},
	}
	for _, tt := range tests {
		if got := ftsMatch(tt.q); got != tt.want {
			t.Errorf("ftsMatch(%v) = %s, want %s", tt.q.Words, got, tt.want)
		}
	}
}

func fakeResults() []result {
	mk := func(e string, n int, rate, p99 float64, bytes int64) result {
		cl := map[string]classResult{}
		for _, c := range classes {
			cl[c] = classResult{P50: p99 / 4, P95: p99 / 2, P99: p99, Answers: answerStats{Queries: 10, Total: 100}}
		}
		return result{Engine: e, Size: n, BuildSec: float64(n) / rate, BuildRate: rate, IndexBytes: bytes, Classes: cl}
	}
	return []result{
		mk(enginePullquote, 10000, 20000, 5, 10<<20),
		mk(engineSQLite, 10000, 10000, 20, 8<<20),
		mk(enginePullquote, 100000, 20000, 10, 100<<20),
		mk(engineSQLite, 100000, 10000, 40, 80<<20),
	}
}

func TestMarkdown(t *testing.T) {
	md := markdown(fakeResults(), "test machine")
	for _, want := range []string{
		"## 10000 paragraphs", "## 100000 paragraphs",
		"| build rate (paragraphs/s) | 20000 | 10000 | 2.00× |", // pullquote ÷ peer
		"| one common word p99 (ms) | 10.0 | 40.0 | 4.00× |",    // peer ÷ pullquote
		"| index size | 100.0 MiB | 80.0 MiB | 0.80× |",
		"## Targets at 100000 paragraphs",
		"| index ≤ 1.5× SQLite FTS5's | 100.0 MiB vs 80.0 MiB: 1.25× | yes |",
		"| p99 < 25 ms, every class | worst 10.0 ms",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q\n%s", want, md)
		}
	}
}

func TestPlot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "latency.png")
	if err := writePlot(path, fakeResults()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The pullquote line's colour appears somewhere in the plot.
	want := engineColors[enginePullquote]
	found := false
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y && !found; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(b>>8) == want.B && y > 60 {
				found = true
				break
			}
		}
	}
	if !found {
		t.Error("no pullquote line drawn below the legend")
	}
}

// TestEnginesSmall builds and queries the engines that need no server of
// their own (searchd is started by the Sphinx and pullquote+sphinx
// engines themselves) on a tiny corpus and checks that each finds,
// highlights and counts facets (a lone hit may have no date).
func TestEnginesSmall(t *testing.T) {
	path := testCorpus(t, 600)
	qs, err := drawQueries(context.Background(), path, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string][]int{} // per engine, each query's total
	for _, e := range []string{engineSQLite, engineBleve, enginePullquote, engineSphinx, engineSphinx2, enginePQSphinx, enginePQSphinx3, enginePQOpenSearch, enginePQOpenSearch3, engineOpenSearch} {
		t.Run(e, func(t *testing.T) {
			switch e {
			case engineSphinx, engineSphinx2, enginePQSphinx, enginePQSphinx3: // private searchd
				needSphinx(t)
			case enginePQOpenSearch, enginePQOpenSearch3, engineOpenSearch: // private nodes
				if err := openSearchInstalled(); err != nil {
					if os.Getenv("CI") != "" {
						t.Fatal(err)
					}
					t.Skip(err)
				}
			case engineSQLite: // Debian's sqlite3 shell
				needSQLite(t)
			}
			dir := t.TempDir()
			c := &childFlags{engine: e, corpus: path, dir: dir}
			b, _ := c.builder()
			n, err := b.build(context.Background(), path, dir)
			if err != nil {
				t.Fatal(err)
			}
			if n != 600 {
				t.Errorf("built %d paragraphs, want 600", n)
			}
			q, err := c.open(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer q.close()
			for _, qq := range qs {
				a, err := q.query(context.Background(), qq)
				if err != nil {
					t.Fatal(err)
				}
				totals[e] = append(totals[e], a.Total)
				if qq.Class == classTypo {
					continue // SQLite, Sphinx and OpenSearch's own query have no fuzzy matching
				}
				if a.Total == 0 || a.Hits == 0 || a.Highlights == 0 || (a.Years == 0 && a.Total > 2) || a.Bands == 0 || a.Outlets == 0 {
					t.Errorf("%s %v: %+v", qq.Class, qq.Words, a)
				}
			}
		})
	}
	// Two index parts behind a distributed index count what one does;
	// pullquote on one searchd or three counts what it does on Bleve
	// (typos aside: the Manticore backend has no typo variants), and on
	// one OpenSearch node or three, typos included.
	if a, b := totals[engineSphinx], totals[engineSphinx2]; len(a) > 0 && len(b) > 0 && !reflect.DeepEqual(a, b) {
		t.Errorf("sphinx totals %v, with two parts %v", a, b)
	}
	for _, e := range []string{enginePQSphinx, enginePQSphinx3, enginePQOpenSearch, enginePQOpenSearch3} {
		want, got := totals[enginePullquote], totals[e]
		if len(got) == 0 {
			continue
		}
		typos := e == enginePQOpenSearch || e == enginePQOpenSearch3 // the OpenSearch backend corrects them as Bleve does
		for i, q := range qs {
			if (q.Class != classTypo || typos) && got[i] != want[i] {
				t.Errorf("%s %s %v: total %d, on Bleve %d", e, q.Class, q.Words, got[i], want[i])
			}
		}
	}
}

// TestPostgresSmall starts a private PostgreSQL server, builds and queries
// the postgres engine, and checks that stop removes everything. It is
// skipped where PostgreSQL is not installed.
func TestPostgresSmall(t *testing.T) {
	if _, err := pgBinDir(); err != nil {
		t.Skip(err)
	}
	ctx := context.Background()
	pg, err := startPostgres(ctx, "")
	defer pg.stop()
	if err != nil {
		t.Fatal(err)
	}
	if err := pg.createDB(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	path := testCorpus(t, 400)
	n, err := postgresEngine{conn: pg.conn("t")}.build(ctx, path, "")
	if err != nil || n != 400 {
		t.Fatalf("build: %d paragraphs, %v", n, err)
	}
	if pg.pss() <= 0 {
		t.Error("no memory measured for the running server")
	}
	q, err := openPostgres(ctx, pg.conn("t"))
	if err != nil {
		t.Fatal(err)
	}
	qs, _ := drawQueries(ctx, path, 3, 1)
	for _, qq := range qs {
		a, err := q.query(ctx, qq)
		if err != nil {
			t.Fatal(err)
		}
		if qq.Class != classTypo && (a.Total == 0 || a.Highlights == 0 || a.Bands == 0 || a.Outlets == 0) {
			t.Errorf("%s %v: %+v", qq.Class, qq.Words, a)
		}
		// Both plans give the same answer.
		plans := [2]answer{}
		pq := q.(*postgresQuerier)
		for i, onePass := range []bool{false, true} {
			pq.onePass = map[string]bool{qq.Class: onePass}
			if plans[i], err = q.query(ctx, qq); err != nil {
				t.Fatal(err)
			}
		}
		if plans[0] != plans[1] {
			t.Errorf("%s %v: a statement per facet %+v, one pass %+v", qq.Class, qq.Words, plans[0], plans[1])
		}
	}
	q.close()
	pg.stop()
	if _, err := os.Stat(pg.dir); !os.IsNotExist(err) {
		t.Errorf("server directory %s left behind: %v", pg.dir, err)
	}
}

// needSphinx skips a test where Sphinx is not installed, except in CI,
// which must run it.
func needSphinx(t *testing.T) {
	t.Helper()
	if err := sphinxInstalled(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// needSQLite skips a test where the sqlite3 shell is not installed, and
// fails it on CI (scripts/deps.sh installs it).
func needSQLite(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("sqlite3"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// TestSQLiteEscapes throws hostile text at the sqlite3 shell: quoted as
// SQL strings and FTS5 strings, never run as SQL or as a shell command.
func TestSQLiteEscapes(t *testing.T) {
	needSQLite(t)
	ctx := context.Background()
	path := testCorpus(t, 100)
	dir := t.TempDir()
	if _, err := (sqliteEngine{}).build(ctx, path, dir); err != nil {
		t.Fatal(err)
	}
	q, err := openSQLite(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer q.close()
	for _, hostile := range []string{`it's`, `"quoted"`, `'); DROP TABLE para; --`, ".tables", "a\nb", "x\n.shell touch " + filepath.Join(dir, "pwned"), `NEAR(a b)`, `*`} {
		for _, qq := range []query{
			{Class: classWord, Words: []string{hostile}, MinScore: -1},
			{Class: classPhrase, Words: []string{"the", hostile}, MinScore: -1},
			{Class: classFiltered, Words: []string{"film"}, Outlet: hostile, MinScore: 50},
		} {
			if _, err := q.query(ctx, qq); err != nil {
				t.Errorf("%s %q: %v", qq.Class, hostile, err)
			}
		}
	}
	a, err := q.query(ctx, query{Class: classWord, Words: []string{"film"}, MinScore: -1})
	if err != nil || a.Total == 0 {
		t.Errorf("after the hostile queries: %+v, %v; want the table intact", a, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Error("a query ran a shell command")
	}
}

// TestSphinxEscapes throws hostile text at SphinxQL: it is escaped, never
// run as query syntax or SQL.
func TestSphinxEscapes(t *testing.T) {
	needSphinx(t)
	ctx := context.Background()
	path := testCorpus(t, 100)
	dir := t.TempDir()
	if _, err := (sphinxEngine{parts: 1}).build(ctx, path, dir); err != nil {
		t.Fatal(err)
	}
	q, err := openSphinx(ctx, dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`' OR 1=1 --`, `"unbalanced`, `a) | (b`, `\`, `@text x`, `$"; DROP`} {
		if _, err := q.query(ctx, query{Class: classThree, Words: []string{w}, MinScore: -1}); err != nil {
			t.Errorf("query %q: %v", w, err)
		}
	}
	if err := q.close(); err != nil {
		t.Error(err)
	}
}

// procStat reads this process's parent and CPU time as the kernel counts
// it, and treeCPU counts a server's children: a busy child's time shows.
func TestProcCPU(t *testing.T) {
	deadline := time.Now().Add(300 * time.Millisecond)
	for x := 0; time.Now().Before(deadline); x++ {
		_ = x * x
	}
	ppid, own, _, ok := procStat(os.Getpid())
	if !ok || ppid != os.Getppid() || own < 100*time.Millisecond {
		t.Fatalf("procStat(self) = ppid %d (want %d), own %v (after 300 ms of work), ok %v", ppid, os.Getppid(), own, ok)
	}
	cmd := exec.Command("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	time.Sleep(1500 * time.Millisecond)
	if tree := treeCPU(os.Getpid()); tree < own+100*time.Millisecond {
		t.Errorf("treeCPU(self) = %v, want more than this process's %v with a busy child", tree, own)
	}
}

// medianOf takes each figure's median over the rounds that did not fail,
// and keeps the last round's extras.
func TestMedianOfRounds(t *testing.T) {
	r := func(build, p99 float64, failed bool) result {
		res := result{Engine: "x", BuildSec: build, Classes: map[string]classResult{classWord: {P99: p99, CPU: p99 / 2}}}
		if failed {
			res.Error = "boom"
		}
		return res
	}
	last := r(3, 30, false)
	last.Check = &checkOut{P50: 1}
	got := medianOf([]result{r(1, 10, false), r(100, 1000, true), r(5, 50, false), last})
	if got.BuildSec != 3 || got.Classes[classWord].P99 != 30 || got.Classes[classWord].CPU != 15 || got.Check == nil {
		t.Errorf("median of 1, 5, 3 (and a failed 100): %+v", got)
	}
	if one := medianOf([]result{r(7, 70, false)}); one.BuildSec != 7 || len(one.Notes) != 0 {
		t.Errorf("one round: %+v", one)
	}
}

// A query process's memory splits into the Go heap, which anonymous
// memory holds, and mapped files (at least this binary's pages).
func TestSelfMemory(t *testing.T) {
	m, err := selfMemory()
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	if m.Heap <= 0 || m.Anon < m.Heap/2 || m.File <= 0 {
		t.Errorf("memory %+v: want a heap, anonymous memory holding it, and mapped pages", *m)
	}
}

// The peers' SQL counts bands as search.ScoreBands has them.
func TestSQLBand(t *testing.T) {
	if got, want := sqlBand("score"), "CASE WHEN score IS NULL THEN 4 WHEN score >= 80 THEN 0 WHEN score >= 60 THEN 1 WHEN score >= 40 THEN 2 ELSE 3 END"; got != want {
		t.Errorf("sqlBand = %s\nwant %s", got, want)
	}
	for _, tt := range []struct {
		score *float64
		want  int
	}{{nil, 4}, {ptrF(100), 0}, {ptrF(80), 0}, {ptrF(79.5), 1}, {ptrF(40), 2}, {ptrF(12), 3}} {
		if got := bandOf(tt.score); got != tt.want {
			t.Errorf("bandOf(%v) = %d, want %d", tt.score, got, tt.want)
		}
	}
}

func ptrF(v float64) *float64 { return &v }

// The peers read the paragraphs pullquote indexes: blank ones are left
// out, as the index leaves them.
func TestReadParasSkipsBlank(t *testing.T) {
	rs := []corpus.Review{
		{ID: "a", Paragraphs: []string{"One.", "", "Two.", " \n\t"}},
		{ID: "b", Paragraphs: []string{"   "}},
		{ID: "c", Paragraphs: []string{"Three."}},
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	var lines []string
	want := 0
	for _, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
		want += corpus.Indexable(r.Paragraphs)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := readParas(context.Background(), path, func(p para) error {
		got = append(got, p.Text)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != want || want != 3 {
		t.Errorf("read %q; want the %d paragraphs pullquote indexes", got, want)
	}
}

package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/go-sql-driver/mysql" // SphinxQL speaks the MySQL protocol

	"github.com/pullquote/pullquote/manticore"
)

// sphinxEngine is Sphinx 2.2.11 (Debian sphinxsearch) as its experts run it
// for speed: a plain index built by its own indexer from a TSV pipe,
// morphology = libstemmer_en (Snowball English, the stemmer pullquote
// uses), index_exact_words = 1 (exact "phrases"), accents folded by the
// charset table, BM25 ranking, SNIPPET() over the text kept as a
// string attribute for the top hits, and facets by GROUP BY on integer and
// string attributes, one statement per facet, each without its own
// filter. Sphinx has no typo tolerance: the typo class searches the word as
// typed. It is a speed peer, not a pullquote backend.
//
// With parts > 1 the corpus is split round robin into that many plain
// indexes, built by as many indexer processes at once, and searched through
// a distributed index over them (local, dist_threads = parts): how Sphinx
// uses more than one core for one build and one query.
type sphinxEngine struct{ parts int }

// sphinxBins names the Sphinx programs, from the Debian package.
var sphinxBins = struct{ indexer, searchd string }{"indexer", "searchd"}

// sphinxInstalled reports whether Sphinx is installed.
func sphinxInstalled() error {
	for _, b := range []string{sphinxBins.indexer, sphinxBins.searchd} {
		if _, err := exec.LookPath(b); err != nil {
			return fmt.Errorf("sphinx: %s not installed (Debian package sphinxsearch): %w", b, err)
		}
	}
	return nil
}

// sphinxVersion is the first line searchd prints about itself.
func sphinxVersion() string {
	out, _ := exec.Command(sphinxBins.searchd, "--help").Output()
	line, _, _ := strings.Cut(string(out), "\n")
	if line = strings.TrimSpace(line); line == "" {
		return "Sphinx (version unknown)"
	}
	return line
}

// sphinxConfig writes the config of an index of parts parts in dir (the
// parts' TSV files paras0.tsv, …), searchd listening on port for SphinxQL.
// Queries go to the index "paras": the plain index, or the distributed
// index over the parts.
func sphinxConfig(dir string, port, parts int) (string, error) {
	conf := filepath.Join(dir, "sphinx.conf")
	var b strings.Builder
	for i := range parts {
		fmt.Fprintf(&b, `source part%[2]d
{
	type = tsvpipe
	tsvpipe_command = cat %[1]s/paras%[2]d.tsv
	tsvpipe_field_string = text
	tsvpipe_attr_string = outlet
	tsvpipe_attr_float = score
	tsvpipe_attr_uint = scored
	tsvpipe_attr_uint = band
	tsvpipe_attr_uint = year
}

index %[3]s
{
	source = part%[2]d
	path = %[1]s/idx/part%[2]d
	docinfo = extern
	morphology = libstemmer_en
	index_exact_words = 1
	min_word_len = 1
	charset_table = %[4]s
}

`, dir, i, sphinxPartName(i, parts), manticore.CharsetTable())
	}
	if parts > 1 {
		b.WriteString("index paras\n{\n\ttype = distributed\n")
		for i := range parts {
			fmt.Fprintf(&b, "\tlocal = %s\n", sphinxPartName(i, parts))
		}
		b.WriteString("}\n\n")
	}
	fmt.Fprintf(&b, `indexer
{
	mem_limit = 256M
}

searchd
{
	listen = 127.0.0.1:%[2]d:mysql41
	log = %[1]s/searchd.log
	query_log = %[1]s/query.log
	pid_file = %[1]s/searchd.pid
	binlog_path =
	workers = threads
	dist_threads = %[3]d
}
`, dir, port, parts)
	if err := os.MkdirAll(filepath.Join(dir, "idx"), 0o755); err != nil {
		return "", err
	}
	return conf, os.WriteFile(conf, []byte(b.String()), 0o644)
}

// sphinxPartName names part i of parts: "paras" when it is the only one.
func sphinxPartName(i, parts int) string {
	if parts == 1 {
		return "paras"
	}
	return fmt.Sprintf("part%d", i)
}

// tsvField makes text safe for one TSV column: tabs and line breaks are
// spaces (the corpus has no others that matter to indexer).
func tsvField(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

func (e sphinxEngine) build(ctx context.Context, corpusPath, dir string) (int, error) {
	if err := sphinxInstalled(); err != nil {
		return 0, err
	}
	parts := max(e.parts, 1)
	conf, err := sphinxConfig(dir, 0, parts)
	if err != nil {
		return 0, fmt.Errorf("sphinx: %w", err)
	}
	files := make([]*os.File, parts)
	ws := make([]*bufio.Writer, parts)
	for i := range parts {
		if files[i], err = os.Create(filepath.Join(dir, fmt.Sprintf("paras%d.tsv", i))); err != nil {
			return 0, fmt.Errorf("sphinx: %w", err)
		}
		defer files[i].Close()
		ws[i] = bufio.NewWriterSize(files[i], 1<<20)
	}
	n := 0
	err = readParas(ctx, corpusPath, func(p para) error {
		n++
		score, scored := 0.0, 0
		if p.Score != nil {
			score, scored = *p.Score, 1
		}
		_, err := fmt.Fprintf(ws[n%parts], "%d\t%s\t%s\t%g\t%d\t%d\t%d\n", n, tsvField(p.Text), tsvField(p.Outlet), score, scored, bandOf(p.Score), p.Year)
		return err
	})
	for i := range parts {
		if err == nil {
			err = ws[i].Flush()
		}
		if cerr := files[i].Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return 0, fmt.Errorf("sphinx: write TSV: %w", err)
	}
	// One indexer per part, all at once.
	errs := make(chan error, parts)
	for i := range parts {
		go func() {
			cmd := exec.CommandContext(ctx, sphinxBins.indexer, "--config", conf, sphinxPartName(i, parts), "--quiet")
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("sphinx: indexer %s: %w: %s", sphinxPartName(i, parts), err, out)
				return
			}
			errs <- nil
		}()
	}
	for range parts {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		return 0, err
	}
	// The TSV files are the input, not the index: leave them out of the size.
	for i := range parts {
		if err := os.Remove(filepath.Join(dir, fmt.Sprintf("paras%d.tsv", i))); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// sphinxQuerier runs a private searchd over the index and queries it
// through SphinxQL.
type sphinxQuerier struct {
	db   *sql.DB
	node *manticore.Process
}

func openSphinx(ctx context.Context, dir string, parts int) (querier, error) {
	if err := sphinxInstalled(); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}
	conf, err := sphinxConfig(dir, port, max(parts, 1))
	if err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}
	// In the foreground, so that its memory is measured as this process's
	// child and it ends with it.
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	node, err := manticore.StartNode(ctx, manticore.Node{SQL: addr, Config: conf})
	if err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}
	s := &sphinxQuerier{node: node}
	// No server-side prepared statements on Sphinx 2.2: the driver
	// interpolates (and escapes) the arguments itself.
	if s.db, err = sql.Open("mysql", "tcp("+addr+")/?interpolateParams=true"); err != nil {
		s.close()
		return nil, fmt.Errorf("sphinx: %w", err)
	}
	s.db.SetMaxOpenConns(1)
	return s, nil
}

// serverCPU is searchd's CPU time, its threads included.
func (s *sphinxQuerier) serverCPU() time.Duration {
	if s.node == nil {
		return 0
	}
	_, own, _, _ := procStat(s.node.PID())
	return own
}

func (s *sphinxQuerier) close() error {
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	if s.node != nil {
		s.node.Stop()
	}
	return err
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// sphinxMatch is the MATCH() expression: every word (Sphinx's default
// AND), or one "phrase".
func sphinxMatch(q query) string {
	words := make([]string, len(q.Words))
	for i, w := range q.Words {
		words[i] = manticore.Escape(w)
	}
	if q.phrase() {
		return `"` + strings.Join(words, " ") + `"`
	}
	return strings.Join(words, " ")
}

func (s *sphinxQuerier) query(ctx context.Context, q query) (answer, error) {
	var a answer
	m := sphinxMatch(q)
	outletF, scoreF := "", ""
	var outletA, scoreA []any
	if q.filtered() {
		outletF, outletA = ` AND outlet = ?`, []any{q.Outlet}
		scoreF, scoreA = ` AND scored = 1 AND score >= ?`, []any{q.MinScore}
	}
	args := func(extra ...[]any) []any {
		out := []any{m}
		for _, e := range extra {
			out = append(out, e...)
		}
		return out
	}
	// One connection: the top hits and SHOW META run on the same session.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return a, fmt.Errorf("sphinx: %w", err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `SELECT id, SNIPPET(text, ?) FROM paras WHERE MATCH(?)`+outletF+scoreF+
		` ORDER BY WEIGHT() DESC LIMIT 10 OPTION ranker=bm25`, append([]any{m}, args(outletA, scoreA)...)...)
	if err != nil {
		return a, fmt.Errorf("sphinx top: %w", err)
	}
	for rows.Next() {
		var id int64
		var frag string
		if err := rows.Scan(&id, &frag); err != nil {
			rows.Close()
			return a, err
		}
		a.Hits++
		if strings.Contains(frag, "<b>") {
			a.Highlights++
		}
	}
	rows.Close()
	meta, err := conn.QueryContext(ctx, `SHOW META LIKE 'total_found'`)
	if err != nil {
		return a, fmt.Errorf("sphinx meta: %w", err)
	}
	for meta.Next() {
		var name, value string
		if err := meta.Scan(&name, &value); err != nil {
			meta.Close()
			return a, err
		}
		a.Total, _ = strconv.Atoi(value)
	}
	meta.Close()
	facets := []struct {
		sql  string
		args []any
		n    *int
	}{
		{`SELECT year, COUNT(*) FROM paras WHERE MATCH(?)` + outletF + scoreF + ` AND year > 0 GROUP BY year LIMIT 1000`, args(outletA, scoreA), &a.Years},
		{`SELECT outlet, COUNT(*) AS c FROM paras WHERE MATCH(?)` + scoreF + ` AND outlet != '' GROUP BY outlet ORDER BY c DESC LIMIT 10`, args(scoreA), &a.Outlets},
		{`SELECT band, COUNT(*) FROM paras WHERE MATCH(?)` + outletF + ` GROUP BY band LIMIT 10`, args(outletA), &a.Bands},
	}
	for _, f := range facets {
		err := groupCounts(ctx, conn, f.sql, f.args, func(_ any, c int) {
			if c > 0 {
				*f.n++
			}
		})
		if err != nil {
			return a, fmt.Errorf("sphinx facet: %w", err)
		}
	}
	return a, nil
}

// sqlQuerier is what *sql.DB and *sql.Conn share.
type sqlQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// groupCounts runs a GROUP BY statement whose rows are (value, count) and
// hands each row to fn.
func groupCounts(ctx context.Context, db sqlQuerier, query string, args []any, fn func(v any, c int)) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v any
		var c int
		if err := rows.Scan(&v, &c); err != nil {
			return err
		}
		fn(v, c)
	}
	return rows.Err()
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// sqliteEngine is SQLite FTS5 as its experts run it: Debian's native
// sqlite3 (FTS5 built in), driven through its shell, which reads SQL on
// stdin and writes rows as JSON. The corpus is loaded in bulk (.import of
// a CSV file into a staging table, then one INSERT … SELECT each into an
// fts5 table with the porter tokenizer and a metadata table); a query runs
// the match once into a temporary table that the top 10 and the facets'
// GROUP BYs read, bm25() ranks and snippet() highlights the top hits only.
type sqliteEngine struct{}

func sqlitePath(dir string) string { return filepath.Join(dir, "fts.db") }

func (sqliteEngine) build(ctx context.Context, corpusPath, dir string) (int, error) {
	staged := filepath.Join(dir, "paragraphs.csv")
	n, err := writeSQLiteCSV(ctx, corpusPath, staged)
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	defer os.Remove(staged)
	sh, err := startSQLite(ctx, sqlitePath(dir), false)
	if err != nil {
		return 0, err
	}
	defer sh.close()
	script := `PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;
CREATE TABLE staged(id INTEGER, pid TEXT, outlet TEXT, score TEXT, year TEXT, text TEXT);
.import --csv ` + staged + ` staged
CREATE TABLE para(id INTEGER PRIMARY KEY, pid TEXT NOT NULL, outlet TEXT, score REAL, year INTEGER);
INSERT INTO para SELECT id, pid, NULLIF(outlet, ''), CAST(NULLIF(score, '') AS REAL), CAST(NULLIF(year, '') AS INTEGER) FROM staged;
CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='porter');
INSERT INTO fts(rowid, text) SELECT id, text FROM staged;
DROP TABLE staged;
CREATE INDEX para_outlet ON para(outlet); CREATE INDEX para_score ON para(score); CREATE INDEX para_year ON para(year);
INSERT INTO fts(fts) VALUES('optimize');
ANALYZE; VACUUM;`
	if _, err := sh.run(script); err != nil {
		return 0, err
	}
	return n, nil
}

// writeSQLiteCSV writes the corpus's paragraphs as CSV rows (id, pid,
// outlet, score, year, text; unknown fields empty) and counts them.
func writeSQLiteCSV(ctx context.Context, corpusPath, path string) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := csv.NewWriter(f)
	n := 0
	err = readParas(ctx, corpusPath, func(p para) error {
		n++
		score, year := "", ""
		if p.Score != nil {
			score = strconv.FormatFloat(*p.Score, 'f', -1, 64)
		}
		if p.Year != 0 {
			year = strconv.Itoa(p.Year)
		}
		return w.Write([]string{strconv.Itoa(n), p.ID, p.Outlet, score, year, p.Text})
	})
	if err != nil {
		return 0, err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return 0, err
	}
	return n, f.Close()
}

// sqliteShell is a running sqlite3 shell.
type sqliteShell struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *json.Decoder
	stderr *bytes.Buffer
}

// startSQLite starts the shell on the database at path (read-only: for
// queries), in JSON mode, stopping at the first error.
func startSQLite(ctx context.Context, path string, readOnly bool) (*sqliteShell, error) {
	args := []string{"-batch", "-bail", "-json"}
	if readOnly {
		args = append(args, "-readonly")
	}
	cmd := exec.CommandContext(ctx, "sqlite3", append(args, path)...)
	sh := &sqliteShell{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = sh.stderr
	var err error
	if sh.in, err = cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("sqlite: start sqlite3 (Debian package sqlite3): %w", err)
	}
	sh.out = json.NewDecoder(bufio.NewReaderSize(stdout, 1<<16))
	return sh, nil
}

// endMark is the row the shell is asked for after a script, to know where
// the script's rows end.
const endMark = "pqbench-end"

// run sends a script and returns the rows its statements gave, in order
// (the shell writes nothing for a statement with no rows).
func (sh *sqliteShell) run(script string) ([]map[string]any, error) {
	if _, err := io.WriteString(sh.in, script+"\nSELECT '"+endMark+"' AS end;\n"); err != nil {
		return nil, sh.failed(err)
	}
	var out []map[string]any
	for {
		var rows []map[string]any
		if err := sh.out.Decode(&rows); err != nil {
			return nil, sh.failed(err)
		}
		if len(rows) == 1 && rows[0]["end"] == endMark {
			return out, nil
		}
		out = append(out, rows...)
	}
}

// failed wraps err with what the shell said.
func (sh *sqliteShell) failed(err error) error {
	if msg := strings.TrimSpace(sh.stderr.String()); msg != "" {
		return fmt.Errorf("sqlite3: %s", msg)
	}
	return fmt.Errorf("sqlite3: %w", err)
}

// close ends the shell.
func (sh *sqliteShell) close() error {
	sh.in.Close()
	done := make(chan error, 1)
	go func() { done <- sh.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		sh.cmd.Process.Kill()
		return errors.New("sqlite3 did not exit")
	}
}

type sqliteQuerier struct{ sh *sqliteShell }

func openSQLite(dir string) (querier, error) {
	sh, err := startSQLite(context.Background(), sqlitePath(dir), true)
	if err != nil {
		return nil, err
	}
	if _, err := sh.run(`PRAGMA cache_size=-262144;`); err != nil {
		sh.close()
		return nil, err
	}
	return &sqliteQuerier{sh: sh}, nil
}

func (s *sqliteQuerier) close() error { return s.sh.close() }

// serverCPU is the shell's CPU time: SQLite works there.
func (s *sqliteQuerier) serverCPU() time.Duration {
	_, own, _, _ := procStat(s.sh.cmd.Process.Pid)
	return own
}

// ftsMatch is the FTS5 query: every word (implicit AND), or one phrase,
// each an FTS5 string.
func ftsMatch(q query) string {
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	if q.phrase() {
		return quote(strings.Join(q.Words, " "))
	}
	parts := make([]string, len(q.Words))
	for i, w := range q.Words {
		parts[i] = quote(w)
	}
	return strings.Join(parts, " ")
}

// sqlQuote is s as an SQL string literal.
func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// query runs the match once, as an SQLite expert would for a faceted
// search: the matching rows' rank and facet columns go into a temporary
// table, which the top 10 and every facet then read (one script), then
// the snippets of the top 10 (a second).
func (s *sqliteQuerier) query(ctx context.Context, q query) (answer, error) {
	var a answer
	m := sqlQuote(ftsMatch(q))
	// Filters on the match set, each facet leaving out its own.
	outletF, scoreF := "", ""
	if q.filtered() {
		outletF = ` AND outlet = ` + sqlQuote(q.Outlet)
		scoreF = ` AND score >= ` + strconv.FormatFloat(q.MinScore, 'f', -1, 64)
	}
	from := ` FROM m WHERE 1`
	script := `DROP TABLE IF EXISTS temp.m;
CREATE TEMP TABLE m AS SELECT fts.rowid AS id, fts.rank AS rank, p.outlet AS outlet, p.score AS score, p.year AS year FROM fts JOIN para p ON p.id = fts.rowid WHERE fts MATCH ` + m + `;
SELECT 'top' AS k, id` + from + outletF + scoreF + ` ORDER BY rank LIMIT 10;
SELECT 'year' AS k, year AS v, count(*) AS c` + from + outletF + scoreF + ` GROUP BY year;
SELECT 'outlet' AS k, outlet AS v, count(*) AS c` + from + scoreF + ` AND outlet IS NOT NULL GROUP BY outlet ORDER BY c DESC LIMIT 10;
SELECT 'band' AS k, ` + sqlBand("score") + ` AS v, count(*) AS c` + from + outletF + ` GROUP BY v;`
	rows, err := s.sh.run(script)
	if err != nil {
		return a, err
	}
	var ids []string
	for _, r := range rows {
		c, _ := r["c"].(float64)
		switch r["k"] {
		case "top":
			ids = append(ids, fmt.Sprint(r["id"]))
		case "year":
			a.Total += int(c)
			if r["v"] != nil {
				a.Years++
			}
		case "outlet":
			a.Outlets++
		case "band":
			a.Bands++
		}
	}
	a.Hits = len(ids)
	if len(ids) > 0 { // snippets for the top hits only
		rows, err := s.sh.run(`SELECT snippet(fts, 0, '<mark>', '</mark>', '…', 24) AS s FROM fts WHERE fts MATCH ` + m + ` AND rowid IN (` + strings.Join(ids, ",") + `);`)
		if err != nil {
			return a, err
		}
		for _, r := range rows {
			if frag, _ := r["s"].(string); strings.Contains(frag, "<mark>") {
				a.Highlights++
			}
		}
	}
	return a, nil
}

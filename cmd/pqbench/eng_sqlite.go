package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// sqliteEngine is SQLite FTS5 through modernc.org/sqlite: an fts5 table
// with the porter tokenizer holding the text, bm25() ranking, snippet() for
// the top hits only, and the match set joined once to a metadata table
// (outlet, score, year) into a temporary table that the top hits and the
// facets' GROUP BYs read.
type sqliteEngine struct{}

func sqlitePath(dir string) string { return filepath.Join(dir, "fts.db") }

func (sqliteEngine) build(ctx context.Context, corpusPath, dir string) (int, error) {
	db, err := sql.Open("sqlite", sqlitePath(dir))
	if err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{
		`PRAGMA journal_mode=OFF`, `PRAGMA synchronous=OFF`, `PRAGMA cache_size=-262144`,
		`CREATE TABLE para(id INTEGER PRIMARY KEY, pid TEXT NOT NULL, outlet TEXT, score REAL, year INTEGER)`,
		`CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='porter')`,
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("sqlite: %s: %w", s, err)
		}
	}
	var (
		tx         *sql.Tx
		insP, insT *sql.Stmt
		n          int
	)
	begin := func() error {
		var err error
		if tx, err = db.BeginTx(ctx, nil); err != nil {
			return err
		}
		if insP, err = tx.PrepareContext(ctx, `INSERT INTO para(id, pid, outlet, score, year) VALUES (?, ?, ?, ?, ?)`); err != nil {
			return err
		}
		insT, err = tx.PrepareContext(ctx, `INSERT INTO fts(rowid, text) VALUES (?, ?)`)
		return err
	}
	if err := begin(); err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	err = readParas(ctx, corpusPath, func(p para) error {
		n++
		var year any
		if p.Year != 0 {
			year = p.Year
		}
		var outlet any
		if p.Outlet != "" {
			outlet = p.Outlet
		}
		if _, err := insP.ExecContext(ctx, n, p.ID, outlet, p.Score, year); err != nil {
			return err
		}
		if _, err := insT.ExecContext(ctx, n, p.Text); err != nil {
			return err
		}
		if n%10000 == 0 {
			if err := tx.Commit(); err != nil {
				return err
			}
			return begin()
		}
		return nil
	})
	if err != nil {
		tx.Rollback()
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("sqlite: %w", err)
	}
	for _, s := range []string{
		`CREATE INDEX para_outlet ON para(outlet)`, `CREATE INDEX para_score ON para(score)`, `CREATE INDEX para_year ON para(year)`,
		`INSERT INTO fts(fts) VALUES('optimize')`, `ANALYZE`,
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("sqlite: %s: %w", s, err)
		}
	}
	return n, nil
}

type sqliteQuerier struct{ db *sql.DB }

func openSQLite(dir string) (querier, error) {
	db, err := sql.Open("sqlite", "file:"+sqlitePath(dir)+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`PRAGMA cache_size=-262144`); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return &sqliteQuerier{db: db}, nil
}

func (s *sqliteQuerier) close() error { return s.db.Close() }

// ftsMatch is the FTS5 query: every word (implicit AND), or one phrase.
func ftsMatch(q query) string {
	if q.phrase() {
		return `"` + strings.Join(q.Words, " ") + `"`
	}
	parts := make([]string, len(q.Words))
	for i, w := range q.Words {
		parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return strings.Join(parts, " ")
}

const sqlBand = `CASE WHEN score IS NULL THEN 4 WHEN score >= 80 THEN 0 WHEN score >= 60 THEN 1 WHEN score >= 40 THEN 2 ELSE 3 END`

// query runs the match once, as an SQLite expert would for a faceted
// search: the matching rows' rank and facet columns go into a temporary
// table, which the top 10 and every facet then read, instead of MATCH
// running again for each.
func (s *sqliteQuerier) query(ctx context.Context, q query) (answer, error) {
	var a answer
	m := ftsMatch(q)
	for _, stmt := range []string{`DROP TABLE IF EXISTS temp.m`,
		`CREATE TEMP TABLE m AS SELECT fts.rowid AS id, fts.rank AS rank, p.outlet AS outlet, p.score AS score, p.year AS year FROM fts JOIN para p ON p.id = fts.rowid WHERE fts MATCH ?`} {
		var args []any
		if strings.Contains(stmt, "?") {
			args = []any{m}
		}
		if _, err := s.db.ExecContext(ctx, stmt, args...); err != nil {
			return a, fmt.Errorf("sqlite match: %w", err)
		}
	}
	// Filters on the match set, each facet leaving out its own.
	outletF, scoreF := "", ""
	var outletA, scoreA []any
	if q.filtered() {
		outletF, outletA = ` AND outlet = ?`, []any{q.Outlet}
		scoreF, scoreA = ` AND score >= ?`, []any{q.MinScore}
	}
	args := func(extra ...[]any) []any {
		var out []any
		for _, e := range extra {
			out = append(out, e...)
		}
		return out
	}
	from := ` FROM m WHERE 1`
	top := `SELECT id` + from + outletF + scoreF + ` ORDER BY rank LIMIT 10`
	rows, err := s.db.QueryContext(ctx, top, args(outletA, scoreA)...)
	if err != nil {
		return a, fmt.Errorf("sqlite top: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return a, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	a.Hits = len(ids)
	if len(ids) > 0 { // snippets for the top hits only
		rows, err := s.db.QueryContext(ctx, `SELECT snippet(fts, 0, '<mark>', '</mark>', '…', 24) FROM fts WHERE fts MATCH ? AND rowid IN (`+strings.Join(ids, ",")+`)`, m)
		if err != nil {
			return a, fmt.Errorf("sqlite snippet: %w", err)
		}
		for rows.Next() {
			var frag string
			if err := rows.Scan(&frag); err != nil {
				rows.Close()
				return a, err
			}
			if strings.Contains(frag, "<mark>") {
				a.Highlights++
			}
		}
		rows.Close()
	}
	// Years (all filters; their sum is the total), outlets (no outlet
	// filter), score bands (no score filter).
	facets := []struct {
		sql  string
		args []any
		n    *int
	}{
		{`SELECT year, count(*)` + from + outletF + scoreF + ` GROUP BY year`, args(outletA, scoreA), &a.Years},
		{`SELECT outlet, count(*) AS c` + from + scoreF + ` AND outlet IS NOT NULL GROUP BY outlet ORDER BY c DESC LIMIT 10`, args(scoreA), &a.Outlets},
		{`SELECT ` + sqlBand + ` AS b, count(*)` + from + outletF + ` GROUP BY b`, args(outletA), &a.Bands},
	}
	for i, f := range facets {
		err := groupCounts(ctx, s.db, f.sql, f.args, func(v any, c int) {
			if i == 0 {
				a.Total += c
				if v == nil {
					return
				}
			}
			*f.n++
		})
		if err != nil {
			return a, fmt.Errorf("sqlite facet: %w", err)
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

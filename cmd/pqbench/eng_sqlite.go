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
// the top hits only, and facets by GROUP BY over an indexed metadata table
// joined by rowid.
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

// match is the FTS5 query: every word (implicit AND), or one phrase.
func ftsMatch(q query) string {
	if q.Class == classPhrase {
		return `"` + strings.Join(q.Words, " ") + `"`
	}
	parts := make([]string, len(q.Words))
	for i, w := range q.Words {
		parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return strings.Join(parts, " ")
}

const sqlBand = `CASE WHEN p.score IS NULL THEN 4 WHEN p.score >= 80 THEN 0 WHEN p.score >= 60 THEN 1 WHEN p.score >= 40 THEN 2 ELSE 3 END`

func (s *sqliteQuerier) query(ctx context.Context, q query) (answer, error) {
	var a answer
	m := ftsMatch(q)
	// Filters as SQL on para p, each facet leaving out its own.
	outletF, scoreF := "", ""
	var outletA, scoreA []any
	if q.filtered() {
		outletF, outletA = ` AND p.outlet = ?`, []any{q.Outlet}
		scoreF, scoreA = ` AND p.score >= ?`, []any{q.MinScore}
	}
	args := func(extra ...[]any) []any {
		out := []any{m}
		for _, e := range extra {
			out = append(out, e...)
		}
		return out
	}
	from := ` FROM fts JOIN para p ON p.id = fts.rowid WHERE fts MATCH ?`
	top := `SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10`
	if q.filtered() {
		top = `SELECT fts.rowid` + from + outletF + scoreF + ` ORDER BY fts.rank LIMIT 10`
	}
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
		{`SELECT p.year, count(*)` + from + outletF + scoreF + ` GROUP BY p.year`, args(outletA, scoreA), &a.Years},
		{`SELECT p.outlet, count(*) AS c` + from + scoreF + ` AND p.outlet IS NOT NULL GROUP BY p.outlet ORDER BY c DESC LIMIT 10`, args(scoreA), &a.Outlets},
		{`SELECT ` + sqlBand + ` AS b, count(*)` + from + outletF + ` GROUP BY b`, args(outletA), &a.Bands},
	}
	for i, f := range facets {
		rows, err := s.db.QueryContext(ctx, f.sql, f.args...)
		if err != nil {
			return a, fmt.Errorf("sqlite facet: %w", err)
		}
		for rows.Next() {
			var v any
			var c int
			if err := rows.Scan(&v, &c); err != nil {
				rows.Close()
				return a, err
			}
			if i == 0 {
				a.Total += c
				if v == nil {
					continue
				}
			}
			*f.n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return a, err
		}
	}
	return a, nil
}

package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// postgresEngine is PostgreSQL full-text search: the 'english' Snowball
// configuration, a stored tsvector column with a GIN index, ts_rank_cd,
// ts_headline for the top hits only, and facets by GROUP BY over indexed
// columns. The server is started by the parent (see pgserver.go); conn is
// its connection string.
type postgresEngine struct{ conn string }

func (e postgresEngine) build(ctx context.Context, corpusPath, _ string) (int, error) {
	c, err := pgx.Connect(ctx, e.conn)
	if err != nil {
		return 0, fmt.Errorf("postgres: %w", err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, `DROP TABLE IF EXISTS para;
CREATE TABLE para(id integer PRIMARY KEY, pid text NOT NULL, outlet text, score real, year integer, body text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED)`); err != nil {
		return 0, fmt.Errorf("postgres: create table: %w", err)
	}
	// COPY fed by the corpus reader in a goroutine, which stops if COPY does.
	readCtx, stopRead := context.WithCancel(ctx)
	defer stopRead()
	rows := make(chan []any, 1024)
	readErr := make(chan error, 1)
	go func() {
		defer close(rows)
		n := 0
		readErr <- readParas(readCtx, corpusPath, func(p para) error {
			n++
			var outlet, year any
			if p.Outlet != "" {
				outlet = p.Outlet
			}
			if p.Year != 0 {
				year = int32(p.Year)
			}
			var score any
			if p.Score != nil {
				score = float32(*p.Score)
			}
			select {
			case rows <- []any{int32(n), p.ID, outlet, score, year, p.Text}:
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		})
	}()
	src := pgx.CopyFromFunc(func() ([]any, error) {
		r, ok := <-rows
		if !ok {
			return nil, nil
		}
		return r, nil
	})
	n, err := c.CopyFrom(ctx, pgx.Identifier{"para"}, []string{"id", "pid", "outlet", "score", "year", "body"}, src)
	stopRead()
	for range rows { // let the reader finish
	}
	rerr := <-readErr
	if err != nil {
		return 0, fmt.Errorf("postgres: copy: %w", err)
	}
	if rerr != nil {
		return 0, fmt.Errorf("postgres: %w", rerr)
	}
	for _, s := range []string{
		`CREATE INDEX para_tsv ON para USING gin(tsv)`,
		`CREATE INDEX para_outlet ON para(outlet)`, `CREATE INDEX para_score ON para(score)`, `CREATE INDEX para_year ON para(year)`,
		`VACUUM ANALYZE para`,
	} {
		if _, err := c.Exec(ctx, s); err != nil {
			return 0, fmt.Errorf("postgres: %s: %w", s, err)
		}
	}
	return int(n), nil
}

// postgresSize is the table's size with its indexes and TOAST.
func postgresSize(ctx context.Context, conn string) (int64, error) {
	c, err := pgx.Connect(ctx, conn)
	if err != nil {
		return 0, fmt.Errorf("postgres: %w", err)
	}
	defer c.Close(context.Background())
	var n int64
	if err := c.QueryRow(ctx, `SELECT pg_total_relation_size('para')`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres size: %w", err)
	}
	return n, nil
}

type postgresQuerier struct {
	c          *pgx.Conn
	postmaster int // the server's root process, for its CPU time
	// onePass names the classes answered in one pass over the match set
	// (queryOnePass) rather than a statement per facet.
	onePass map[string]bool
}

// pgOnePass is the plan an expert picks per class, measured at 100k
// paragraphs (mean ms, a statement per facet → one pass): one common word
// 92 → 48, a common real phrase 106 → 56, three words 2.6 → 1.5, a phrase
// 4.4 → 1.6, a quote 3.4 → 1.9, a real line 4.2 → 2.4, a typo 0.6 → 0.3;
// but words + outlet + score filter 10.8 → 18.6: the filtered statements
// are led by the selective outlet, while one pass ranks every match of the
// words first. So every class but the filtered one runs in one pass.
func pgOnePass() map[string]bool {
	m := map[string]bool{}
	for _, c := range classes {
		m[c] = c != classFiltered
	}
	return m
}

func openPostgres(ctx context.Context, conn string) (querier, error) {
	c, err := pgx.Connect(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	p := &postgresQuerier{c: c, onePass: pgOnePass()}
	var backend int
	if err := c.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err == nil {
		p.postmaster, _, _, _ = procStat(backend)
	}
	return p, nil
}

// serverCPU is the server's CPU time: the postmaster, its backends and
// parallel workers, live or reaped.
func (p *postgresQuerier) serverCPU() time.Duration {
	if p.postmaster <= 1 {
		return 0
	}
	return treeCPU(p.postmaster)
}

func (p *postgresQuerier) close() error { return p.c.Close(context.Background()) }

func (p *postgresQuerier) query(ctx context.Context, q query) (answer, error) {
	if p.onePass[q.Class] {
		return p.queryOnePass(ctx, q)
	}
	var a answer
	fn := "plainto_tsquery"
	if q.phrase() {
		fn = "phraseto_tsquery"
	}
	from := ` FROM para, ` + fn + `('english', $1) q WHERE tsv @@ q`
	text := strings.Join(q.Words, " ")
	outletF, scoreF, bothF := "", "", ""
	args1 := []any{text}
	outletA, scoreA, bothA := args1, args1, args1
	if q.filtered() {
		outletF, outletA = ` AND outlet = $2`, []any{text, q.Outlet}
		scoreF, scoreA = ` AND score >= $2`, []any{text, q.MinScore}
		bothF, bothA = ` AND outlet = $2 AND score >= $3`, []any{text, q.Outlet, q.MinScore}
	}
	rows, err := p.c.Query(ctx, `SELECT id`+from+bothF+` ORDER BY ts_rank_cd(tsv, q) DESC LIMIT 10`, bothA...)
	if err != nil {
		return a, fmt.Errorf("postgres top: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return a, fmt.Errorf("postgres top: %w", err)
	}
	a.Hits = len(ids)
	if a.Highlights, err = p.headlines(ctx, fn, text, ids); err != nil {
		return a, err
	}
	facets := []struct {
		sql   string
		args  []any
		n     *int
		total bool
	}{
		{`SELECT year, count(*)` + from + bothF + ` GROUP BY year`, bothA, &a.Years, true},
		{`SELECT outlet, count(*) AS c` + from + scoreF + ` AND outlet IS NOT NULL GROUP BY outlet ORDER BY c DESC LIMIT 10`, scoreA, &a.Outlets, false},
		{`SELECT ` + sqlBand("score") + ` AS b, count(*)` + from + outletF + ` GROUP BY b`, outletA, &a.Bands, false},
	}
	for _, f := range facets {
		rows, err := p.c.Query(ctx, f.sql, f.args...)
		if err != nil {
			return a, fmt.Errorf("postgres facet: %w", err)
		}
		for rows.Next() {
			var v any
			var c int64
			if err := rows.Scan(&v, &c); err != nil {
				rows.Close()
				return a, err
			}
			if f.total {
				a.Total += int(c)
				if v == nil {
					continue
				}
			}
			*f.n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return a, fmt.Errorf("postgres facet: %w", err)
		}
	}
	return a, nil
}

// queryOnePass is the other plan: the match set (id, rank and the facet
// columns) in a MATERIALIZED CTE, which the top 10 and the three facets
// read, in one statement; then the headlines of the top 10.
func (p *postgresQuerier) queryOnePass(ctx context.Context, q query) (answer, error) {
	var a answer
	fn := "plainto_tsquery"
	if q.phrase() {
		fn = "phraseto_tsquery"
	}
	args := []any{strings.Join(q.Words, " ")}
	outletF, scoreF := "", ""
	if q.filtered() {
		outletF, scoreF = ` AND outlet = $2`, ` AND score >= $3`
		args = append(args, q.Outlet, q.MinScore)
	}
	stmt := `WITH m AS MATERIALIZED (SELECT id, ts_rank_cd(tsv, q) AS r, outlet, score, year FROM para, ` + fn + `('english', $1) q WHERE tsv @@ q)
(SELECT 'top' AS k, id::text AS v, 0::bigint AS c FROM m WHERE true` + outletF + scoreF + ` ORDER BY r DESC LIMIT 10)
UNION ALL (SELECT 'year', year::text, count(*) FROM m WHERE true` + outletF + scoreF + ` GROUP BY year)
UNION ALL (SELECT 'outlet', outlet, count(*) AS c FROM m WHERE outlet IS NOT NULL` + scoreF + ` GROUP BY outlet ORDER BY c DESC LIMIT 10)
UNION ALL (SELECT 'band', b::text, count(*) FROM (SELECT ` + sqlBand("score") + ` AS b FROM m WHERE true` + outletF + `) x GROUP BY b)`
	rows, err := p.c.Query(ctx, stmt, args...)
	if err != nil {
		return a, fmt.Errorf("postgres: %w", err)
	}
	var ids []int32
	for rows.Next() {
		var k string
		var v *string
		var c int64
		if err := rows.Scan(&k, &v, &c); err != nil {
			rows.Close()
			return a, err
		}
		switch k {
		case "top":
			id, _ := strconv.ParseInt(*v, 10, 32)
			ids = append(ids, int32(id))
		case "year":
			a.Total += int(c)
			if v != nil {
				a.Years++
			}
		case "outlet":
			a.Outlets++
		case "band":
			a.Bands++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("postgres: %w", err)
	}
	a.Hits = len(ids)
	a.Highlights, err = p.headlines(ctx, fn, args[0].(string), ids)
	return a, err
}

// headlines makes the headlines of the top hits only, and counts those
// with a highlighted word.
func (p *postgresQuerier) headlines(ctx context.Context, fn, text string, ids []int32) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	rows, err := p.c.Query(ctx, `SELECT ts_headline('english', body, q, 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15')
FROM para, `+fn+`('english', $1) q WHERE id = ANY($2)`, text, ids)
	if err != nil {
		return 0, fmt.Errorf("postgres headline: %w", err)
	}
	frags, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("postgres headline: %w", err)
	}
	n := 0
	for _, f := range frags {
		if strings.Contains(f, "<mark>") {
			n++
		}
	}
	return n, nil
}

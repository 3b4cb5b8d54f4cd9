package manticore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// filmGroups bounds the groups of the films' GROUP BY queries (films ×
// sites × kinds, films × scores, films × days): searchd sets aside room
// for max_matches groups on every agent. Films fails, saying so, rather
// than count fewer.
const filmGroups = 100_000

// filmsTTL is how long Films keeps its answer: the film pages and the
// film cards ask for it on every request, and counting every review of
// the cluster takes a while.
const filmsTTL = 30 * time.Second

// filmsRetry is how long Films keeps the news that a shard did not
// answer: a search page asks for the films twice (its hits' links, its
// film card) and concurrent film pages wait for one another, so each
// would otherwise wait out the agent timeout again.
const filmsRetry = time.Second

// Films returns what the cluster holds of every film (search.FilmLister):
// the aggregates in the films index of the node queried, and the counts
// of reviews (their first paragraphs) and paragraphs, grouped by film and
// site and kind, score, day. While a shard does not answer, it returns
// the last whole count, or fails naming the shard with an error that
// wraps search.ErrUnavailable: counts without it would be wrong, and film
// pages have no way to say they are partial.
func (e *Engine) Films(ctx context.Context) ([]search.FilmCounts, error) {
	e.filmsMu.Lock()
	defer e.filmsMu.Unlock()
	if e.films != nil && time.Since(e.filmsAt) < filmsTTL {
		return e.films, nil
	}
	if e.filmsErr != nil && time.Since(e.filmsErrAt) < filmsRetry {
		return e.lastFilms(e.filmsErr)
	}
	// searchd asks the agents once for each WHERE of a batch, so a shard
	// that does not answer would cost the counts below one agent timeout
	// each: a cheap lookup over every shard first finds it in one.
	probe := &statement{
		sql:  "SELECT id FROM " + e.addr.Index + " WHERE id = 1 LIMIT 0, 1",
		scan: func(*sql.Rows) error { return nil },
	}
	missing, err := e.runAll(ctx, []*statement{probe}, func() {})
	if err != nil {
		return nil, fmt.Errorf("%s: films: %w", e.addr, err)
	}
	if len(missing) > 0 {
		e.filmsErr, e.filmsErrAt = e.unavailable("films", missing), time.Now()
		return e.lastFilms(e.filmsErr)
	}
	films := search.FilmTally{}
	group := func(sel, where, by string, scan func(*sql.Rows) error) *statement {
		return &statement{
			sql: "SELECT " + sel + ", COUNT(*) AS c FROM " + e.addr.Index + where + " GROUP BY " + by +
				fmt.Sprintf(" LIMIT 0, %d OPTION max_matches=%d", filmGroups, filmGroups),
			scan: scan,
		}
	}
	sts := []*statement{
		group("work", "", "work", func(rows *sql.Rows) error {
			var w string
			var n int
			err := rows.Scan(&w, &n)
			films.Film(w).Paragraphs = n
			return err
		}),
		group("work, site, kind", " WHERE first = 1", "work, site, kind", func(rows *sql.Rows) error {
			var w, site, kind string
			var n int
			err := rows.Scan(&w, &site, &kind, &n)
			f := films.Film(w)
			f.Reviews += n
			f.Sites = append(f.Sites, search.SiteKindCount{Site: site, Kind: kind, Reviews: n})
			return err
		}),
		group("work, score_bits", " WHERE first = 1 AND has_score = 1", "work, score_bits", func(rows *sql.Rows) error {
			var w string
			var bits int64
			var n int
			err := rows.Scan(&w, &bits, &n)
			f := films.Film(w)
			f.Scores = append(f.Scores, search.ScoreCount{Score: math.Float64frombits(uint64(bits)), Reviews: n})
			return err
		}),
		group("work, date", " WHERE first = 1 AND date > 0", "work, date", func(rows *sql.Rows) error {
			var w string
			var day int64
			var n int
			err := rows.Scan(&w, &day, &n)
			f := films.Film(w)
			f.Days = append(f.Days, search.DayCount{Day: time.Unix(day, 0).UTC(), Reviews: n})
			return err
		}),
	}
	stated := &statement{
		sql: fmt.Sprintf("SELECT record FROM %s LIMIT 0, %d OPTION max_matches=%d", Films, filmGroups, filmGroups),
		scan: func(rows *sql.Rows) error {
			var rec string
			if err := rows.Scan(&rec); err != nil {
				return err
			}
			var a corpus.Aggregate
			if err := json.Unmarshal([]byte(rec), &a); err != nil {
				return fmt.Errorf("aggregate record: %w", err)
			}
			f := films.Film(a.Work)
			f.Stated = append(f.Stated, a)
			return nil
		},
	}
	missing, err = e.runAll(ctx, append(sts, stated), func() { clear(films) })
	if err != nil {
		return nil, fmt.Errorf("%s: films: %w", e.addr, err)
	}
	if len(missing) > 0 {
		e.filmsErr, e.filmsErrAt = e.unavailable("films", missing), time.Now()
		return e.lastFilms(e.filmsErr)
	}
	for _, st := range append(sts, stated) {
		if st.total > filmGroups {
			return nil, fmt.Errorf("%s: films: %d groups, more than the %d counted", e.addr, st.total, filmGroups)
		}
	}
	out := films.Films()
	e.films, e.filmsAt, e.filmsErr = out, time.Now(), nil
	return out, nil
}

// lastFilms is Films' answer while a shard does not answer (err): the
// last whole count, until the shard is back, or err when there is none.
func (e *Engine) lastFilms(err error) ([]search.FilmCounts, error) {
	if e.films != nil {
		return e.films, nil
	}
	return nil, err
}

package manticore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pullquote/pullquote/engine"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Engine is a cluster's distributed index as an engine.Engine: a
// Retrieval becomes one SphinxQL SELECT for the page and one GROUP BY per
// facet, sent to one node in one batch. searcher.New(engine) is
// pullquote's search over it.
//
// Sphinx and Manticore leave out an agent that does not answer, with a
// warning. Engine reads the warnings after every query: when a shard
// has mirrors it asks again (a mirror that failed is then avoided), and
// when no replica of a shard answers, the answer names it in
// Retrieved.Missing rather than coming back silently short.
type Engine struct {
	addr  Address
	nodes []*sql.DB
	// down is when each node last failed to answer (zero: it answered),
	// so that it is asked after the others for a while (nodes.go).
	healthMu sync.Mutex
	down     []time.Time
	// shards maps each agent address of the distributed index to its
	// shard's name, names lists every shard's name (its own local one
	// too), and tries is how many times a query is asked for a complete
	// answer (runAll).
	shards map[string]string
	names  []string
	tries  int

	// avgLen is the mean length of a paragraph in tokens, for BM25,
	// asked again after avgLenTTL.
	lenMu    sync.Mutex
	avgLen   float64
	avgLenAt time.Time
	// films is Films' answer, kept for filmsTTL; filmsErr is why the
	// last count failed when a shard did not answer, kept for filmsRetry.
	filmsMu    sync.Mutex
	films      []search.FilmCounts
	filmsAt    time.Time
	filmsErr   error
	filmsErrAt time.Time
}

// avgLenTTL is how long Engine keeps the mean paragraph length.
const avgLenTTL = time.Minute

// versionPeriod is how long one Version lasts: a cluster keeps no version
// of its contents, so the answer cache in front of the engine keeps an
// answer at most this long (a write shows within it).
const versionPeriod = 10 * time.Second

// Version names the current period of versionPeriod (cache.Versioned):
// answers are cached within it and dropped when the next begins.
func (e *Engine) Version() string {
	return e.addr.String() + "@" + strconv.FormatInt(time.Now().UnixNano()/int64(versionPeriod), 10)
}

var _ engine.Engine = (*Engine)(nil)

// OpenEngine connects to the cluster at addr and reads its layout (the
// agents of the distributed index) from every node that answers: each
// names the other shards' agents, so that a shard missing from an answer
// through any of them is named.
func OpenEngine(ctx context.Context, addr Address) (*Engine, error) {
	e := &Engine{addr: addr, shards: map[string]string{}, tries: 1, down: make([]time.Time, len(addr.Nodes))}
	for _, n := range addr.Nodes {
		db, err := sql.Open("mysql", "tcp("+n+")/?interpolateParams=true&multiStatements=true&timeout="+nodeTimeout.String())
		if err != nil {
			e.Close()
			return nil, fmt.Errorf("%s: connect to %s: %w", addr, n, err)
		}
		db.SetMaxIdleConns(maxIdle)
		e.nodes = append(e.nodes, db)
	}
	var errs []error
	for i := range e.nodes {
		err := e.tryNode(ctx, i, e.readLayout)
		if err == nil {
			continue
		}
		if !unreachable(err) || ctx.Err() != nil {
			e.Close()
			return nil, fmt.Errorf("%s: read the layout of index %s on %s: %w", addr, addr.Index, addr.Nodes[i], err)
		}
		e.mark(i, err)
		errs = append(errs, fmt.Errorf("node %s: %w", addr.Nodes[i], err))
	}
	if len(errs) == len(e.nodes) {
		e.Close()
		return nil, fmt.Errorf("%s: read the layout of index %s: %w: no node answered: %w", addr, addr.Index, search.ErrUnavailable, errors.Join(errs...))
	}
	return e, nil
}

// readLayout reads one node's layout of the distributed index (DESCRIBE):
// its local shard, and each other shard's agents.
func (e *Engine) readLayout(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, "DESCRIBE "+e.addr.Index)
	if err != nil {
		return err
	}
	defer rows.Close()
	replicas := map[string]int{}
	name := func(shard string) {
		if !slices.Contains(e.names, shard) {
			e.names = append(e.names, shard)
		}
	}
	for rows.Next() {
		var agent, typ string
		if err := rows.Scan(&agent, &typ); err != nil {
			return err
		}
		if typ == "local" {
			name(agent)
			continue
		}
		// "127.0.0.1:9309:shard1": the agent's address, then its index.
		k := strings.LastIndexByte(agent, ':')
		if k < 0 {
			continue
		}
		e.shards[agent[:k]] = agent[k+1:]
		replicas[agent[k+1:]]++
		name(agent[k+1:])
	}
	for _, n := range replicas {
		if n > 1 {
			// A mirror is picked at random, and one that failed is
			// left out soon after (ha_strategy = nodeads): a few more
			// asks than mirrors make missing it again unlikely.
			e.tries = max(e.tries, 2*n+1)
		}
	}
	return rows.Err()
}

// Close closes the connections.
func (e *Engine) Close() error {
	var errs []error
	for _, db := range e.nodes {
		errs = append(errs, db.Close())
	}
	return errors.Join(errs...)
}

// agentWarning finds the agent address in a warning such as "agent
// 127.0.0.1:9309: connect() failed" or "index pullquote: agent
// 127.0.0.1:9309: query timed out".
var agentWarning = regexp.MustCompile(`agent ([^\s:]+:\d+)`)

// statement is one SELECT and what it found.
type statement struct {
	sql  string
	args []any
	// scan reads one row.
	scan func(*sql.Rows) error
	// total is total_found.
	total uint64
}

// run sends the statements to one node in one batch (one round trip),
// each followed by SHOW META, whose total_found it keeps and whose
// warnings (an agent that did not answer) name the shards it returns.
func (e *Engine) run(ctx context.Context, q querier, sts []*statement) ([]string, error) {
	var batch []string
	var args []any
	for _, st := range sts {
		batch, args = append(batch, st.sql, "SHOW META"), append(args, st.args...)
	}
	rows, err := q.QueryContext(ctx, strings.Join(batch, "; "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	next := func() error {
		if !rows.NextResultSet() {
			if err := rows.Err(); err != nil {
				return err
			}
			return errors.New("searchd answered fewer result sets than asked")
		}
		return nil
	}
	var missing []string
	for i, st := range sts {
		if i > 0 {
			if err := next(); err != nil {
				return nil, err
			}
		}
		for rows.Next() {
			if err := st.scan(rows); err != nil {
				return nil, err
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if err := next(); err != nil {
			return nil, err
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return nil, err
			}
			switch k {
			case "total_found":
				st.total, _ = strconv.ParseUint(v, 10, 64)
			case "warning":
				for _, m := range agentWarning.FindAllStringSubmatch(v, -1) {
					name := e.shards[m[1]]
					if name == "" {
						name = "agent " + m[1]
					}
					if !slices.Contains(missing, name) {
						missing = append(missing, name)
					}
				}
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return missing, nil
}

// runAll runs the statements on the first node that answers, asking
// again, a little later each time, while a shard with mirrors is missing
// from the answer (up to e.tries times). reset forgets what the scans of
// a try read.
func (e *Engine) runAll(ctx context.Context, sts []*statement, reset func()) ([]string, error) {
	var missing []string
	for try := 0; try < e.tries; try++ {
		if try > 0 {
			reset()
			select {
			case <-time.After(time.Duration(try) * 20 * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		err := e.onNode(ctx, func(ctx context.Context, q querier) (err error) {
			missing, err = e.run(ctx, q, sts)
			return err
		})
		if err != nil {
			return nil, err
		}
		if len(missing) == 0 {
			break
		}
	}
	slices.Sort(missing)
	return missing, nil
}

// Retrieve runs r: its page by one SELECT (ranked by BM25, or sorted by a
// field) and each facet by a GROUP BY.
func (e *Engine) Retrieve(ctx context.Context, r *engine.Retrieval) (*engine.Retrieved, error) {
	if len(r.Need) == 0 && len(r.Not) > 0 {
		return nil, &search.InvalidError{Param: "q", Reason: "words to leave out need a word to search for on this backend (Sphinx cannot run a query of exclusions alone)"}
	}
	sel, where, args := filterExprs(matchExpr(r), r.Filter)
	out := &engine.Retrieved{Facets: map[engine.Facet]engine.FacetCounts{}}
	var sts []*statement
	var page *statement
	if r.Size > 0 {
		rank := ranking(r, e.meanLength(ctx))
		page = &statement{
			sql: "SELECT id, WEIGHT() AS w, IF(date=0,1,0) AS nodate, paragraph_id, paragraph, body, review" + sel + " FROM " + e.addr.Index +
				where + " ORDER BY " + orderBy(r.Sort) + fmt.Sprintf(" LIMIT %d, %d OPTION %s, max_matches=%d", r.From, r.Size, rank, max(1000, r.From+r.Size)),
			args: args,
			scan: func(rows *sql.Rows) error {
				var id uint64
				var w float64
				var nodate, paragraph, pass int
				var pid, body, record string
				dest := []any{&id, &w, &nodate, &pid, &paragraph, &body, &record}
				if sel != "" {
					dest = append(dest, &pass)
				}
				if err := rows.Scan(dest...); err != nil {
					return err
				}
				var rev corpus.Review
				if err := json.Unmarshal([]byte(record), &rev); err != nil {
					return fmt.Errorf("paragraph %s: review record: %w", pid, err)
				}
				h := search.HitOf(&rev, pid, paragraph, body)
				h.Relevance = w
				out.Hits = append(out.Hits, h)
				return nil
			},
		}
		sts = append(sts, page)
	}
	counts := make([]*engine.FacetCounts, len(r.Count))
	groups := make([]*statement, len(r.Count))
	for i, f := range r.Count {
		expr, by, missing := facetExpr(f)
		fc := &engine.FacetCounts{}
		counts[i] = fc
		most := facetValues
		if f == r.Whole {
			most = wholeFacetValues
		}
		groups[i] = &statement{
			sql: "SELECT " + expr + " AS v, COUNT(*) AS c" + sel + " FROM " + e.addr.Index + where +
				fmt.Sprintf(" GROUP BY %s ORDER BY c DESC LIMIT 0, %d OPTION max_matches=%d", by, most, most),
			args: args,
			scan: func(rows *sql.Rows) error {
				var v string
				var c, pass int
				dest := []any{&v, &c}
				if sel != "" {
					dest = append(dest, &pass)
				}
				if err := rows.Scan(dest...); err != nil {
					return err
				}
				if v == missing {
					fc.Missing += c
					return nil
				}
				fc.Values = append(fc.Values, engine.ValueCount{Value: facetValue(f, v), Count: c})
				return nil
			},
		}
		sts = append(sts, groups[i])
	}
	reset := func() {
		out.Hits = out.Hits[:0]
		for _, fc := range counts {
			*fc = engine.FacetCounts{}
		}
	}
	var err error
	if out.Missing, err = e.runAll(ctx, sts, reset); err != nil {
		return nil, fmt.Errorf("%s: %w", e.addr, err)
	}
	for i, f := range r.Count {
		fc := counts[i]
		// total_found of a GROUP BY counts its groups, the missing one too.
		listed := len(fc.Values)
		if fc.Missing > 0 {
			listed++
		}
		fc.Others = max(int(groups[i].total)-listed, 0)
		out.Facets[f] = *fc
	}
	switch {
	case page != nil:
		out.Total = page.total
	case len(counts) > 0:
		for _, v := range counts[0].Values {
			out.Total += uint64(v.Count)
		}
		out.Total += uint64(counts[0].Missing)
	}
	return out, nil
}

// ranking is how the engine scores a match, as Bleve does: Okapi BM25
// with k1 1.2 and b 0.75 over the field's length in tokens (text_len,
// from index_field_lengths). For one word, whose IDF is the same in every
// paragraph, the expression is Bleve's BM25 without it (the square root
// of the word's frequency, the mean length rounded up): Sphinx counts IDF
// per shard, and for a word in most paragraphs (near 0) the shards'
// differences would outweigh its frequency. For more words, bm25a with
// IDF log(N/n) not divided by the number of words, less bm25a's 0.5
// offset, scaled to the integer WEIGHT().
func ranking(r *engine.Retrieval, avgLen float64) string {
	if len(r.Need) == 1 && r.Need[0].Phrase == nil {
		return fmt.Sprintf("ranker=expr('1000000*sum(sqrt(hit_count)*1.2/(sqrt(hit_count)+1.2*(0.25+0.75*text_len/%.0f)))')", math.Ceil(avgLen))
	}
	return "ranker=expr('1000000000*(bm25a(1.2,0.75)-0.5)'), idf='plain,tfidf_unnormalized'"
}

// meanLength returns the mean length of a paragraph in tokens, asked of
// the cluster once a minute; 1 until it can be had.
func (e *Engine) meanLength(ctx context.Context) float64 {
	e.lenMu.Lock()
	defer e.lenMu.Unlock()
	if time.Since(e.avgLenAt) < avgLenTTL {
		return e.avgLen
	}
	var avg float64
	err := e.onNode(ctx, func(ctx context.Context, q querier) error {
		var v sql.NullFloat64
		err := q.QueryRowContext(ctx, "SELECT AVG(text_len) AS a FROM "+e.addr.Index).Scan(&v)
		avg = v.Float64
		return err
	})
	if err == nil && avg > 0 {
		e.avgLen, e.avgLenAt = avg, time.Now()
	}
	return max(e.avgLen, 1)
}

// orderBy is the ORDER BY of a sort: ties by relevance, then by document
// ID (Bleve's are by index order). Reviews without the field come last,
// as in Bleve.
func orderBy(s search.Sort) string {
	switch s {
	case search.SortNewest:
		return "date DESC, w DESC, id ASC"
	case search.SortOldest:
		return "nodate ASC, date ASC, w DESC, id ASC"
	case search.SortScore:
		return "has_score DESC, score DESC, w DESC, id ASC"
	case search.SortHelpful:
		return "helpful DESC, w DESC, id ASC"
	}
	return "w DESC, id ASC"
}

// facetValues bounds the values a facet's GROUP BY lists, and
// wholeFacetValues those of a facet listed whole: searchd sets aside room
// for max_matches groups on every agent (four facets over three shards
// took 1.5 ms at 1,000, 8 ms at 10,000). The others are counted in
// FacetCounts.Others; a selected value among them shows 0.
const (
	facetValues      = 1000
	wholeFacetValues = 10000
)

// noBand is the facet value of a paragraph without a score.
const noBand = "1000"

// facetExpr is a facet's value as selected, what its GROUP BY groups by
// (a string's 64-bit hash, written beside it: grouping by a string took
// three times as long as by a number), and its value for "no value".
func facetExpr(f engine.Facet) (expr, by, missing string) {
	switch f {
	case engine.FacetScore:
		return "IF(has_score=1, band, " + noBand + ")", "v", noBand
	case engine.FacetDate:
		return "month", "v", "0"
	case engine.FacetWork:
		return "work", "work_id", ""
	}
	return "outlet", "outlet_id", ""
}

// facetValue is a facet's value as engine.Facet names it: a month yyyymm
// as "yyyy-mm".
func facetValue(f engine.Facet, v string) string {
	if f == engine.FacetDate && len(v) == 6 {
		return v[:4] + "-" + v[4:]
	}
	return v
}

// filterExprs are a query's WHERE clause for match and filter f, and
// the select-list expression (", … AS pass") that the WHERE clause tests
// for a score range or no score, with their arguments in order. Sphinx
// 2.2's WHERE ANDs plain conditions only, so that OR is computed as one
// expression. No user text is ever in it, nor anywhere in the query but
// the MATCH argument: a distributed index forwards the select list to its
// agents as text, and they misread an escaped quote after a backslash
// ("x\\'"), so outlets, authors, kinds and films are filtered by the hashes
// written beside them (DocID), plain IN conditions sent as numbers.
func filterExprs(match string, f search.Filter) (sel, where string, args []any) {
	var alts, conds []string
	in := func(attr string, values []string) {
		if len(values) == 0 {
			return
		}
		ids := make([]string, len(values))
		for i, v := range values {
			ids[i] = strconv.FormatUint(DocID(v), 10)
		}
		conds = append(conds, attr+" IN ("+strings.Join(ids, ", ")+")")
	}
	in("outlet_id", f.Outlets)
	in("author_id", f.Authors)
	in("kind_id", f.Kinds)
	in("work_id", f.Works)
	if !f.Score.IsZero() || f.NoScore {
		var or []string
		if !f.Score.IsZero() {
			r := []string{"has_score = 1"}
			if f.Score.Min != nil {
				r = append(r, "score_bits >= "+strconv.FormatInt(scoreBits(*f.Score.Min), 10))
			}
			if f.Score.Max != nil {
				r = append(r, "score_bits <= "+strconv.FormatInt(scoreBits(*f.Score.Max), 10))
			}
			or = append(or, "("+strings.Join(r, " AND ")+")")
		}
		if f.NoScore {
			or = append(or, "has_score = 0")
		}
		alts = append(alts, "("+strings.Join(or, " OR ")+")")
	}
	if match != "" {
		conds, args = append([]string{"MATCH(?)"}, conds...), append(args, match)
	}
	if len(alts) > 0 {
		sel = ", IF(" + strings.Join(alts, " AND ") + ", 1, 0) AS pass"
		conds = append(conds, "pass = 1")
	}
	if d := f.Date; !d.IsZero() {
		conds = append(conds, "date > 0")
		if !d.From.IsZero() {
			conds = append(conds, fmt.Sprintf("date >= %d", max(d.From.Unix(), 0)))
		}
		if !d.To.IsZero() {
			conds = append(conds, fmt.Sprintf("date < %d", max(d.To.AddDate(0, 0, 1).Unix(), 0)))
		}
	}
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return sel, where, args
}

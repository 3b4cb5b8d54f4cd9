package manticore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"

	"github.com/pullquote/pullquote/corpus"
)

// Writer writes reviews into a cluster: each review's paragraphs into the
// shard a stable hash of its ID picks, on every replica of that shard.
type Writer struct {
	shards int
	// replicas holds, per shard, a connection to each node holding it.
	replicas [][]*sql.DB
	addrs    [][]string
}

// OpenWriter connects to every node (SphinxQL, through
// github.com/go-sql-driver/mysql; Sphinx 2.2 has no server-side prepared
// statements, so the driver escapes the arguments itself).
func OpenWriter(nodes []Node) (*Writer, error) {
	w := &Writer{}
	for _, n := range nodes {
		w.shards = max(w.shards, n.Shard+1)
	}
	w.replicas = make([][]*sql.DB, w.shards)
	w.addrs = make([][]string, w.shards)
	for _, n := range nodes {
		// A node that stops answering mid-write (cut off, not refusing)
		// fails the write after the timeouts rather than hanging it.
		db, err := sql.Open("mysql", "tcp("+n.SQL+")/?interpolateParams=true&timeout=5s&readTimeout=2m&writeTimeout=2m")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("connect to %s: %w", n.SQL, err)
		}
		w.replicas[n.Shard] = append(w.replicas[n.Shard], db)
		w.addrs[n.Shard] = append(w.addrs[n.Shard], n.SQL)
	}
	return w, nil
}

// Close closes the connections.
func (w *Writer) Close() error {
	var errs []error
	for _, dbs := range w.replicas {
		for _, db := range dbs {
			errs = append(errs, db.Close())
		}
	}
	return errors.Join(errs...)
}

// DocID is the 63-bit FNV-1a hash of s, never 0: a paragraph's document
// ID in the RT index (of its paragraph ID), an aggregate's, and the number
// written beside the work and the outlet for facets to group by.
func DocID(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()>>1 | 1
}

// Write replaces each review in the cluster: its old paragraphs are
// deleted and its paragraphs written, on every replica of its shard. Writing
// the same reviews again changes nothing. A node that does not answer
// fails the write, naming it; what was written before stays.
func (w *Writer) Write(ctx context.Context, reviews []corpus.Review) error {
	byShard := make([][]corpus.Review, w.shards)
	for _, r := range reviews {
		s := engine.ShardOf(r.ID, w.shards)
		byShard[s] = append(byShard[s], r)
	}
	for s, rs := range byShard {
		if len(rs) == 0 {
			continue
		}
		for k, db := range w.replicas[s] {
			if err := writeShard(ctx, db, ShardName(s), rs); err != nil {
				return fmt.Errorf("write %d reviews to %s on %s: %w", len(rs), ShardName(s), w.addrs[s][k], err)
			}
		}
	}
	return nil
}

// writeShard deletes the reviews' indexed paragraphs from one node's shard
// and writes their paragraphs, in one REPLACE statement.
func writeShard(ctx context.Context, db *sql.DB, shard string, rs []corpus.Review) error {
	return inTransaction(ctx, db, func(conn *sql.Conn) error { return replaceReviews(ctx, conn, shard, rs) })
}

// inTransaction runs fn's statements on one connection as one RT
// transaction: a write interrupted half way leaves the shard as it was.
func inTransaction(ctx context.Context, db *sql.DB, fn func(*sql.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	if err := fn(conn); err != nil {
		conn.ExecContext(context.Background(), "ROLLBACK")
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// replaceReviews deletes the reviews' indexed paragraphs and writes
// their paragraphs, in one REPLACE statement.
func replaceReviews(ctx context.Context, conn *sql.Conn, shard string, rs []corpus.Review) error {
	look := make(map[string]int, len(rs))
	for _, r := range rs {
		// A row of the review as written before, if any, among the first
		// paragraphs it has now and a few more (the first may be blank).
		look[r.ID] = len(r.Paragraphs) + 4
	}
	if _, err := deleteReviews(ctx, conn, shard, look); err != nil {
		return err
	}
	var b strings.Builder
	var args []any
	b.WriteString("REPLACE INTO " + shard + " (id, text, paragraph_id, review_id, paragraph, paragraphs, body, review, work, outlet, author, kind, site, work_id, outlet_id, author_id, kind_id, first, score, score_bits, has_score, band, date, year, month, helpful) VALUES ")
	rows := 0
	for i := range rs {
		r := &rs[i]
		rec := *r
		rec.Paragraphs, rec.Source = nil, ""
		record, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("review %s: %w", r.ID, err)
		}
		first := 1
		for j, p := range r.Paragraphs {
			if corpus.Blank(p) {
				continue
			}
			if rows > 0 {
				b.WriteString(", ")
			}
			rows++
			b.WriteString("(?" + strings.Repeat(", ?", 25) + ")")
			pid := corpus.ParagraphID(r.ID, j)
			var score float64
			var hasScore, band, year, month, helpful uint64
			if r.Score != nil {
				score, hasScore, band = r.Score.Value, 1, uint64(search.BandOf(r.Score.Value))
			}
			var date int64
			if !r.Date.IsZero() {
				date = r.Date.Unix()
				year, month = uint64(r.Date.Year()), uint64(r.Date.Year()*100+int(r.Date.Month()))
			}
			if r.Helpful != nil {
				helpful = uint64(r.Helpful.Yes)
			}
			args = append(args, DocID(pid), p, pid, r.ID, j, len(r.Paragraphs), p, string(record), r.Work, r.Outlet, r.Author, string(r.Kind), r.Site, int64(DocID(r.Work)), int64(DocID(r.Outlet)), int64(DocID(r.Author)), int64(DocID(string(r.Kind))), first,
				score, scoreBits(score), hasScore, band, date, year, month, helpful)
			first = 0
		}
	}
	if rows == 0 {
		return nil
	}
	_, err := conn.ExecContext(ctx, b.String(), args...)
	return err
}

// WriteAggregates writes the aggregates the corpus's pages stated
// (corpus.Report.Aggregates) into every node's films index, replacing
// those of the same work, site, kind and label.
func (w *Writer) WriteAggregates(ctx context.Context, aggs []corpus.Aggregate) error {
	if len(aggs) == 0 {
		return nil
	}
	var b strings.Builder
	args := make([]any, 0, 4*len(aggs))
	b.WriteString("REPLACE INTO " + Films + " (id, label, work, record) VALUES ")
	for i, a := range aggs {
		rec, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("aggregate of %s: %w", a.Work, err)
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?)")
		key := strings.Join([]string{a.Work, a.Site, string(a.Kind), a.Label}, "\x00")
		args = append(args, DocID(key), a.Label, a.Work, string(rec))
	}
	for s, dbs := range w.replicas {
		for k, db := range dbs {
			if _, err := db.ExecContext(ctx, b.String(), args...); err != nil {
				return fmt.Errorf("write %d aggregates on %s: %w", len(aggs), w.addrs[s][k], err)
			}
		}
	}
	return nil
}

// scoreBits is a score (0–100) as its float64 bits, which order as the
// scores do for numbers of one sign: Sphinx's float attributes have 32
// bits, and a range bound like "below 40" (the float64 just under 40)
// must not round onto 40.
func scoreBits(v float64) int64 { return int64(math.Float64bits(v)) }

// paragraphDocIDs are the document IDs of a review's paragraphs from
// from to to (not included), in decimal for an IN list.
func paragraphDocIDs(reviewID string, from, to int) []string {
	ids := make([]string, 0, max(to-from, 0))
	for j := from; j < to; j++ {
		ids = append(ids, strconv.FormatUint(DocID(corpus.ParagraphID(reviewID, j)), 10))
	}
	return ids
}

// lookAhead is how many of a review's first paragraphs are looked among
// for a row of it, by document ID, when its length is not known (Delete,
// Engine.Review): one is enough, each says how many there are.
const lookAhead = 64

// Delete removes reviews and all their paragraphs from every replica, and
// returns how many of the IDs were found (on the first replica of their
// shard).
func (w *Writer) Delete(ctx context.Context, reviewIDs ...string) (int, error) {
	byShard := make([]map[string]int, w.shards)
	for _, id := range reviewIDs {
		s := engine.ShardOf(id, w.shards)
		if byShard[s] == nil {
			byShard[s] = map[string]int{}
		}
		byShard[s][id] = lookAhead
	}
	found := 0
	for s, ids := range byShard {
		if ids == nil {
			continue
		}
		for k, db := range w.replicas[s] {
			var n int
			err := inTransaction(ctx, db, func(conn *sql.Conn) (err error) {
				n, err = deleteReviews(ctx, conn, ShardName(s), ids)
				return err
			})
			if err != nil {
				return found, fmt.Errorf("delete from %s on %s: %w", ShardName(s), w.addrs[s][k], err)
			}
			if k == 0 {
				found += n
			}
		}
	}
	return found, nil
}

// deleteReviews deletes the indexed paragraphs of reviews from one
// node's shard and returns how many of the reviews had any. Sphinx 2.2
// deletes by document ID only, and a filter on review_id would scan the
// whole shard, so that a load's every batch would cost as much as the
// shard holds: a review's paragraphs are found by their document IDs
// instead (the DocID of each paragraph ID), the first look[id] of them,
// each row saying how many paragraphs its review has (paragraphs), so
// that every one goes.
func deleteReviews(ctx context.Context, conn *sql.Conn, shard string, look map[string]int) (int, error) {
	var probe []string
	for id, n := range look {
		probe = append(probe, paragraphDocIDs(id, 0, n)...)
	}
	if len(probe) == 0 {
		return 0, nil
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf("SELECT review_id, paragraphs FROM %s WHERE id IN (%s) LIMIT 0, %d OPTION max_matches=%d",
		shard, strings.Join(probe, ","), len(probe), max(1000, len(probe))))
	if err != nil {
		return 0, err
	}
	has := map[string]int{} // review → its paragraphs, by a row of it
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return 0, err
		}
		if _, ok := look[id]; ok { // not another paragraph whose ID hashed alike
			has[id] = max(has[id], n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var del []string
	for id, n := range has {
		del = append(del, paragraphDocIDs(id, 0, n)...)
	}
	if len(del) == 0 {
		return 0, nil
	}
	_, err = conn.ExecContext(ctx, "DELETE FROM "+shard+" WHERE id IN ("+strings.Join(del, ",")+")")
	return len(has), err
}

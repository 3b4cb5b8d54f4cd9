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

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
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

// ShardOf is the shard a review's paragraphs live in, of n.
func ShardOf(reviewID string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(reviewID))
	return int(h.Sum32() % uint32(n))
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
		s := ShardOf(r.ID, w.shards)
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
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	if _, err := deleteReviews(ctx, conn, shard, ids); err != nil {
		return err
	}
	var b strings.Builder
	var args []any
	b.WriteString("REPLACE INTO " + shard + " (id, text, paragraph_id, review_id, paragraph, body, review, work, outlet, author, kind, site, work_id, outlet_id, first, score, score_bits, has_score, band, date, year, month, helpful) VALUES ")
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
			if strings.TrimSpace(p) == "" {
				continue
			}
			if rows > 0 {
				b.WriteString(", ")
			}
			rows++
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			pid := index.ParagraphID(r.ID, j)
			var score float64
			var hasScore, band, year, month, helpful uint64
			if r.Score != nil {
				score, hasScore, band = r.Score.Value, 1, uint64(index.ScoreBand(r.Score.Value))
			}
			var date int64
			if !r.Date.IsZero() {
				date = r.Date.Unix()
				year, month = uint64(r.Date.Year()), uint64(r.Date.Year()*100+int(r.Date.Month()))
			}
			if r.Helpful != nil {
				helpful = uint64(r.Helpful.Yes)
			}
			args = append(args, DocID(pid), p, pid, r.ID, j, p, string(record), r.Work, r.Outlet, r.Author, string(r.Kind), r.Site, int64(DocID(r.Work)), int64(DocID(r.Outlet)), first,
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

// Delete removes reviews and all their paragraphs from every replica, and
// returns how many of the IDs were found (on the first replica of their
// shard).
func (w *Writer) Delete(ctx context.Context, reviewIDs ...string) (int, error) {
	byShard := make([][]string, w.shards)
	for _, id := range reviewIDs {
		s := ShardOf(id, w.shards)
		byShard[s] = append(byShard[s], id)
	}
	found := 0
	for s, ids := range byShard {
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

// deleteReviews deletes the paragraphs of reviews from one node's shard and
// returns how many of the reviews had any.
func deleteReviews(ctx context.Context, db *sql.Conn, shard string, reviewIDs []string) (int, error) {
	if len(reviewIDs) == 0 {
		return 0, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(reviewIDs)), ", ")
	args := make([]any, len(reviewIDs))
	for i, id := range reviewIDs {
		args[i] = id
	}
	// Sphinx 2.2 deletes by document ID only: find the paragraphs first.
	rows, err := db.QueryContext(ctx, "SELECT id, review_id FROM "+shard+" WHERE review_id IN ("+marks+") LIMIT 100000 OPTION max_matches=100000", args...)
	if err != nil {
		return 0, err
	}
	var ids []string
	reviews := map[string]bool{}
	for rows.Next() {
		var id uint64
		var rid string
		if err := rows.Scan(&id, &rid); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, strconv.FormatUint(id, 10))
		reviews[rid] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	_, err = db.ExecContext(ctx, "DELETE FROM "+shard+" WHERE id IN ("+strings.Join(ids, ",")+")")
	return len(reviews), err
}

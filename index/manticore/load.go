package manticore

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
)

// Discover finds the nodes of the cluster at addr and the shard each one
// holds: the local index its distributed index lists (DESCRIBE), named
// shardN. So a writer needs only the nodes' addresses, and every node must
// be given: a shard no node holds is an error.
func Discover(ctx context.Context, addr Address) ([]Node, error) {
	var nodes []Node
	replicas := map[int]int{}
	most := -1
	for _, a := range addr.Nodes {
		db, err := sql.Open("mysql", "tcp("+a+")/?timeout=5s")
		if err != nil {
			return nil, fmt.Errorf("%s: node %s: %w", addr, a, err)
		}
		shard, err := localShard(ctx, db, addr.Index)
		db.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: node %s: %w", addr, a, err)
		}
		nodes = append(nodes, Node{SQL: a, Shard: shard, Replica: replicas[shard]})
		replicas[shard]++
		most = max(most, shard)
	}
	for s := 0; s <= most; s++ {
		if replicas[s] == 0 {
			return nil, fmt.Errorf("%s: no node given holds %s: list every node of the cluster to write to it", addr, ShardName(s))
		}
	}
	return nodes, nil
}

// localShard is the shard number of the local index of a node's
// distributed index.
func localShard(ctx context.Context, db *sql.DB, dist string) (int, error) {
	rows, err := db.QueryContext(ctx, "DESCRIBE "+dist)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return 0, err
		}
		if typ != "local" {
			continue
		}
		n, ok := strings.CutPrefix(name, "shard")
		if k, err := strconv.Atoi(n); ok && err == nil && k >= 0 {
			return k, rows.Err()
		}
		return 0, fmt.Errorf("index %s: local index %q is not named shardN (pullquote manticore config writes them)", dist, name)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("index %s has no local shard", dist)
}

// LoadStats counts what Load wrote.
type LoadStats struct {
	Reviews, Paragraphs int
	// Duplicates are the reviews skipped because their ID came earlier in
	// the input.
	Duplicates int
	Elapsed    time.Duration
}

// progressEvery is how often Load reports its progress.
const progressEvery = 2 * time.Second

// Load writes every review src yields, about batch paragraphs at a time
// (each shard's part of a batch in one transaction per replica). A review
// whose ID came earlier in the input is skipped: the first stays, as
// index.Build keeps it. Writing the same input again changes nothing.
// progress, when not nil, gets a line every few seconds and a last one.
func (w *Writer) Load(ctx context.Context, src index.Source, batch int, progress io.Writer) (LoadStats, error) {
	start, last := time.Now(), time.Now()
	var st LoadStats
	seen := map[string]bool{}
	var pending []corpus.Review
	size := 0
	report := func(final bool) {
		if progress == nil || !final && time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		secs := max(time.Since(start).Seconds(), 1e-3)
		fmt.Fprintf(progress, "%d reviews, %d paragraphs written (%.0f paragraphs/s)\n", st.Reviews, st.Paragraphs, float64(st.Paragraphs)/secs)
	}
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if err := w.Write(ctx, pending); err != nil {
			return err
		}
		st.Reviews += len(pending)
		st.Paragraphs += size
		pending, size = pending[:0], 0
		report(false)
		return nil
	}
	err := src(ctx, func(r corpus.Review) error {
		if seen[r.ID] {
			st.Duplicates++
			return nil
		}
		seen[r.ID] = true
		pending = append(pending, r)
		for _, p := range r.Paragraphs {
			if strings.TrimSpace(p) != "" {
				size++
			}
		}
		if size >= batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	st.Elapsed = time.Since(start)
	report(true)
	return st, err
}

package manticore

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

// Discover finds the nodes of the cluster at addr and the shard each one
// holds: the local index its distributed index lists (DESCRIBE), named
// shardN. So a writer needs only the nodes' addresses. Every shard the
// distributed indexes name (their agents') must be held by a node given:
// writing to part of a cluster is an error.
func Discover(ctx context.Context, addr Address) ([]Node, error) {
	var nodes []Node
	replicas := map[string]int{}
	named := map[string]bool{}
	for _, a := range addr.Nodes {
		db, err := sql.Open("mysql", "tcp("+a+")/?timeout=5s")
		if err != nil {
			return nil, fmt.Errorf("%s: node %s: %w", addr, a, err)
		}
		local, others, err := describe(ctx, db, addr.Index)
		db.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: node %s: %w", addr, a, err)
		}
		n, ok := strings.CutPrefix(local, "shard")
		k, err := strconv.Atoi(n)
		if !ok || err != nil || k < 0 {
			return nil, fmt.Errorf("%s: node %s: local index %q is not named shardN (pullquote manticore config writes them)", addr, a, local)
		}
		nodes = append(nodes, Node{SQL: a, Shard: k, Replica: replicas[local]})
		replicas[local]++
		named[local] = true
		for _, o := range others {
			named[o] = true
		}
	}
	var lacking []string
	for name := range named {
		if replicas[name] == 0 {
			lacking = append(lacking, name)
		}
	}
	if len(lacking) > 0 {
		slices.Sort(lacking)
		return nil, fmt.Errorf("%s: no node given holds %s: list every node of the cluster to write to it", addr, strings.Join(lacking, ", "))
	}
	return nodes, nil
}

// describe returns the local index of a node's distributed index and the
// indexes its agents name.
func describe(ctx context.Context, db *sql.DB, dist string) (local string, others []string, err error) {
	rows, err := db.QueryContext(ctx, "DESCRIBE "+dist)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return "", nil, err
		}
		if typ == "local" {
			local = name
			continue
		}
		// "127.0.0.1:9309:shard1": the agent's address, then its index.
		others = append(others, name[strings.LastIndexByte(name, ':')+1:])
	}
	if err := rows.Err(); err != nil {
		return "", nil, err
	}
	if local == "" {
		return "", nil, fmt.Errorf("index %s has no local shard", dist)
	}
	return local, others, nil
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

// LoadOptions tune Load.
type LoadOptions struct {
	// Batch is about how many paragraphs are written at a time (each
	// shard's part of a batch in one transaction a replica).
	Batch int
	// Progress, when not nil, gets a line every few seconds and a last one.
	Progress io.Writer
	// Aggregates, when set, is called once the source is read, and what it
	// returns is written with WriteAggregates (corpus.Loader's).
	Aggregates func() []corpus.Aggregate
}

// Load writes every review src yields. A review whose ID came earlier in
// the input is skipped: the first stays, as index.Build keeps it. Writing
// the same input again changes nothing.
func (w *Writer) Load(ctx context.Context, src corpus.Source, opts LoadOptions) (LoadStats, error) {
	batch, progress := max(opts.Batch, 1), opts.Progress
	start, last := time.Now(), time.Now()
	var st LoadStats
	report := func(final bool) {
		if progress == nil || !final && time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		secs := max(time.Since(start).Seconds(), 1e-3)
		fmt.Fprintf(progress, "%d reviews, %d paragraphs written (%.0f paragraphs/s)\n", st.Reviews, st.Paragraphs, float64(st.Paragraphs)/secs)
	}
	dups, err := corpus.Batches(ctx, src, batch, func(rs []corpus.Review) error {
		if err := w.Write(ctx, rs); err != nil {
			return err
		}
		st.Reviews += len(rs)
		for _, r := range rs {
			st.Paragraphs += corpus.Indexable(r.Paragraphs)
		}
		report(false)
		return nil
	})
	st.Duplicates = dups
	if err == nil && opts.Aggregates != nil {
		err = w.WriteAggregates(ctx, opts.Aggregates())
	}
	st.Elapsed = time.Since(start)
	report(true)
	return st, err
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Hidden subcommands: the parent re-execs pqbench with one of these so that
// each build and query run has a process of its own to measure.
const (
	childBuild = "child-build"
	childQuery = "child-query"
	childServe = "child-serve"
	childLoad  = "child-load"
	// childReplay sends the realistic mix (replay.go).
	childReplay = "child-replay"
)

// childFlags are the flags every child takes.
type childFlags struct {
	engine, corpus, dir, conn, queries string
	shards                             int
	// cacheMB is the serve child's answer cache (0: off); served gives it
	// pullquote serve's admission defaults instead of an unbounded queue.
	cacheMB int
	served  bool
}

func parseChild(name string, args []string) (*childFlags, *flag.FlagSet, error) {
	var c childFlags
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.engine, "engine", "", "engine")
	fs.StringVar(&c.corpus, "corpus", "", "corpus JSON Lines file")
	fs.StringVar(&c.dir, "dir", "", "index directory")
	fs.StringVar(&c.conn, "conn", "", "PostgreSQL connection string")
	fs.StringVar(&c.queries, "queries", "", "queries JSON file")
	fs.IntVar(&c.shards, "shards", 0, "pullquote shards")
	fs.IntVar(&c.cacheMB, "cache-mb", 0, "serve: MiB of cached answers (0: off)")
	fs.BoolVar(&c.served, "served", false, "serve: admission as pullquote serve has it (else a queue that never refuses)")
	return &c, fs, nil
}

func (c *childFlags) builder() (builder, error) {
	switch c.engine {
	case enginePullquote:
		return pullquoteEngine{shards: c.shards}, nil
	case engineBleve:
		return bleveEngine{}, nil
	case engineSQLite:
		return sqliteEngine{}, nil
	case enginePostgres:
		return postgresEngine{conn: c.conn}, nil
	case engineSphinx:
		return sphinxEngine{parts: 1}, nil
	case engineSphinx2:
		return sphinxEngine{parts: 2}, nil
	case enginePQSphinx:
		return pqSphinxEngine{shards: 1}, nil
	case enginePQSphinx3:
		return pqSphinxEngine{shards: 3}, nil
	case enginePQOpenSearch, engineOpenSearch:
		return &osEngine{nodes: 1}, nil
	case enginePQOpenSearch3:
		return &osEngine{nodes: 3}, nil
	}
	return nil, fmt.Errorf("unknown engine %q", c.engine)
}

func (c *childFlags) open(ctx context.Context) (querier, error) {
	switch c.engine {
	case enginePullquote:
		return openPullquote(c.dir)
	case engineBleve:
		return openBleve(c.dir)
	case engineSQLite:
		return openSQLite(c.dir)
	case enginePostgres:
		return openPostgres(ctx, c.conn)
	case engineSphinx:
		return openSphinx(ctx, c.dir, 1)
	case engineSphinx2:
		return openSphinx(ctx, c.dir, 2)
	case enginePQSphinx:
		return openPQSphinx(ctx, c.dir, 1)
	case enginePQSphinx3:
		return openPQSphinx(ctx, c.dir, 3)
	case enginePQOpenSearch:
		return openPQOpenSearch(ctx, c.dir, 1)
	case enginePQOpenSearch3:
		return openPQOpenSearch(ctx, c.dir, 3)
	case engineOpenSearch:
		return openOpenSearch(ctx, c.dir, 1)
	}
	return nil, fmt.Errorf("unknown engine %q", c.engine)
}

// buildOut is what a build child reports.
type buildOut struct {
	Paragraphs int     `json:"paragraphs"`
	Seconds    float64 `json:"seconds"`
}

func runChildBuild(ctx context.Context, args []string, stdout io.Writer) error {
	c, fs, _ := parseChild(childBuild, args)
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := c.builder()
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := b.build(ctx, c.corpus, c.dir)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if bt, ok := b.(booter); ok {
		took -= bt.booted() // a cluster's start is not its build
	}
	return json.NewEncoder(stdout).Encode(buildOut{Paragraphs: n, Seconds: took.Seconds()})
}

// queryOut is what a query child reports: per class, each query's latency
// in milliseconds and the answers.
type queryOut struct {
	OpenSeconds float64                `json:"open_seconds"`
	Latencies   map[string][]float64   `json:"latencies_ms"`
	Answers     map[string]answerStats `json:"answers"`
	// CPUms is the CPU time the queries of each class cost, in all: the
	// query process's and, for a server engine, the server's.
	CPUms map[string]float64 `json:"cpu_ms"`
	// Memory is the query process's after the queries, for an engine that
	// runs in it (pullquote, Bleve; not a server or a shell).
	Memory *memory `json:"memory,omitempty"`
}

// memory splits a process's resident memory: the Go heap in use, all
// anonymous pages (heap, stacks, runtime, a C library's allocations) and
// pages of mapped files (index segments the kernel may drop and read back).
type memory struct {
	Heap int64 `json:"heap_bytes"`
	Anon int64 `json:"anon_bytes"`
	File int64 `json:"file_bytes"`
}

// selfMemory reads this process's memory (Linux: /proc/self/status).
func selfMemory() (*memory, error) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := &memory{Heap: int64(ms.HeapInuse)}
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, v, ok := strings.Cut(line, ":")
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if !ok || err != nil {
			continue
		}
		switch name {
		case "RssAnon":
			m.Anon = kb << 10
		case "RssFile":
			m.File = kb << 10
		}
	}
	return m, nil
}

// answerStats sums answers over a class, to show each engine did the same work.
type answerStats struct {
	Queries    int `json:"queries"`
	ZeroHits   int `json:"zero_hits"`
	Total      int `json:"total"` // sum of matching paragraphs
	Hits       int `json:"hits"`
	Highlights int `json:"highlights"`
	Outlets    int `json:"outlets"`
	Bands      int `json:"bands"`
	Years      int `json:"years"`
}

func readQueries(path string) ([]query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read queries: %w", err)
	}
	var qs []query
	if err := json.Unmarshal(b, &qs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

// warmup is how many queries of each class run untimed first, for every
// engine alike (caches, lazy loading).
const warmup = 5

func runChildQuery(ctx context.Context, args []string, stdout io.Writer) error {
	c, fs, _ := parseChild(childQuery, args)
	if err := fs.Parse(args); err != nil {
		return err
	}
	qs, err := readQueries(c.queries)
	if err != nil {
		return err
	}
	start := time.Now()
	q, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer q.close()
	out := queryOut{OpenSeconds: time.Since(start).Seconds(), Latencies: map[string][]float64{}, Answers: map[string]answerStats{}, CPUms: map[string]float64{}}
	seen := map[string]int{}
	for _, qq := range qs {
		if seen[qq.Class] < warmup {
			seen[qq.Class]++
			if _, err := q.query(ctx, qq); err != nil {
				return fmt.Errorf("%s query %v: %w", c.engine, qq, err)
			}
		}
	}
	for _, qq := range qs {
		cpu := cpuOf(q)
		t := time.Now()
		a, err := q.query(ctx, qq)
		if err != nil {
			return fmt.Errorf("%s query %v: %w", c.engine, qq, err)
		}
		out.Latencies[qq.Class] = append(out.Latencies[qq.Class], float64(time.Since(t).Nanoseconds())/1e6)
		out.CPUms[qq.Class] += float64((cpuOf(q) - cpu).Nanoseconds()) / 1e6
		s := out.Answers[qq.Class]
		s.Queries++
		if a.Total == 0 {
			s.ZeroHits++
		}
		s.Total += a.Total
		s.Hits += a.Hits
		s.Highlights += a.Highlights
		s.Outlets += a.Outlets
		s.Bands += a.Bands
		s.Years += a.Years
		out.Answers[qq.Class] = s
	}
	if c.engine == enginePullquote || c.engine == engineBleve {
		if out.Memory, err = selfMemory(); err != nil {
			return err
		}
	}
	return json.NewEncoder(stdout).Encode(out)
}

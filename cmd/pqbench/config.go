package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// config is the benchmark's flags.
type config struct {
	sizes      []int // paragraphs
	queries    int   // per class
	out        string
	peers      []string
	seed       uint64
	loadFor    time.Duration
	conc       []int
	replayFor  time.Duration
	replayConc []int
	rt         string // real reviews for the replay's tail queries
	keep       bool
	tmp        string
	shards     int
	reportOnly bool
	rounds     int // each engine's build and queries, interleaved; figures are medians
}

var allEngines = []string{enginePullquote, enginePQOpenSearch, enginePQOpenSearch3, engineOpenSearch, enginePQSphinx, enginePQSphinx3, engineBleve, engineSQLite, enginePostgres, engineSphinx, engineSphinx2}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("pqbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "10000,100000,1000000", "corpus sizes in paragraphs, comma-separated")
	queries := fs.Int("queries", 200, "queries per class")
	out := fs.String("out", "docs/bench", "results folder (results.md, latency.png, results.json)")
	peers := fs.String("peers", strings.Join(allEngines, ","), "engines to run, comma-separated")
	seed := fs.Uint64("seed", 1, "seed for the corpus and the queries")
	loadFor := fs.Duration("load-duration", 10*time.Second, "how long to load /api/search at each concurrency")
	conc := fs.String("concurrency", "1,4,16", "load generator concurrencies")
	replayFor := fs.Duration("replay-duration", 60*time.Second, "how long to replay the realistic mix at each replay concurrency, cache on and off")
	replayConc := fs.String("replay-concurrency", "16,64", "replay concurrencies")
	rt := fs.String("rt", "../shared/data/rt-pixar", "folder of real reviews the replay draws tail queries from (skipped when absent)")
	keep := fs.Bool("keep", false, "keep the temporary corpus and indexes")
	tmp := fs.String("tmp", "", "directory for temporary files (default the system's)")
	rounds := fs.Int("rounds", 1, "build and query each engine this many times, interleaved across engines; each figure is the median")
	shards := fs.Int("shards", 0, "pullquote shards (0: as 'pullquote index' builds by default)")
	reportOnly := fs.Bool("report-only", false, "only rewrite results.md and latency.png from results.json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pqbench [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := &config{queries: *queries, out: *out, seed: *seed, loadFor: *loadFor, keep: *keep, tmp: *tmp, shards: *shards, reportOnly: *reportOnly, rounds: *rounds,
		replayFor: *replayFor, rt: *rt}
	var err error
	if cfg.sizes, err = ints("-sizes", *sizes); err != nil {
		return nil, err
	}
	if cfg.conc, err = ints("-concurrency", *conc); err != nil {
		return nil, err
	}
	if cfg.replayConc, err = ints("-replay-concurrency", *replayConc); err != nil {
		return nil, err
	}
	for _, p := range strings.Split(*peers, ",") {
		p = strings.TrimSpace(p)
		ok := false
		for _, e := range allEngines {
			ok = ok || e == p
		}
		if !ok {
			return nil, fmt.Errorf("-peers: unknown engine %q (want some of %s)", p, strings.Join(allEngines, ","))
		}
		cfg.peers = append(cfg.peers, p)
	}
	if cfg.queries < 1 {
		return nil, fmt.Errorf("-queries: want at least 1, got %d", cfg.queries)
	}
	if cfg.shards < 0 || cfg.shards > 4*runtime.NumCPU() {
		return nil, fmt.Errorf("-shards: %d is out of range", cfg.shards)
	}
	return cfg, nil
}

func ints(flagName, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%s: %q is not a positive number", flagName, f)
		}
		out = append(out, n)
	}
	return out, nil
}

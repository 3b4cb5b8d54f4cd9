package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/pullquote/pullquote/corpus/synth"
)

// result is one engine at one corpus size.
type result struct {
	Engine      string  `json:"engine"`
	Size        int     `json:"size"` // paragraphs
	BuildSec    float64 `json:"build_seconds"`
	BuildRate   float64 `json:"build_rate"` // paragraphs/s
	IndexBytes  int64   `json:"index_bytes"`
	BuildRSS    int64   `json:"build_peak_bytes"`
	ServeRSS    int64   `json:"query_peak_bytes"` // the query process (server for postgres)
	ServeHTTPRS int64   `json:"serve_peak_bytes,omitempty"`
	// ServeMemory is the query process's memory after the queries, split
	// (engines that query in process).
	ServeMemory *memory `json:"query_memory,omitempty"`
	OpenSec     float64 `json:"open_seconds"`
	// Classes holds latency percentiles in ms and answer sums per class.
	Classes map[string]classResult `json:"classes"`
	Load    []loadOut              `json:"load,omitempty"`
	Replay  []replayOut            `json:"replay,omitempty"`
	// Check times the pull-quote check (pullquote only).
	Check *checkOut `json:"check,omitempty"`
	Notes []string  `json:"notes,omitempty"`
	Error string    `json:"error,omitempty"`
	When  time.Time `json:"when"`
}

type classResult struct {
	P50  float64 `json:"p50_ms"`
	P95  float64 `json:"p95_ms"`
	P99  float64 `json:"p99_ms"`
	Mean float64 `json:"mean_ms"`
	// CPU is the mean CPU time of a query, in milliseconds (every thread
	// and server process counted; 0 in results from before it was kept).
	CPU     float64     `json:"cpu_ms"`
	Answers answerStats `json:"answers"`
}

// bench is one run.
type bench struct {
	cfg    *config
	log    io.Writer
	self   string
	pg     *pgServer
	tmp    string
	all    []result // merged with earlier runs in cfg.out
	system string
}

func runBench(ctx context.Context, cfg *config, stderr io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	b := &bench{cfg: cfg, log: stderr, self: self}
	b.system = fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel())
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return fmt.Errorf("results folder: %w", err)
	}
	b.all, err = loadResults(filepath.Join(cfg.out, "results.json"))
	if err != nil {
		return err
	}
	if cfg.reportOnly {
		if sys, err := loadSystem(filepath.Join(cfg.out, "results.json")); err == nil && sys != "" {
			b.system = sys
		}
		return b.write()
	}
	if b.tmp, err = os.MkdirTemp(cfg.tmp, "pqbench-"); err != nil {
		return err
	}
	if !cfg.keep {
		defer os.RemoveAll(b.tmp)
	}
	defer func() { b.pg.stop() }()
	for _, n := range cfg.sizes {
		if err := b.size(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "%s pqbench: "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// size benchmarks every engine on a corpus of n paragraphs.
func (b *bench) size(ctx context.Context, n int) error {
	dir := filepath.Join(b.tmp, fmt.Sprint(n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if !b.cfg.keep {
		defer os.RemoveAll(dir)
	}
	corpusPath := filepath.Join(dir, "corpus.jsonl")
	b.logf("size %d: writing the synthetic corpus (seed %d)", n, b.cfg.seed)
	if err := writeCorpus(ctx, corpusPath, b.cfg.seed, n); err != nil {
		return err
	}
	qs, err := drawQueries(ctx, corpusPath, b.cfg.queries, b.cfg.seed)
	if err != nil {
		return err
	}
	real, err := realTextQueries(ctx, b.cfg.rt, b.cfg.queries, b.cfg.seed)
	if err != nil {
		return err
	}
	qs = append(qs, real...)
	qpath := filepath.Join(dir, "queries.json")
	qb, _ := json.Marshal(qs)
	if err := os.WriteFile(qpath, qb, 0o644); err != nil {
		return err
	}
	// Rounds interleave the engines (A B C, A B C, …), so that a slow
	// minute of the machine falls on all of them; each figure is the
	// median of the rounds. The load, replay and check run in the last.
	rounds := max(b.cfg.rounds, 1)
	done := map[string][]result{}
	for round := 1; round <= rounds; round++ {
		for _, e := range b.cfg.peers {
			if rounds > 1 {
				b.logf("%s at %d: round %d of %d", e, n, round, rounds)
			}
			r := b.engine(ctx, e, n, dir, corpusPath, qpath, round == rounds)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if r.Error != "" {
				b.logf("%s at %d: %s", e, n, r.Error)
			}
			done[e] = append(done[e], r)
			b.merge(medianOf(done[e]))
			if err := b.write(); err != nil {
				return err
			}
		}
	}
	return nil
}

// medianOf is one engine's result over its rounds: the last round's, with
// each figure the median of the rounds that did not fail.
func medianOf(rs []result) result {
	out := rs[len(rs)-1]
	var ok []result
	for _, r := range rs {
		if r.Error == "" {
			ok = append(ok, r)
		}
	}
	if len(ok) < 2 {
		return out
	}
	med := func(get func(result) float64) float64 {
		v := make([]float64, len(ok))
		for i, r := range ok {
			v[i] = get(r)
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	out.BuildSec = med(func(r result) float64 { return r.BuildSec })
	out.BuildRate = med(func(r result) float64 { return r.BuildRate })
	out.IndexBytes = int64(med(func(r result) float64 { return float64(r.IndexBytes) }))
	out.BuildRSS = int64(med(func(r result) float64 { return float64(r.BuildRSS) }))
	out.ServeRSS = int64(med(func(r result) float64 { return float64(r.ServeRSS) }))
	out.OpenSec = med(func(r result) float64 { return r.OpenSec })
	if last := rs[len(rs)-1].ServeMemory; last != nil {
		mem := func(f func(*memory) int64) int64 {
			return int64(med(func(r result) float64 {
				if r.ServeMemory == nil {
					return 0
				}
				return float64(f(r.ServeMemory))
			}))
		}
		out.ServeMemory = &memory{
			Heap: mem(func(m *memory) int64 { return m.Heap }),
			Anon: mem(func(m *memory) int64 { return m.Anon }),
			File: mem(func(m *memory) int64 { return m.File }),
		}
	}
	out.Classes = map[string]classResult{}
	for c, last := range rs[len(rs)-1].Classes {
		cr := last
		cr.P50 = med(func(r result) float64 { return r.Classes[c].P50 })
		cr.P95 = med(func(r result) float64 { return r.Classes[c].P95 })
		cr.P99 = med(func(r result) float64 { return r.Classes[c].P99 })
		cr.Mean = med(func(r result) float64 { return r.Classes[c].Mean })
		cr.CPU = med(func(r result) float64 { return r.Classes[c].CPU })
		out.Classes[c] = cr
	}
	out.Notes = append(slices.Clone(out.Notes), fmt.Sprintf("median of %d rounds", len(ok)))
	return out
}

func writeCorpus(ctx context.Context, path string, seed uint64, n int) error {
	g, err := synth.New(seed)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := synth.Write(ctx, f, g, synth.Options{Paragraphs: n}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// engine builds, measures and queries one engine; failures are recorded
// in the result, not returned, so the other engines still run.
func (b *bench) engine(ctx context.Context, e string, n int, dir, corpusPath, qpath string, extras bool) result {
	r := result{Engine: e, Size: n, Classes: map[string]classResult{}, When: time.Now().UTC()}
	idir := filepath.Join(dir, e)
	if err := os.MkdirAll(idir, 0o755); err != nil {
		r.Error = err.Error()
		return r
	}
	if !b.cfg.keep {
		defer os.RemoveAll(idir)
	}
	args := []string{"-engine", e, "-corpus", corpusPath, "-dir", idir, "-queries", qpath, "-shards", fmt.Sprint(b.cfg.shards)}
	var sample func() int64
	if e == enginePostgres {
		if b.pg == nil {
			b.logf("starting PostgreSQL")
			pg, err := startPostgres(ctx, b.cfg.tmp)
			b.pg = pg
			if err != nil {
				r.Error = err.Error()
				return r
			}
		}
		db := fmt.Sprintf("bench%d", n)
		if err := b.pg.createDB(ctx, db); err != nil {
			r.Error = err.Error()
			return r
		}
		defer b.dropDB(db)
		args = append(args, "-conn", b.pg.conn(db))
		sample = b.pg.pss
		r.Notes = append(r.Notes, b.pg.Version+"; memory is the server's (postmaster and backends, proportional set size)")
	}
	switch e {
	case engineSphinx, engineSphinx2:
		r.Notes = append(r.Notes, sphinxVersion()+"; memory is indexer's while building, searchd's while querying")
	case enginePQSphinx, enginePQSphinx3:
		r.Notes = append(r.Notes, sphinxVersion()+"; built through SphinxQL into RT indexes; CPU counts every searchd; memory is the largest process (pullquote's or one searchd)")
	case enginePQOpenSearch, enginePQOpenSearch3, engineOpenSearch:
		r.Notes = append(r.Notes, "OpenSearch 2.19.6 (scripts/opensearch.sh, 512 MB heap a node); built through _bulk into a new index swapped in behind an alias; CPU counts every node; memory is pullquote's process only (the nodes' heaps are fixed at 512 MB)")
	}
	b.logf("%s at %d: building", e, n)
	var bo buildOut
	rss, peak, err := b.child(ctx, childBuild, args, &bo, sample)
	if err != nil {
		r.Error = "build: " + err.Error()
		return r
	}
	r.BuildSec, r.BuildRSS = bo.Seconds, max(rss, peak)
	if e == enginePostgres {
		r.BuildRSS = peak
	}
	r.BuildRate = float64(bo.Paragraphs) / bo.Seconds
	if bo.Paragraphs != n {
		r.Notes = append(r.Notes, fmt.Sprintf("indexed %d paragraphs of %d", bo.Paragraphs, n))
	}
	if e == enginePostgres {
		r.IndexBytes, err = postgresSize(ctx, b.pg.conn(fmt.Sprintf("bench%d", n)))
		if err != nil {
			r.Error = err.Error()
			return r
		}
	} else {
		r.IndexBytes = dirSize(idir)
	}
	b.logf("%s at %d: built in %.1fs (%.0f paragraphs/s), %s on disk; querying", e, n, bo.Seconds, r.BuildRate, human(r.IndexBytes))
	var qo queryOut
	rss, peak, err = b.child(ctx, childQuery, args, &qo, sample)
	if err != nil {
		r.Error = "query: " + err.Error()
		return r
	}
	r.ServeRSS, r.OpenSec, r.ServeMemory = rss, qo.OpenSeconds, qo.Memory
	if e == enginePostgres {
		r.ServeRSS = peak
	}
	for c, lats := range qo.Latencies {
		sort.Float64s(lats)
		var sum float64
		for _, l := range lats {
			sum += l
		}
		r.Classes[c] = classResult{
			P50: percentile(lats, 50), P95: percentile(lats, 95), P99: percentile(lats, 99),
			Mean: sum / float64(len(lats)), Answers: qo.Answers[c], CPU: qo.CPUms[c] / float64(len(lats)),
		}
	}
	if e == enginePullquote && extras {
		var co checkOut
		if _, _, err := b.child(ctx, childCheck, append(args, "-seed", fmt.Sprint(b.cfg.seed)), &co, nil); err != nil {
			r.Error = "check: " + err.Error()
			return r
		}
		b.logf("pullquote check at %d: p50 %.1f ms, p99 %.1f ms, verdicts %v", n, co.P50, co.P99, co.Verdicts)
		r.Check = &co
		if err := b.load(ctx, &r, args, qpath); err != nil {
			r.Error = "load: " + err.Error()
		} else if err := b.replay(ctx, &r, args, qpath); err != nil {
			r.Error = "replay: " + err.Error()
		}
	}
	return r
}

func (b *bench) dropDB(db string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b.pg.cmd(ctx, "dropdb", "-h", b.pg.dir, "-p", fmt.Sprint(b.pg.port), "-U", "postgres", db).Run()
}

// child runs pqbench's hidden subcommand and decodes its JSON output into
// out; it returns the child's peak RSS and, if sample is set, the peak of
// sample while it ran.
func (b *bench) child(ctx context.Context, sub string, args []string, out any, sample func() int64) (rss, peak int64, err error) {
	cmd := exec.CommandContext(ctx, b.self, append([]string{sub}, args...)...)
	var stdout strings.Builder
	cmd.Stdout = &stdout
	cmd.Stderr = b.log
	var stop func() int64
	if sample != nil {
		stop = peakSampler(sample)
	}
	err = cmd.Run()
	if stop != nil {
		peak = stop()
	}
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", sub, err)
	}
	rss = maxRSS(cmd.ProcessState)
	if err := json.Unmarshal([]byte(stdout.String()), out); err != nil {
		return 0, 0, fmt.Errorf("%s output: %w", sub, err)
	}
	return rss, peak, nil
}

func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10 // KiB on Linux
	}
	return 0
}

// serve starts a server child with args and returns its address and a
// function that stops it and returns its peak RSS.
func (b *bench) serve(ctx context.Context, args []string) (addr string, stop func() int64, err error) {
	cmd := exec.CommandContext(ctx, b.self, append([]string{childServe}, args...)...)
	cmd.Stderr = b.log
	in, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	outp, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() int64 {
		in.Close()
		if err := cmd.Wait(); err == nil {
			return maxRSS(cmd.ProcessState)
		}
		return 0
	}
	line, err := bufio.NewReader(outp).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "ADDR ")
	if err != nil || !ok {
		stop()
		return "", nil, fmt.Errorf("server did not start: %q %v", line, err)
	}
	return addr, stop, nil
}

// replay serves the index as pullquote serve does, with the answer cache
// and without it, and runs the replay mix at each replay concurrency.
func (b *bench) replay(ctx context.Context, r *result, args []string, qpath string) error {
	for _, cacheMB := range []int{64, 0} {
		addr, stop, err := b.serve(ctx, append(args, "-served", "-cache-mb", fmt.Sprint(cacheMB)))
		if err != nil {
			return err
		}
		for _, c := range b.cfg.replayConc {
			var ro replayOut
			stopProbe, probed := make(chan struct{}), make(chan float64, 1)
			go func() { probed <- probeHealthz(ctx, "http://"+addr, stopProbe) }()
			rargs := []string{"-url", "http://" + addr, "-c", fmt.Sprint(c), "-d", b.cfg.replayFor.String(),
				"-queries", qpath, "-rt", b.cfg.rt, "-seed", fmt.Sprint(b.cfg.seed), "-cache=" + fmt.Sprint(cacheMB > 0)}
			_, _, err := b.child(ctx, childReplay, rargs, &ro, nil)
			close(stopProbe)
			ro.HealthzP99 = <-probed
			if err != nil {
				stop()
				return err
			}
			b.logf("pullquote replay c=%d cache=%v: %.0f req/s, %d answered, hit rate %.0f%%, admitted p99 %.1f ms, max %.1f ms, %d×503 %d×429 (p99 %.1f ms) %d errors, /healthz p99 %.1f ms",
				c, ro.Cache, ro.RPS, ro.OK, 100*ro.HitRate, ro.P99, ro.Max, ro.Busy, ro.Limited, ro.RefusedP99, ro.Errors, ro.HealthzP99)
			r.Replay = append(r.Replay, ro)
		}
		stop()
	}
	return nil
}

// load starts a server child and runs a load child at each concurrency.
func (b *bench) load(ctx context.Context, r *result, args []string, qpath string) error {
	addr, stop, err := b.serve(ctx, args)
	if err != nil {
		return err
	}
	defer func() { r.ServeHTTPRS = stop() }()
	for _, c := range b.cfg.conc {
		var lo loadOut
		largs := []string{"-url", "http://" + addr, "-c", fmt.Sprint(c), "-d", b.cfg.loadFor.String(), "-queries", qpath}
		if _, _, err := b.child(ctx, childLoad, largs, &lo, nil); err != nil {
			return err
		}
		b.logf("pullquote /api/search c=%d: %.0f req/s, %d errors, p99 %.1f ms", c, lo.RPS, lo.Errors, lo.P99)
		r.Load = append(r.Load, lo)
	}
	return nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// loadResults reads earlier results, so runs of different sizes add up.
func loadResults(path string) ([]result, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read results: %w", err)
	}
	var rs struct {
		Results []result `json:"results"`
	}
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rs.Results, nil
}

// loadSystem reads the machine description of earlier results.
func loadSystem(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var rs struct {
		System string `json:"system"`
	}
	err = json.Unmarshal(b, &rs)
	return rs.System, err
}

// merge replaces the result for the same engine and size.
func (b *bench) merge(r result) {
	for i, o := range b.all {
		if o.Engine == r.Engine && o.Size == r.Size {
			b.all[i] = r
			return
		}
	}
	b.all = append(b.all, r)
	sort.SliceStable(b.all, func(i, j int) bool {
		if b.all[i].Size != b.all[j].Size {
			return b.all[i].Size < b.all[j].Size
		}
		return engineOrder(b.all[i].Engine) < engineOrder(b.all[j].Engine)
	})
}

func engineOrder(e string) int {
	for i, x := range allEngines {
		if x == e {
			return i
		}
	}
	return len(allEngines)
}

// write saves results.json, results.md and latency.png.
func (b *bench) write() error {
	js, err := json.MarshalIndent(struct {
		System  string   `json:"system"`
		Results []result `json:"results"`
	}{b.system, b.all}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(b.cfg.out, "results.json"), append(js, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	md := markdown(b.all, b.system)
	// notes.md, written by hand, says why targets are missed and what would
	// close them; it follows the generated tables.
	if notes, err := os.ReadFile(filepath.Join(b.cfg.out, "notes.md")); err == nil {
		md += "\n" + string(notes)
	}
	if err := os.WriteFile(filepath.Join(b.cfg.out, "results.md"), []byte(md), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	if err := writePlot(filepath.Join(b.cfg.out, "latency.png"), b.all); err != nil {
		return fmt.Errorf("write plot: %w", err)
	}
	return nil
}

func human(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// sizes returns the distinct sizes in rs, ascending.
func sizes(rs []result) []int {
	var out []int
	for _, r := range rs {
		if len(out) == 0 || out[len(out)-1] != r.Size {
			out = append(out, r.Size)
		}
	}
	return out
}

func find(rs []result, engine string, size int) *result {
	for i := range rs {
		if rs[i].Engine == engine && rs[i].Size == size && rs[i].Error == "" {
			return &rs[i]
		}
	}
	return nil
}

// row is one metric: how to read it from a result, how to print it, and
// whether higher is better (for the ratio columns).
type row struct {
	name   string
	get    func(*result) (float64, bool)
	format func(float64) string
	higher bool
}

func rows() []row {
	ms := func(x float64) string { return fmt.Sprintf("%.1f", x) }
	rs := []row{
		{"build time (s)", func(r *result) (float64, bool) { return r.BuildSec, true }, func(x float64) string { return fmt.Sprintf("%.1f", x) }, false},
		{"build rate (paragraphs/s)", func(r *result) (float64, bool) { return r.BuildRate, true }, func(x float64) string { return fmt.Sprintf("%.0f", x) }, true},
		{"index size", func(r *result) (float64, bool) { return float64(r.IndexBytes), true }, func(x float64) string { return human(int64(x)) }, false},
		{"index bytes/paragraph", func(r *result) (float64, bool) { return float64(r.IndexBytes) / float64(r.Size), true }, func(x float64) string { return fmt.Sprintf("%.0f", x) }, false},
		{"peak memory, build", func(r *result) (float64, bool) { return float64(r.BuildRSS), r.BuildRSS > 0 }, func(x float64) string { return human(int64(x)) }, false},
		{"peak memory, querying", func(r *result) (float64, bool) { return float64(r.ServeRSS), r.ServeRSS > 0 }, func(x float64) string { return human(int64(x)) }, false},
		{"after querying: Go heap in use", func(r *result) (float64, bool) { return memOf(r, func(m *memory) int64 { return m.Heap }) }, func(x float64) string { return human(int64(x)) }, false},
		{"after querying: anonymous memory", func(r *result) (float64, bool) { return memOf(r, func(m *memory) int64 { return m.Anon }) }, func(x float64) string { return human(int64(x)) }, false},
		{"after querying: mapped index pages", func(r *result) (float64, bool) { return memOf(r, func(m *memory) int64 { return m.File }) }, func(x float64) string { return human(int64(x)) }, false},
	}
	for _, c := range classes {
		for _, p := range []string{"p50", "p95", "p99"} {
			rs = append(rs, row{name: fmt.Sprintf("%s %s (ms)", classNames[c], p), get: func(r *result) (float64, bool) {
				cr, ok := r.Classes[c]
				switch p {
				case "p50":
					return cr.P50, ok
				case "p95":
					return cr.P95, ok
				}
				return cr.P99, ok
			}, format: ms})
		}
		rs = append(rs, row{name: classNames[c] + " CPU per query (ms)", get: func(r *result) (float64, bool) {
			cr, ok := r.Classes[c]
			return cr.CPU, ok && cr.CPU > 0
		}, format: ms})
	}
	return rs
}

func markdown(rs []result, system string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# pqbench results\n\nGenerated by `scripts/bench.sh` (cmd/pqbench) on %s. ", system)
	b.WriteString("Corpus: `pullquote corpus synth` (seed 1), sizes in paragraphs of 40–160 words. ")
	b.WriteString("Each query returns the top 10 with highlighted fragments and three facets (outlet top 10, score bands, years), each facet counted without its own filter. ")
	b.WriteString("Ratio columns are pullquote's advantage: peer ÷ pullquote for times, sizes and memory, pullquote ÷ peer for rates; above 1 means pullquote is better.\n\n")
	b.WriteString("![p99 latency against corpus size](latency.png)\n\n")
	b.WriteString(summary(rs))
	for _, n := range sizes(rs) {
		var engines []string
		for _, e := range allEngines {
			if find(rs, e, n) != nil {
				engines = append(engines, e)
			}
		}
		fmt.Fprintf(&b, "## %d paragraphs\n\n| | %s |", n, strings.Join(engines, " | "))
		pq := find(rs, enginePullquote, n)
		var peers []string
		if pq != nil {
			for _, e := range engines[1:] {
				peers = append(peers, e)
				fmt.Fprintf(&b, " vs %s |", e)
			}
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(engines)+len(peers)) + "\n")
		for _, row := range rows() {
			fmt.Fprintf(&b, "| %s |", row.name)
			for _, e := range engines {
				if v, ok := row.get(find(rs, e, n)); ok {
					fmt.Fprintf(&b, " %s |", row.format(v))
				} else {
					b.WriteString(" – |")
				}
			}
			for _, e := range peers {
				v, ok1 := row.get(pq)
				w, ok2 := row.get(find(rs, e, n))
				if !ok1 || !ok2 || v == 0 || w == 0 {
					b.WriteString(" – |")
					continue
				}
				ratio := w / v
				if row.higher {
					ratio = v / w
				}
				fmt.Fprintf(&b, " %.2f× |", ratio)
			}
			b.WriteString("\n")
		}
		if pq != nil && pq.Check != nil {
			c := pq.Check
			fmt.Fprintf(&b, "\npullquote's pull-quote check (no peer has one), 200 blurbs drawn from the corpus (exact runs of words, ellipsis trims, a word changed, words from two paragraphs): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; verdicts %v.\n",
				c.P50, c.P95, c.P99, c.Verdicts)
		}
		if pq != nil && len(pq.Load) > 0 {
			b.WriteString("\npullquote `/api/search` over loopback (Go client in a second process, every query class round robin; answer cache off, admission queue unbounded: the engine's capacity):\n\n| concurrency | requests/s | errors | p50 (ms) | p99 (ms) |\n|---:|---:|---:|---:|---:|\n")
			for _, l := range pq.Load {
				fmt.Fprintf(&b, "| %d | %.0f | %d | %.1f | %.1f |\n", l.Concurrency, l.RPS, l.Errors, l.P50, l.P99)
			}
			if len(pq.Replay) > 0 {
				b.WriteString("\nReplay as `pullquote serve` runs (admission at its defaults): a Zipf mix (s = 1.1) over widget presets, the drawn queries and real-text queries, with the answer cache on and off. Latencies are of admitted (200) requests, then of the refusals; 503 and 429 all carried Retry-After unless counted:\n\n" +
					"| concurrency | cache | answered (200/s) | all requests/s | cache hits | p50 (ms) | p99 (ms) | max (ms) | 503 | 429 | refusal p99 (ms) | no Retry-After | errors | `/healthz` p99 (ms) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
				for _, l := range pq.Replay {
					cache := "off"
					if l.Cache {
						cache = "on"
					}
					fmt.Fprintf(&b, "| %d | %s | %.0f | %.0f | %.0f%% | %.1f | %.1f | %.1f | %d | %d | %.1f | %d | %d | %.1f |\n",
						l.Concurrency, cache, float64(l.OK)/l.Seconds, l.RPS, 100*l.HitRate, l.P50, l.P99, l.Max, l.Busy, l.Limited, l.RefusedP99, l.NoRetryAfter, l.Errors, l.HealthzP99)
				}
			}
			if pq.ServeHTTPRS > 0 {
				fmt.Fprintf(&b, "\nPeak memory of the server process: %s.\n", human(pq.ServeHTTPRS))
			}
		}
		b.WriteString("\nMean matching paragraphs per query (and queries with no match), to compare what each engine found:\n\n| class |")
		for _, e := range engines {
			fmt.Fprintf(&b, " %s |", e)
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(engines)) + "\n")
		for _, c := range classes {
			fmt.Fprintf(&b, "| %s |", classNames[c])
			for _, e := range engines {
				a := find(rs, e, n).Classes[c].Answers
				if a.Queries == 0 {
					b.WriteString(" – |")
					continue
				}
				fmt.Fprintf(&b, " %.0f (%d) |", float64(a.Total)/float64(a.Queries), a.ZeroHits)
			}
			b.WriteString("\n")
		}
		var notes []string
		for _, r := range rs {
			if r.Size != n {
				continue
			}
			for _, note := range r.Notes {
				notes = append(notes, r.Engine+": "+note)
			}
			if r.Error != "" {
				msg := strings.Join(strings.Fields(r.Error), " ")
				if len(msg) > 300 {
					msg = msg[:300] + "…"
				}
				notes = append(notes, r.Engine+" failed: "+msg)
			}
		}
		if len(notes) > 0 {
			b.WriteString("\nNotes: " + strings.Join(notes, "; ") + ".\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(targets(rs))
	return b.String()
}

// summary is one compact table of every size and engine: the figures the
// README shows.
func summary(rs []result) string {
	var b strings.Builder
	b.WriteString("## Summary\n\n| paragraphs | engine | build (paragraphs/s) | index (bytes/paragraph) | peak memory build / query |")
	for _, c := range classes {
		fmt.Fprintf(&b, " %s p99 (ms) |", classNames[c])
	}
	b.WriteString("\n|---:|---|---:|---:|---:|" + strings.Repeat("---:|", len(classes)) + "\n")
	for _, r := range rs {
		if r.Error != "" {
			fmt.Fprintf(&b, "| %d | %s | failed |\n", r.Size, r.Engine)
			continue
		}
		serve := r.ServeRSS
		if r.ServeHTTPRS > 0 {
			serve = r.ServeHTTPRS
		}
		fmt.Fprintf(&b, "| %d | %s | %.0f | %.0f | %s / %s |", r.Size, r.Engine, r.BuildRate, float64(r.IndexBytes)/float64(r.Size), human(r.BuildRSS), human(serve))
		for _, c := range classes {
			if cr, ok := r.Classes[c]; ok {
				fmt.Fprintf(&b, " %.1f |", cr.P99)
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\nQuery memory is the query process's peak (pullquote: the HTTP server's; postgres: the server's).\n\n")
	return b.String()
}

// memOf reads one part of r's query memory, if it was measured.
func memOf(r *result, part func(*memory) int64) (float64, bool) {
	if r.ServeMemory == nil {
		return 0, false
	}
	return float64(part(r.ServeMemory)), true
}

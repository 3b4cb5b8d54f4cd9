package main

import (
	"fmt"
	"strings"
)

// targets checks the targets at the largest size measured with
// pullquote and says by how much each is met or missed.
func targets(rs []result) string {
	var pq *result
	for i := range rs {
		if rs[i].Engine == enginePullquote && rs[i].Error == "" && (pq == nil || rs[i].Size > pq.Size) {
			pq = &rs[i]
		}
	}
	if pq == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Targets at %d paragraphs\n\n(The issue sets them at 1M paragraphs.)\n\n| target | measured | met |\n|---|---|:-:|\n", pq.Size)
	mark := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	fmt.Fprintf(&b, "| build ≥ 10,000 paragraphs/s | %.0f paragraphs/s | %s |\n", pq.BuildRate, mark(pq.BuildRate >= 10000))
	if sq := find(rs, engineSQLite, pq.Size); sq != nil {
		ratio := float64(pq.IndexBytes) / float64(sq.IndexBytes)
		fmt.Fprintf(&b, "| index ≤ 1.5× SQLite FTS5's | %s vs %s: %.2f× | %s |\n", human(pq.IndexBytes), human(sq.IndexBytes), ratio, mark(ratio <= 1.5))
	}
	worst, worstClass := 0.0, ""
	for _, c := range classes {
		if p := pq.Classes[c].P99; p > worst {
			worst, worstClass = p, c
		}
	}
	fmt.Fprintf(&b, "| p99 < 25 ms, every class | worst %.1f ms (%s) | %s |\n", worst, classNames[worstClass], mark(worst < 25))
	for _, peer := range []string{engineSQLite, enginePostgres} {
		pr := find(rs, peer, pq.Size)
		if pr == nil {
			continue
		}
		minRatio, minClass := 1e9, ""
		for _, c := range classes {
			if pq.Classes[c].P99 > 0 {
				if r := pr.Classes[c].P99 / pq.Classes[c].P99; r < minRatio {
					minRatio, minClass = r, c
				}
			}
		}
		fmt.Fprintf(&b, "| ≥ 1.5× faster (p99) than %s, every class | least %.2f× (%s) | %s |\n", peer, minRatio, classNames[minClass], mark(minRatio >= 1.5))
	}
	for _, l := range pq.Load {
		if l.Concurrency == 16 {
			fmt.Fprintf(&b, "| ≥ 500 requests/s at concurrency 16, no errors | %.0f requests/s, %d errors | %s |\n", l.RPS, l.Errors, mark(l.RPS >= 500 && l.Errors == 0))
		}
	}
	rss := pq.ServeHTTPRS
	if rss == 0 {
		rss = pq.ServeRSS
	}
	fmt.Fprintf(&b, "| serving in < 1 GiB resident | %s | %s |\n", human(rss), mark(rss > 0 && rss < 1<<30))
	return b.String()
}

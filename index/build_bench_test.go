package index

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/corpus/synth"
)

var benchParagraphs = flag.Int("bench-paragraphs", 50000, "paragraphs per BenchmarkBuild iteration")

// synthReviews returns reviews from the synthetic corpus (~100-word
// paragraphs, Zipf-like real vocabulary) of the given seed, holding n
// paragraphs in all.
func synthReviews(tb testing.TB, seed uint64, n int) []corpus.Review {
	tb.Helper()
	g := synthGenerator(tb, seed)
	var rs []corpus.Review
	for n > 0 {
		r := g.Next(n)
		n -= len(r.Paragraphs)
		rs = append(rs, r)
	}
	return rs
}

// BenchmarkBuild measures a full build of synthetic reviews: paragraphs/s
// and bytes on disk per paragraph (bleve shards, side store and meta).
// Targets: ≥10,000 paragraphs/s on 2 cores, ≤1,500 B/paragraph.
func BenchmarkBuild(b *testing.B) {
	rs := synthReviews(b, 1, *benchParagraphs)
	for _, cfg := range []struct {
		shards, batch int
	}{
		{1, DefaultBatchSize},
		{2, DefaultBatchSize},
	} {
		b.Run(fmt.Sprintf("shards=%d/batch=%d", cfg.shards, cfg.batch), func(b *testing.B) {
			var stats *BuildStats
			var elapsed float64
			i := 0
			for b.Loop() {
				dir := filepath.Join(b.TempDir(), fmt.Sprint(i))
				i++
				var err error
				stats, err = Build(context.Background(), dir, corpus.Reviews(rs), BuildOptions{Shards: cfg.shards, BatchSize: cfg.batch})
				if err != nil {
					b.Fatal(err)
				}
				elapsed += stats.Elapsed.Seconds()
			}
			b.ReportMetric(float64(stats.Paragraphs)*float64(i)/elapsed, "paragraphs/s")
			b.ReportMetric(float64(stats.Bytes)/float64(stats.Paragraphs), "B/paragraph")
		})
	}
}

// synthGenerator returns a synthetic review generator.
func synthGenerator(tb testing.TB, seed uint64) *synth.Generator {
	tb.Helper()
	g, err := synth.New(seed)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

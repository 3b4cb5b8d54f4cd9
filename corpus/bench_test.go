package corpus

import (
	"context"
	"testing"
)

// BenchmarkReadCSV measures streaming a generated CSV export; it reports
// rows per second.
func BenchmarkReadCSV(b *testing.B) {
	const rows = 20_000
	b.ReportAllocs()
	for b.Loop() {
		l := newLoader(context.Background(), Options{}, func(Review) error { return nil })
		if err := l.readCSV("gen.csv", &csvGen{rows: rows}, FileMeta{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkLoadEmbedded measures parsing and linking the embedded corpus.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadEmbedded(context.Background(), Options{}, func(Review) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

package synth

import (
	"context"
	"io"
	"testing"
)

// BenchmarkWrite measures generation speed; the target is ≥100k reviews/s.
func BenchmarkWrite(b *testing.B) {
	g, err := New(1)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	st, err := Write(context.Background(), io.Discard, g, Options{Reviews: b.N})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.Reviews)/b.Elapsed().Seconds(), "reviews/s")
	b.SetBytes(st.Bytes / int64(b.N))
}

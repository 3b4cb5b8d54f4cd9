package search

import "testing"

func TestBandKey(t *testing.T) {
	for v, want := range map[float64]string{100: "80", 80: "80", 79.9: "60", 60: "60", 59.5: "40", 40: "40", 39.99: "0", 0: "0"} {
		if got := BandKey(v); got != want {
			t.Errorf("BandKey(%v) = %q, want %q", v, got, want)
		}
	}
	// Every band but "no score" has a key of its own.
	seen := map[string]bool{}
	for _, b := range ScoreBands {
		if !b.Missing {
			if k := BandKey(b.Min); seen[k] || BandKey(b.Max) != k {
				t.Errorf("band %s: key %q not its own", b.Label, k)
			}
			seen[BandKey(b.Min)] = true
		}
	}
}

func TestBandFor(t *testing.T) {
	for _, tt := range []struct {
		score *float64
		class string
	}{{nil, "none"}, {ptr(100), "great"}, {ptr(80), "great"}, {ptr(79.99), "good"}, {ptr(40), "mixed"}, {ptr(39), "poor"}, {ptr(0), "poor"}, {ptr(-5), "poor"}} {
		if got := BandFor(tt.score).Class; got != tt.class {
			t.Errorf("BandFor(%v) = %s, want %s", tt.score, got, tt.class)
		}
	}
}

// The sentiment thresholds are the lowest minimums of the positive and the
// mixed bands.
func TestSentimentThresholds(t *testing.T) {
	lowest := map[string]float64{}
	for _, b := range ScoreBands {
		if b.Missing {
			continue
		}
		if m, ok := lowest[b.Sentiment]; !ok || b.Min < m {
			lowest[b.Sentiment] = b.Min
		}
	}
	if lowest["positive"] != PositiveFrom || lowest["mixed"] != MixedFrom {
		t.Errorf("bands say positive from %v, mixed from %v; constants say %v, %v", lowest["positive"], lowest["mixed"], PositiveFrom, MixedFrom)
	}
}

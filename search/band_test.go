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

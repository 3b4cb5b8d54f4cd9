package corpus

import (
	"fmt"
	"testing"
)

func TestNormalizeScore(t *testing.T) {
	for _, c := range []struct {
		raw   string
		value float64
		scale string
		err   bool
	}{
		{raw: "6/10", value: 60, scale: "10"},
		{raw: "3.5/5", value: 70, scale: "5"},
		{raw: "3.5/4", value: 87.5, scale: "4"},
		{raw: "3 / 4", value: 75, scale: "4"},
		{raw: "8.5/10", value: 85, scale: "10"},
		{raw: "2/4.0", value: 50, scale: "4"},
		{raw: "7 out of 10", value: 70, scale: "10"},
		{raw: "4 of 5", value: 80, scale: "5"},
		{raw: "3/4 stars", value: 75, scale: "4"},
		{raw: "4 stars", value: 80, scale: "stars"},
		{raw: "2.5 stars", value: 50, scale: "stars"},
		{raw: "1 star", value: 20, scale: "stars"},
		{raw: "90", value: 90, scale: "100"},
		{raw: "85%", value: 85, scale: "100"},
		{raw: "7%", value: 7, scale: "100"},
		{raw: "A+", value: 100, scale: "letter"},
		{raw: "A", value: 100, scale: "letter"},
		{raw: "A-", value: 91, scale: "letter"},
		{raw: "B+", value: 83, scale: "letter"},
		{raw: "b", value: 75, scale: "letter"},
		{raw: "B -", value: 67, scale: "letter"},
		{raw: "C plus", value: 58, scale: "letter"},
		{raw: "A minus", value: 91, scale: "letter"},
		{raw: "B-plus", value: 83, scale: "letter"},
		{raw: "C-minus", value: 42, scale: "letter"},
		{raw: "D+", value: 33, scale: "letter"},
		{raw: "F", value: 0, scale: "letter"},
		{raw: "0/10", value: 0, scale: "10"},
		{raw: "2/3", value: 66.7, scale: "3"},
		{raw: "6", err: true},   // no scale
		{raw: "3.5", err: true}, // no scale
		{raw: "101", err: true},
		{raw: "7/5", err: true},
		{raw: "3/0", err: true},
		{raw: "x/y", err: true},
		{raw: "E", err: true},
		{raw: "Recommended", err: true},
		{raw: "3.5.5", err: true},
		{raw: "6 stars", err: true},
		{raw: "", err: true},
	} {
		sc, err := NormalizeScore(c.raw)
		if c.err {
			if err == nil {
				t.Errorf("NormalizeScore(%q) = %+v, want an error", c.raw, sc)
			}
			continue
		}
		if err != nil {
			t.Errorf("NormalizeScore(%q): %v", c.raw, err)
			continue
		}
		if sc.Value != c.value || sc.Scale != c.scale || sc.Raw != c.raw {
			t.Errorf("NormalizeScore(%q) = %+v, want %v on %s", c.raw, *sc, c.value, c.scale)
		}
	}
}

func TestScoreOn(t *testing.T) {
	for _, c := range []struct {
		raw   string
		scale float64
		want  float64
		err   bool
	}{
		{"6", 10, 60, false}, {"8.1", 10, 81, false}, {"88", 100, 88, false}, {"0", 10, 0, false},
		{"11", 10, 0, true}, {"-1", 10, 0, true}, {"six", 10, 0, true}, {"NaN", 10, 0, true},
	} {
		sc, err := scoreOn(c.raw, c.scale)
		if (err != nil) != c.err || (err == nil && sc.Value != c.want) {
			t.Errorf("scoreOn(%q, %v) = %+v, %v", c.raw, c.scale, sc, err)
		}
	}
}

func ExampleNormalizeScore() {
	for _, raw := range []string{"6/10", "B+", "3.5/5", "4 stars", "90", "A-"} {
		sc, _ := NormalizeScore(raw)
		fmt.Printf("%s → %g (scale %s)\n", raw, sc.Value, sc.Scale)
	}
	// Output:
	// 6/10 → 60 (scale 10)
	// B+ → 83 (scale letter)
	// 3.5/5 → 70 (scale 5)
	// 4 stars → 80 (scale stars)
	// 90 → 90 (scale 100)
	// A- → 91 (scale letter)
}

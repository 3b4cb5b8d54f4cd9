package corpus

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// letterGrades maps letter grades to 0–100. It is Metacritic's published
// conversion table: A+ and A are 100, A- 91, B+ 83, B 75, B- 67, C+ 58,
// C 50, C- 42, D+ 33, D 25, D- 16, F+ 8, F and F- 0.
var letterGrades = map[string]float64{
	"A+": 100, "A": 100, "A-": 91,
	"B+": 83, "B": 75, "B-": 67,
	"C+": 58, "C": 50, "C-": 42,
	"D+": 33, "D": 25, "D-": 16,
	"F+": 8, "F": 0, "F-": 0,
}

var (
	gradeRE    = regexp.MustCompile(`^([A-Fa-f])\s*(\+|-|plus|minus)?$`)
	fractionRE = regexp.MustCompile(`^(\d+(?:\.\d+)?|\.\d+)\s*(?:/|of|out of)\s*(\d+(?:\.\d+)?)(?:\s*stars?)?$`)
	starsRE    = regexp.MustCompile(`^(\d+(?:\.\d+)?|\.\d+)\s*(?:stars?|★)$`)
	numberRE   = regexp.MustCompile(`^(\d+(?:\.\d+)?|\.\d+)\s*(%)?$`)
)

// NormalizeScore reads a score as written and puts it on 0–100. The rule:
//
//   - a letter grade (A+ … F, also "B plus", "C-minus", "B -") uses
//     Metacritic's table: A+/A 100, A- 91, B+ 83, B 75, B- 67, C+ 58, C 50,
//     C- 42, D+ 33, D 25, D- 16, F 0; scale "letter";
//   - a fraction "x/y", "x of y", "x out of y" (optionally followed by
//     "stars") is 100·x/y, scale y; x must lie in 0…y;
//   - "x stars" with no denominator is out of 5 (100·x/5), scale "stars";
//     x must lie in 0…5;
//   - a bare number above 10 and at most 100, or any number followed by "%",
//     is already on 0–100, scale "100";
//   - a bare number from 0 to 10 has no stated scale (it could be out of 4,
//     5 or 10) and is an error; a caller that knows the scale, such as the
//     Metacritic parser for user scores out of 10, uses it directly.
//
// Values are rounded to one decimal. Anything else ("Recommended", "x/y",
// "7/5") is an error naming the raw text.
func NormalizeScore(raw string) (*Score, error) {
	s := strings.TrimSpace(CleanText(raw))
	if s == "" {
		return nil, fmt.Errorf("empty score")
	}
	if m := gradeRE.FindStringSubmatch(s); m != nil {
		g := strings.ToUpper(m[1])
		switch strings.ToLower(m[2]) {
		case "+", "plus":
			g += "+"
		case "-", "minus":
			g += "-"
		}
		v, ok := letterGrades[g]
		if !ok {
			return nil, fmt.Errorf("bad score %q: unknown grade", raw)
		}
		return &Score{Value: v, Raw: s, Scale: "letter"}, nil
	}
	// Letter grades with a hyphenated word: "B-plus", "C-minus".
	if l := strings.ToLower(s); len(l) > 2 && l[1] == '-' && (strings.HasSuffix(l, "-plus") || strings.HasSuffix(l, "-minus")) {
		if sc, err := NormalizeScore(s[:1] + " " + s[2:]); err == nil {
			sc.Raw = s
			return sc, nil
		}
	}
	if m := fractionRE.FindStringSubmatch(strings.ToLower(s)); m != nil {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		if y <= 0 {
			return nil, fmt.Errorf("bad score %q: zero denominator", raw)
		}
		if x > y {
			return nil, fmt.Errorf("bad score %q: above its scale", raw)
		}
		return &Score{Value: round1(100 * x / y), Raw: s, Scale: trimZeros(m[2])}, nil
	}
	if m := starsRE.FindStringSubmatch(strings.ToLower(s)); m != nil {
		x, _ := strconv.ParseFloat(m[1], 64)
		if x > 5 {
			return nil, fmt.Errorf("bad score %q: more than 5 stars with no scale", raw)
		}
		return &Score{Value: round1(100 * x / 5), Raw: s, Scale: "stars"}, nil
	}
	if m := numberRE.FindStringSubmatch(s); m != nil {
		x, _ := strconv.ParseFloat(m[1], 64)
		switch {
		case x > 100:
			return nil, fmt.Errorf("bad score %q: above 100", raw)
		case m[2] == "%" || x > 10:
			return &Score{Value: round1(x), Raw: s, Scale: "100"}, nil
		default:
			return nil, fmt.Errorf("bad score %q: a number up to 10 with no scale", raw)
		}
	}
	return nil, fmt.Errorf("bad score %q", raw)
}

// scoreOn reads a bare number on a known scale (a Metacritic user score "6"
// out of 10, a Metascore "81" out of 100).
func scoreOn(raw string, scale float64) (*Score, error) {
	s := strings.TrimSpace(raw)
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || x < 0 || x > scale {
		return nil, fmt.Errorf("bad score %q on a scale of %g", raw, scale)
	}
	return &Score{Value: round1(100 * x / scale), Raw: s, Scale: strconv.FormatFloat(scale, 'f', -1, 64)}, nil
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// trimZeros turns "4.0" into "4" and "10" stays "10".
func trimZeros(s string) string {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return s
}

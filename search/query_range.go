package search

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseScoreRange parses a score range on 0–100: "80..100", "80..",
// "..39", ">=80", ">80", "<=40", "<40", "80-100" or a single score "90".
// Bounds are inclusive; ">" and "<" exclude the bound itself. A bad range
// returns an *InvalidError with Param "score"; callers parsing a URL
// parameter of another name may set Param to it.
func ParseScoreRange(s string) (Range, error) {
	s = strings.TrimSpace(s)
	bad := func(reason string) (Range, error) {
		return Range{}, &InvalidError{Param: "score", Reason: fmt.Sprintf("%q: %s", s, reason)}
	}
	if s == "" {
		return bad("empty range (want e.g. 80..100, >=80 or <40)")
	}
	var r Range
	var err error
	switch {
	case strings.HasPrefix(s, ">="):
		r.Min, err = scoreBound(s[2:], 0)
	case strings.HasPrefix(s, "<="):
		r.Max, err = scoreBound(s[2:], 0)
	case strings.HasPrefix(s, ">"):
		r.Min, err = scoreBound(s[1:], +1)
	case strings.HasPrefix(s, "<"):
		r.Max, err = scoreBound(s[1:], -1)
	default:
		lo, hi, ok := strings.Cut(s, "..")
		if !ok {
			lo, hi, ok = strings.Cut(s, "-")
		}
		if !ok {
			r.Min, err = scoreBound(s, 0)
			r.Max = r.Min
			break
		}
		if lo == "" && hi == "" {
			return bad("no bounds")
		}
		if lo != "" {
			if r.Min, err = scoreBound(lo, 0); err != nil {
				break
			}
		}
		if hi != "" {
			r.Max, err = scoreBound(hi, 0)
		}
	}
	if err != nil {
		return bad(err.Error())
	}
	if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		return bad("minimum is above maximum")
	}
	return r, nil
}

// scoreBound parses one bound; dir +1 or -1 moves it just past the number
// (for > and <).
func scoreBound(s string, dir int) (*float64, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		return nil, fmt.Errorf("%q is not a number", s)
	}
	if v < 0 || v > 100 {
		return nil, fmt.Errorf("%v is outside 0–100", v)
	}
	if dir != 0 {
		v = math.Nextafter(v, float64(dir)*math.Inf(1))
	}
	return &v, nil
}

// ParseDay parses a day written YYYY-MM-DD into UTC midnight. A bad day
// returns an *InvalidError with Param "date"; callers parsing a URL
// parameter of another name (from, to) may set Param to it.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, &InvalidError{Param: "date", Reason: fmt.Sprintf("%q is not a day (want YYYY-MM-DD)", s)}
	}
	return t, nil
}

// ParsePeriod parses a year (2012), a month (2012-07) or a day
// (2012-07-28) and returns its first and last days.
func ParsePeriod(s string) (first, last time.Time, err error) {
	s = strings.TrimSpace(s)
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if len(s) != len(f.layout) {
			continue
		}
		t, perr := time.Parse(f.layout, s)
		if perr == nil {
			return t, f.next(t).AddDate(0, 0, -1), nil
		}
	}
	return time.Time{}, time.Time{}, &InvalidError{Param: "date", Reason: fmt.Sprintf("%q is not a year, month or day (want YYYY, YYYY-MM or YYYY-MM-DD)", s)}
}

// ParseDateRange parses a range of days: a period ("2012", "2012-07",
// "2012-07-28": all its days), "A..B" (from the start of period A to the end
// of period B; either may be left out), ">=A", ">A", "<=B" or "<B". A bad
// range returns an *InvalidError with Param "date".
func ParseDateRange(s string) (DateRange, error) {
	s = strings.TrimSpace(s)
	var r DateRange
	period := func(p string) (time.Time, time.Time, error) { return ParsePeriod(p) }
	var err error
	switch {
	case strings.HasPrefix(s, ">="):
		r.From, _, err = period(s[2:])
	case strings.HasPrefix(s, "<="):
		_, r.To, err = period(s[2:])
	case strings.HasPrefix(s, ">"):
		var last time.Time
		_, last, err = period(s[1:])
		r.From = last.AddDate(0, 0, 1)
	case strings.HasPrefix(s, "<"):
		var first time.Time
		first, _, err = period(s[1:])
		r.To = first.AddDate(0, 0, -1)
	default:
		lo, hi, ok := strings.Cut(s, "..")
		if !ok {
			r.From, r.To, err = period(s)
			break
		}
		if lo == "" && hi == "" {
			return r, &InvalidError{Param: "date", Reason: fmt.Sprintf("%q: no bounds", s)}
		}
		if lo != "" {
			if r.From, _, err = period(lo); err != nil {
				break
			}
		}
		if hi != "" {
			_, r.To, err = period(hi)
		}
	}
	if err != nil {
		return DateRange{}, err
	}
	// Years past 9999 (">9999") or before 1 ("<0001") can be neither
	// stored nor written (RFC 3339 has four-digit years).
	for _, t := range []time.Time{r.From, r.To} {
		if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999) {
			return DateRange{}, &InvalidError{Param: "date", Reason: fmt.Sprintf("%q: outside the years 0001 to 9999", s)}
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.From.After(r.To) {
		return DateRange{}, &InvalidError{Param: "date", Reason: fmt.Sprintf("%q: start is after end", s)}
	}
	return r, nil
}

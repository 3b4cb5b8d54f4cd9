package search

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func ptr(v float64) *float64 { return &v }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		clauses  []Clause
		filter   Filter
		warnings int
	}{
		{name: "empty", text: ""},
		{name: "spaces", text: "  \t "},
		{
			name:    "words, last is a prefix",
			text:    "thrilling unfin",
			clauses: []Clause{{Text: "thrilling"}, {Text: "unfin", Prefix: true}},
		},
		{
			name:    "trailing space: no prefix",
			text:    "thrilling unfinished ",
			clauses: []Clause{{Text: "thrilling"}, {Text: "unfinished"}},
		},
		{
			name:    "punctuation trimmed, inner kept",
			text:    "symphony, Ai's well-made (film).",
			clauses: []Clause{{Text: "symphony"}, {Text: "Ai's"}, {Text: "well-made"}, {Text: "film", Prefix: true}},
		},
		{
			name:    "phrase",
			text:    `"tofu construction" schools`,
			clauses: []Clause{{Text: "tofu construction", Phrase: true}, {Text: "schools", Prefix: true}},
		},
		{
			name:    "phrase last: no prefix",
			text:    `schools "tofu  construction"`,
			clauses: []Clause{{Text: "schools"}, {Text: "tofu construction", Phrase: true}},
		},
		{
			name:    "curly quotes",
			text:    "“never sorry” film ",
			clauses: []Clause{{Text: "never sorry", Phrase: true}, {Text: "film"}},
		},
		{
			name:    "exclusions",
			text:    `ai -twitter -"bird's nest" art`,
			clauses: []Clause{{Text: "ai"}, {Text: "twitter", Exclude: true}, {Text: "bird's nest", Phrase: true, Exclude: true}, {Text: "art", Prefix: true}},
		},
		{
			name:    "excluded last word is no prefix",
			text:    "ai -twitter",
			clauses: []Clause{{Text: "ai"}, {Text: "twitter", Exclude: true}},
		},
		{
			name:    "lone dash is punctuation",
			text:    "art - politics ",
			clauses: []Clause{{Text: "art"}, {Text: "politics"}},
		},
		{
			name:    "empty phrase dropped",
			text:    `"" art `,
			clauses: []Clause{{Text: "art"}},
		},
		{
			name:     "unclosed quote falls back to words",
			text:     `"thrilling unfinished symph`,
			clauses:  []Clause{{Text: "thrilling"}, {Text: "unfinished"}, {Text: "symph", Prefix: true}},
			warnings: 1,
		},
		{
			name:    "field filters",
			text:    `outlet:"Boston Globe" author:Turan kind:Critic work:"Ai Weiwei: Never Sorry" art `,
			clauses: []Clause{{Text: "art"}},
			filter: Filter{Outlets: []string{"Boston Globe"}, Authors: []string{"Turan"}, Kinds: []string{"critic"},
				Works: []string{"Ai Weiwei: Never Sorry"}},
		},
		{
			name:   "same field twice ORs",
			text:   "kind:user kind:critic kind:user",
			filter: Filter{Kinds: []string{"user", "critic"}},
		},
		{
			name:   "score and date",
			text:   "score:80..100 date:2012-07",
			filter: Filter{Score: Range{Min: ptr(80), Max: ptr(100)}, Date: DateRange{From: day("2012-07-01"), To: day("2012-07-31")}},
		},
		{
			name:   "two score filters intersect",
			text:   "score:>=80 score:<=90",
			filter: Filter{Score: Range{Min: ptr(80), Max: ptr(90)}},
		},
		{
			name:   "no score",
			text:   "score:none",
			filter: Filter{NoScore: true},
		},
		{
			name:     "bad score falls back to words",
			text:     "score:great film",
			clauses:  []Clause{{Text: "score"}, {Text: "great"}, {Text: "film", Prefix: true}},
			warnings: 1,
		},
		{
			name:     "bad kind falls back to words",
			text:     "kind:blogger",
			clauses:  []Clause{{Text: "kind"}, {Text: "blogger", Prefix: true}},
			warnings: 1,
		},
		{
			name:     "bad date falls back to words",
			text:     "date:2013..2012 ai ",
			clauses:  []Clause{{Text: "date"}, {Text: "2013..2012"}, {Text: "ai"}},
			warnings: 1,
		},
		{
			name:     "unclosed quote in filter",
			text:     `outlet:"Boston Globe`,
			clauses:  []Clause{{Text: "outlet"}, {Text: "Boston"}, {Text: "Globe", Prefix: true}},
			warnings: 1,
		},
		{
			// Found by FuzzParse: "!work:0" was the word "work:0", which
			// Query.String wrote back as a filter.
			name:    "punctuation before a filter is dropped, as before a word",
			text:    `(outlet:Variety !kind:user ai`,
			clauses: []Clause{{Text: "ai", Prefix: true}},
			filter:  Filter{Outlets: []string{"Variety"}, Kinds: []string{"user"}},
		},
		{
			name:    "unknown field is a word",
			text:    "re:union ",
			clauses: []Clause{{Text: "re:union"}},
		},
		{
			name:    "field names are case-insensitive",
			text:    "Outlet:Time ",
			filter:  Filter{Outlets: []string{"Time"}},
			clauses: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Parse(tt.text)
			if !reflect.DeepEqual(q.Clauses, tt.clauses) {
				t.Errorf("Parse(%q).Clauses = %+v, want %+v", tt.text, q.Clauses, tt.clauses)
			}
			if !reflect.DeepEqual(q.Filter, tt.filter) {
				t.Errorf("Parse(%q).Filter = %+v, want %+v", tt.text, q.Filter, tt.filter)
			}
			if len(q.Warnings) != tt.warnings {
				t.Errorf("Parse(%q).Warnings = %q, want %d", tt.text, q.Warnings, tt.warnings)
			}
		})
	}
}

func TestParseScoreRange(t *testing.T) {
	tests := []struct {
		in       string
		min, max *float64
		bad      bool
	}{
		{in: "80..100", min: ptr(80), max: ptr(100)},
		{in: " 80 .. 100 ", min: ptr(80), max: ptr(100)},
		{in: "80-100", min: ptr(80), max: ptr(100)},
		{in: "80..", min: ptr(80)},
		{in: "..39.5", max: ptr(39.5)},
		{in: ">=80", min: ptr(80)},
		{in: "<=40", max: ptr(40)},
		{in: ">80", min: ptr(math.Nextafter(80, 101))},
		{in: "<40", max: ptr(math.Nextafter(40, 39))},
		{in: "90", min: ptr(90), max: ptr(90)},
		{in: "", bad: true},
		{in: "..", bad: true},
		{in: "abc", bad: true},
		{in: "100..80", bad: true},
		{in: "80..120", bad: true},
		{in: ">=-5", bad: true},
		{in: "NaN", bad: true},
	}
	for _, tt := range tests {
		r, err := ParseScoreRange(tt.in)
		if tt.bad {
			var inv *InvalidError
			if !errors.As(err, &inv) || inv.Param != "score" {
				t.Errorf("ParseScoreRange(%q) = %v, %v; want *InvalidError for score", tt.in, r, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseScoreRange(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(r, Range{Min: tt.min, Max: tt.max}) {
			t.Errorf("ParseScoreRange(%q) = %s, want %s", tt.in, fmtRange(r), fmtRange(Range{Min: tt.min, Max: tt.max}))
		}
	}
	// "<40" must exclude 40 itself but include any score below it.
	r, _ := ParseScoreRange("<40")
	if r.Contains(40) || !r.Contains(39.99) {
		t.Errorf("<40 = %s: contains 40 or not 39.99", fmtRange(r))
	}
}

func fmtRange(r Range) string {
	f := func(p *float64) string {
		if p == nil {
			return "open"
		}
		return sprintf("%.17g", *p)
	}
	return "[" + f(r.Min) + ", " + f(r.Max) + "]"
}

func TestParseDay(t *testing.T) {
	if d, err := ParseDay("2012-08-01"); err != nil || !d.Equal(day("2012-08-01")) || d.Location() != time.UTC {
		t.Errorf("ParseDay(2012-08-01) = %v, %v", d, err)
	}
	for _, in := range []string{"", "2012", "2012-13-01", "01/08/2012", "2012-02-30"} {
		_, err := ParseDay(in)
		var inv *InvalidError
		if !errors.As(err, &inv) || inv.Param != "date" || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDay(%q) error = %v, want *InvalidError for date naming the format", in, err)
		}
	}
}

func TestParseDateRange(t *testing.T) {
	tests := []struct {
		in       string
		from, to string
		bad      bool
	}{
		{in: "2012", from: "2012-01-01", to: "2012-12-31"},
		{in: "2012-02", from: "2012-02-01", to: "2012-02-29"},
		{in: "2012-07-28", from: "2012-07-28", to: "2012-07-28"},
		{in: "2012..2013", from: "2012-01-01", to: "2013-12-31"},
		{in: "2012-07..", from: "2012-07-01"},
		{in: "..2012-07", to: "2012-07-31"},
		{in: ">=2012-08-01", from: "2012-08-01"},
		{in: ">2012-08", from: "2012-09-01"},
		{in: "<=2012", to: "2012-12-31"},
		{in: "<2012-08-01", to: "2012-07-31"},
		{in: "", bad: true},
		{in: "..", bad: true},
		{in: "2013..2012", bad: true},
		{in: "12", bad: true},
		{in: "2012-7", bad: true},
		{in: "yesterday", bad: true},
		// Found by FuzzParse: a year past 9999 made a request whose cache
		// key could not be written.
		{in: ">9999", bad: true},
		{in: "<0001", bad: true},
		{in: "9999", from: "9999-01-01", to: "9999-12-31"},
	}
	for _, tt := range tests {
		r, err := ParseDateRange(tt.in)
		if tt.bad {
			var inv *InvalidError
			if !errors.As(err, &inv) || inv.Param != "date" {
				t.Errorf("ParseDateRange(%q) = %v, %v; want *InvalidError for date", tt.in, r, err)
			}
			continue
		}
		var want DateRange
		if tt.from != "" {
			want.From = day(tt.from)
		}
		if tt.to != "" {
			want.To = day(tt.to)
		}
		if err != nil || !r.From.Equal(want.From) || !r.To.Equal(want.To) {
			t.Errorf("ParseDateRange(%q) = %v..%v, %v; want %v..%v", tt.in, r.From, r.To, err, want.From, want.To)
		}
	}
}

func TestFilterMerge(t *testing.T) {
	req := Filter{Outlets: []string{"Time"}, Score: Range{Min: ptr(60)}, Date: DateRange{From: day("2012-01-01")}}
	q := Parse(`outlet:"Boston Globe" outlet:Time score:<=90 date:..2012-07 kind:user`).Filter
	got := req.Merge(q)
	want := Filter{
		Outlets: []string{"Time", "Boston Globe"},
		Kinds:   []string{"user"},
		Score:   Range{Min: ptr(60), Max: ptr(90)},
		Date:    DateRange{From: day("2012-01-01"), To: day("2012-07-31")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %+v, want %+v", got, want)
	}
	if len(req.Outlets) != 1 {
		t.Errorf("Merge changed its receiver: %v", req.Outlets)
	}
	if !(Filter{}).IsZero() || got.IsZero() || !(Filter{}).Merge(Filter{}).IsZero() {
		t.Error("IsZero wrong")
	}
}

func TestDateRangeContains(t *testing.T) {
	r := DateRange{From: day("2012-07-01"), To: day("2012-07-31")}
	for in, want := range map[string]bool{"2012-06-30": false, "2012-07-01": true, "2012-07-31": true, "2012-08-01": false} {
		if got := r.Contains(day(in).Add(13 * time.Hour)); got != want {
			t.Errorf("Contains(%s) = %v, want %v", in, got, want)
		}
	}
}

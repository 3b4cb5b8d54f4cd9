package synth

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

func newGen(tb testing.TB, seed uint64) *Generator {
	tb.Helper()
	g, err := New(seed)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func write(tb testing.TB, seed uint64, opts Options) ([]byte, Stats) {
	tb.Helper()
	var buf bytes.Buffer
	st, err := Write(context.Background(), &buf, newGen(tb, seed), opts)
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), st
}

func TestDeterministic(t *testing.T) {
	a, _ := write(t, 7, Options{Reviews: 300})
	b, _ := write(t, 7, Options{Reviews: 300})
	c, _ := write(t, 8, Options{Reviews: 300})
	if !bytes.Equal(a, b) {
		t.Error("same seed gave different output")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same output")
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name           string
		opts           Options
		reviews, paras int // -1: don't check
	}{
		{"reviews", Options{Reviews: 50}, 50, -1},
		{"paragraphs", Options{Paragraphs: 1001}, -1, 1001},
		{"both, reviews first", Options{Reviews: 3, Paragraphs: 1000}, 3, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, st := write(t, 1, tt.opts)
			lines := strings.Count(string(out), "\n")
			if lines != st.Reviews || int64(len(out)) != st.Bytes {
				t.Errorf("stats %+v, output has %d lines and %d bytes", st, lines, len(out))
			}
			if tt.reviews >= 0 && st.Reviews != tt.reviews {
				t.Errorf("wrote %d reviews, want %d", st.Reviews, tt.reviews)
			}
			if tt.paras >= 0 && st.Paragraphs != tt.paras {
				t.Errorf("wrote %d paragraphs, want %d", st.Paragraphs, tt.paras)
			}
		})
	}
	if _, err := Write(context.Background(), &bytes.Buffer{}, newGen(t, 1), Options{}); err == nil {
		t.Error("Write with no limit: want an error")
	}
}

// TestJSONRoundTrip checks the hand-written encoder against encoding/json
// decoding into corpus.Review, for generated reviews and awkward strings.
func TestJSONRoundTrip(t *testing.T) {
	g := newGen(t, 3)
	var reviews []corpus.Review
	for range 500 {
		reviews = append(reviews, g.Next(0))
	}
	reviews = append(reviews, corpus.Review{
		ID: "x", Work: "Quote \" back\\slash\ttab\nnew\x01 <b>&</b> é \xff",
		Kind: corpus.KindArticle, SameText: []string{"a", "b"}, Fingerprint: "f", Source: "s.jsonl:3",
		Date: time.Date(2003, 4, 5, 0, 0, 0, 0, time.UTC), Paragraphs: []string{"one"},
	})
	for i, rv := range reviews {
		line := AppendJSON(nil, &rv)
		var got corpus.Review
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("review %d: %v\n%s", i, err, line)
		}
		want := rv
		want.Work = strings.ToValidUTF8(want.Work, "\ufffd")
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("review %d round trip:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

func TestShape(t *testing.T) {
	out, st := write(t, 11, Options{Reviews: 20000})
	var (
		paraHist    [9]int
		outlets     = map[string]int{}
		works       = map[string]bool{}
		scales      = map[string]int{}
		words       = map[string]int{}
		noAuthor    int
		noScore     int
		noDate      int
		minY, maxY  = 9999, 0
		totalTokens int
	)
	for i, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var rv corpus.Review
		if err := json.Unmarshal([]byte(line), &rv); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if len(rv.Paragraphs) < 1 || len(rv.Paragraphs) > 8 {
			t.Fatalf("line %d: %d paragraphs", i+1, len(rv.Paragraphs))
		}
		paraHist[len(rv.Paragraphs)]++
		for _, p := range rv.Paragraphs {
			f := strings.Fields(p)
			// Names and titles add a few words beyond the drawn count.
			if len(f) < 40 || len(f) > 200 {
				t.Fatalf("line %d: paragraph of %d words", i+1, len(f))
			}
			for _, w := range f {
				words[strings.ToLower(strings.Trim(w, ".,!?"))]++
				totalTokens++
			}
		}
		outlets[rv.Outlet]++
		works[rv.Work] = true
		if rv.Author == "" {
			noAuthor++
		}
		if rv.Date.IsZero() {
			noDate++
		} else {
			minY, maxY = min(minY, rv.Date.Year()), max(maxY, rv.Date.Year())
		}
		if rv.Score == nil {
			noScore++
		} else {
			scales[rv.Score.Scale]++
			checkScore(t, i+1, rv.Score)
		}
	}
	for n := 1; n <= 8; n++ {
		if paraHist[n] == 0 {
			t.Errorf("no review with %d paragraphs", n)
		}
	}
	if len(outlets) < 1000 {
		t.Errorf("%d outlets, want ~1500", len(outlets))
	}
	counts := sortedCounts(outlets)
	if counts[0] < 20*counts[len(counts)/2] {
		t.Errorf("outlets not skewed: top %d, median %d", counts[0], counts[len(counts)/2])
	}
	if len(works) < 200 || len(works) > 400 {
		t.Errorf("%d works, want a few hundred", len(works))
	}
	for _, s := range []string{"100", "10", "5", "4", "letter"} {
		if scales[s] == 0 {
			t.Errorf("no score on scale %q", s)
		}
	}
	for name, n := range map[string]int{"author": noAuthor, "score": noScore, "date": noDate} {
		if n == 0 || n > st.Reviews/2 {
			t.Errorf("%d of %d reviews lack a %s", n, st.Reviews, name)
		}
	}
	if minY > 2001 || maxY < 2023 || maxY > 2024 {
		t.Errorf("dates span %d–%d, want about 2000–2024", minY, maxY)
	}
	// Zipf: frequency falls about as 1/rank between ranks 10 and 1000.
	wc := sortedCounts(words)
	slope := math.Log(float64(wc[999])/float64(wc[9])) / math.Log(100)
	if slope < -1.4 || slope > -0.7 {
		t.Errorf("rank-frequency slope %.2f, want about -1", slope)
	}
	if len(words) < 20000 {
		t.Errorf("vocabulary of %d words in %d tokens: no long tail", len(words), totalTokens)
	}
}

func checkScore(t *testing.T, line int, s *corpus.Score) {
	t.Helper()
	if s.Value < 0 || s.Value > 100 {
		t.Errorf("line %d: score %+v out of 0–100", line, s)
	}
	var want float64
	switch s.Scale {
	case "letter":
		for _, g := range letterGrades {
			if g.raw == s.Raw {
				want = g.value
			}
		}
	case "100":
		want, _ = strconv.ParseFloat(s.Raw, 64)
	default:
		num, den, _ := strings.Cut(s.Raw, "/")
		n, _ := strconv.ParseFloat(num, 64)
		d, _ := strconv.ParseFloat(den, 64)
		if den != s.Scale {
			t.Errorf("line %d: raw %q on scale %q", line, s.Raw, s.Scale)
		}
		want = n / d * 100
	}
	if math.Abs(want-s.Value) > 1e-9 {
		t.Errorf("line %d: score %+v, want value %v", line, s, want)
	}
}

func sortedCounts(m map[string]int) []int {
	c := make([]int, 0, len(m))
	for _, n := range m {
		c = append(c, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(c)))
	return c
}

// TestWriteMatchesNext checks that Write's streaming path gives the same
// bytes as encoding Next's reviews, including a cut-short last review.
func TestWriteMatchesNext(t *testing.T) {
	out, st := write(t, 9, Options{Paragraphs: 777})
	g := newGen(t, 9)
	var want []byte
	left := 777
	for range st.Reviews {
		rv := g.Next(left)
		left -= len(rv.Paragraphs)
		want = append(AppendJSON(want, &rv), '\n')
	}
	if !bytes.Equal(out, want) {
		t.Error("Write and AppendJSON(Next) differ")
	}
}

func TestAppendText(t *testing.T) {
	for _, s := range []string{"plain", `a "quote" \ back`, "tab\tnew\nline\x01", "é ü"} {
		var got string
		if err := json.Unmarshal(appendText(nil, []byte(s)), &got); err != nil || got != s {
			t.Errorf("appendText(%q) decodes to %q, %v", s, got, err)
		}
	}
}

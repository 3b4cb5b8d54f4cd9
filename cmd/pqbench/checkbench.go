package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search/check"
)

// childCheck times the pull-quote check on the pullquote index (check.go):
// no peer has one.
const childCheck = "child-check"

// checkOut is what a check child reports: latencies in ms and how many
// blurbs got each verdict.
type checkOut struct {
	P50      float64        `json:"p50_ms"`
	P95      float64        `json:"p95_ms"`
	P99      float64        `json:"p99_ms"`
	Verdicts map[string]int `json:"verdicts"`
}

// drawBlurbs draws n blurbs from the corpus's paragraphs, as posters quote
// them: a run of 4–12 words as written (exact), two runs joined by an
// ellipsis (trimmed), a run with one word changed (altered), and a run of
// words from two different paragraphs (not found).
func drawBlurbs(ctx context.Context, path string, n int, seed uint64) ([]string, error) {
	r := rand.New(rand.NewPCG(seed, 0xb1))
	var paras []string
	seen := 0
	err := readCorpus(ctx, path, func(rv corpus.Review) error {
		for _, p := range rv.Paragraphs {
			seen++
			if len(paras) < 4*n {
				paras = append(paras, p)
			} else if j := r.IntN(seen); j < len(paras) {
				paras[j] = p
			}
		}
		return nil
	})
	if err != nil || len(paras) < 2 {
		return nil, fmt.Errorf("draw blurbs from %s: %v", path, err)
	}
	run := func(ws []string, k int) []string {
		if len(ws) <= k {
			return ws
		}
		i := r.IntN(len(ws) - k)
		return ws[i : i+k]
	}
	out := make([]string, 0, n)
	for len(out) < n {
		ws := strings.Fields(paras[r.IntN(len(paras))])
		if len(ws) < 20 {
			continue
		}
		k := 4 + r.IntN(9)
		switch len(out) % 4 {
		case 0:
			out = append(out, `"`+strings.Join(run(ws, k), " ")+`"`)
		case 1:
			i := r.IntN(len(ws) - 14)
			out = append(out, `"`+strings.Join(ws[i:i+5], " ")+" … "+strings.Join(ws[i+8:i+13], " ")+`"`)
		case 2:
			q := append([]string(nil), run(ws, k)...)
			q[len(q)/2] = "splendid"
			out = append(out, `"`+strings.Join(q, " ")+`"`)
		default:
			other := strings.Fields(paras[r.IntN(len(paras))])
			out = append(out, `"`+strings.Join(run(ws, 3), " ")+" "+strings.Join(run(other, 3), " ")+`"`)
		}
	}
	return out, nil
}

// runChildCheck checks -n blurbs drawn from -corpus against the pullquote
// index at -dir, after a few untimed ones.
func runChildCheck(ctx context.Context, args []string, stdout io.Writer) error {
	c, fs, _ := parseChild(childCheck, args)
	n := fs.Int("n", 200, "blurbs")
	seed := fs.Uint64("seed", 1, "seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	blurbs, err := drawBlurbs(ctx, c.corpus, *n, *seed)
	if err != nil {
		return err
	}
	q, err := openPullquote(c.dir)
	if err != nil {
		return err
	}
	defer q.close()
	checker := check.New(q.s)
	out := checkOut{Verdicts: map[string]int{}}
	var lats []float64
	w := min(warmup, len(blurbs))
	for i, s := range append(append([]string(nil), blurbs[:w]...), blurbs...) {
		b, err := check.ParseBlurb(s)
		if err != nil {
			return fmt.Errorf("blurb %q: %w", s, err)
		}
		t := time.Now()
		res, err := checker.Check(ctx, b)
		if err != nil {
			return fmt.Errorf("check %q: %w", s, err)
		}
		if i >= w {
			lats = append(lats, float64(time.Since(t).Nanoseconds())/1e6)
			out.Verdicts[string(res.Verdict)]++
		}
	}
	sort.Float64s(lats)
	out.P50, out.P95, out.P99 = percentile(lats, 50), percentile(lats, 95), percentile(lats, 99)
	return json.NewEncoder(stdout).Encode(out)
}

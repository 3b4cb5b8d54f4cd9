package check

import "strings"

// Scores of the local alignment of a quote's words to a source's
// (Smith–Waterman): a word in both gains, a changed, added or missing word
// costs, so the best-scoring stretch of the source is the one that holds
// most of the quote, in order and close together.
const (
	alignMatch    = 3
	alignMismatch = -1
	alignGap      = -1
)

// alignment is the best local alignment of quote words to source tokens.
type alignment struct {
	// pairs lists aligned positions in order: q or s is -1 for a word only
	// in the quote (added) or only in the source (missing).
	pairs []pair
	// matched counts the quote words found in the source.
	matched int
	// srcStart and srcEnd bound the aligned stretch of the source.
	srcStart, srcEnd int
}

type pair struct{ q, s int }

// align aligns q to src locally. Quote words before and after the aligned
// stretch are reported as added.
func align(q []string, src []token) alignment {
	n, m := len(q), len(src)
	if n == 0 || m == 0 {
		return alignment{}
	}
	// score[i][j]: best alignment ending at q[i-1], src[j-1].
	score := make([][]int32, n+1)
	for i := range score {
		score[i] = make([]int32, m+1)
	}
	bi, bj, best := 0, 0, int32(0)
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			d := int32(alignMismatch)
			if q[i-1] == src[j-1].norm {
				d = alignMatch
			}
			v := max(0, score[i-1][j-1]+d, score[i-1][j]+alignGap, score[i][j-1]+alignGap)
			score[i][j] = v
			if v > best {
				bi, bj, best = i, j, v
			}
		}
	}
	var a alignment
	if best == 0 {
		for k := range q {
			a.pairs = append(a.pairs, pair{k, -1})
		}
		return a
	}
	// Trace back from the best cell to where the stretch began.
	var rev []pair
	i, j := bi, bj
	for i > 0 && j > 0 && score[i][j] > 0 {
		d := int32(alignMismatch)
		if q[i-1] == src[j-1].norm {
			d = alignMatch
		}
		switch {
		case score[i][j] == score[i-1][j-1]+d:
			if d == alignMatch {
				a.matched++
				rev = append(rev, pair{i - 1, j - 1})
			} else {
				rev = append(rev, pair{i - 1, -1}, pair{-1, j - 1})
			}
			i, j = i-1, j-1
		case score[i][j] == score[i-1][j]+alignGap:
			rev = append(rev, pair{i - 1, -1})
			i--
		default:
			rev = append(rev, pair{-1, j - 1})
			j--
		}
	}
	for k := 0; k < i; k++ {
		a.pairs = append(a.pairs, pair{k, -1})
	}
	for k := len(rev) - 1; k >= 0; k-- {
		a.pairs = append(a.pairs, rev[k])
	}
	for k := bi; k < n; k++ {
		a.pairs = append(a.pairs, pair{k, -1})
	}
	a.srcStart, a.srcEnd = j, bj
	return a
}

// DiffOp is one difference between the source's words and the quote's.
type DiffOp struct {
	// Op is "changed" (the source said Source, the quote says Quote),
	// "added" (only the quote has Quote) or "missing" (the quote leaves
	// out Source).
	Op     string `json:"op"`
	Source string `json:"source,omitempty"`
	Quote  string `json:"quote,omitempty"`
}

// diff turns an alignment into the differences between source and quote,
// each side in its own words (the source's as written).
func (a alignment) diff(q []string, src []token, text string) []DiffOp {
	var out []DiffOp
	var qs, ss []string
	flush := func() {
		switch {
		case len(qs) > 0 && len(ss) > 0:
			out = append(out, DiffOp{Op: "changed", Source: join(ss), Quote: join(qs)})
		case len(qs) > 0:
			out = append(out, DiffOp{Op: "added", Quote: join(qs)})
		case len(ss) > 0:
			out = append(out, DiffOp{Op: "missing", Source: join(ss)})
		}
		qs, ss = nil, nil
	}
	for _, p := range a.pairs {
		switch {
		case p.q >= 0 && p.s >= 0:
			flush()
		case p.q >= 0:
			qs = append(qs, q[p.q])
		default:
			t := src[p.s]
			ss = append(ss, text[t.start:t.end])
		}
	}
	flush()
	return out
}

func join(ws []string) string { return strings.Join(ws, " ") }

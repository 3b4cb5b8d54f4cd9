package synth

import (
	"math"
	"math/rand/v2"
)

// alias samples an index from a fixed discrete distribution in O(1) with
// Vose's alias method, using one 64-bit random number per draw.
type alias struct {
	n     uint64
	prob  []uint32 // threshold on the low 32 bits: keep i when below
	other []uint32
}

// newAlias builds a sampler for weights (not necessarily normalised).
func newAlias(weights []float64) *alias {
	n := len(weights)
	var sum float64
	for _, w := range weights {
		sum += w
	}
	scaled := make([]float64, n)
	small := make([]int, 0, n)
	large := make([]int, 0, n)
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	a := &alias{n: uint64(n), prob: make([]uint32, n), other: make([]uint32, n)}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s] = uint32(scaled[s] * (1 << 32))
		a.other[s] = uint32(l)
		scaled[l] += scaled[s] - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		a.prob[i] = 1<<32 - 1
		a.other[i] = uint32(i)
	}
	return a
}

// draw returns an index with probability proportional to its weight.
func (a *alias) draw(r *rand.Rand) int { return a.drawBits(r.Uint64()) }

// drawBits is draw from a given random number; it uses only the high 52
// bits, leaving the low 12 for the caller.
func (a *alias) drawBits(u uint64) int {
	i := (u >> 32) * a.n >> 32
	if uint32(u)>>12 < a.prob[i]>>12 {
		return int(i)
	}
	return int(a.other[i])
}

// zipfWeights returns weights 1/(rank+q)^s for ranks 0..n-1.
func zipfWeights(n int, s, q float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = math.Pow(float64(i)+1+q, -s)
	}
	return w
}

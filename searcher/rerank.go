package searcher

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/search"
)

// Match qualities: how well a paragraph word matches a query word.
const (
	qualityExact  = 1.0
	qualityPrefix = 0.8
	qualityFuzzy  = 0.6
)

// Weights of the quote finder's blend: BM25 against in-order coverage.
const (
	weightBM25  = 0.3
	weightQuote = 0.7
)

// matcher tells which query words a paragraph word matches, with memo
// across the paragraphs of one search.
type matcher struct {
	terms []qterm
	memo  map[string][]termMatch
}

// termMatch is one query word a paragraph word matches, and how well.
type termMatch struct {
	term    int
	quality float64
}

func newMatcher(terms []qterm) *matcher {
	return &matcher{terms: terms, memo: make(map[string][]termMatch)}
}

// match returns the query words that a paragraph word matches: word is the
// word as written, stem its stem.
func (m *matcher) match(word, stem string) []termMatch {
	// A word's stem depends on the word alone, so the word is the key.
	if ms, ok := m.memo[word]; ok {
		return ms
	}
	lower := strings.ToLower(word)
	var ms []termMatch
	for i, t := range m.terms {
		switch {
		case stem == t.stem:
			ms = append(ms, termMatch{i, qualityExact})
		case t.prefix && (strings.HasPrefix(lower, t.text) || strings.HasPrefix(stem, t.text)):
			ms = append(ms, termMatch{i, qualityPrefix})
		case t.fuzz > 0 && withinEdits(lower, t.text, t.fuzz):
			ms = append(ms, termMatch{i, qualityFuzzy})
		}
	}
	m.memo[word] = ms
	return ms
}

// occurrence is a paragraph word that matches a query word.
type occurrence struct {
	pos     int // token position in the paragraph
	term    int
	quality float64
	start   int // byte offsets in the text
	end     int
}

// occurrences analyses text and returns its words that match the query,
// in order.
func occurrences(text string, m *matcher, a *analysis.Analyzer) []occurrence {
	var out []occurrence
	for _, t := range a.Stemmed([]byte(text)) {
		word := text[t.Start:t.End]
		for _, tm := range m.match(word, string(t.Term)) {
			out = append(out, occurrence{pos: t.Position, term: tm.term, quality: tm.quality, start: t.Start, end: t.End})
		}
	}
	return out
}

// candidate is a hit being reranked.
type candidate struct {
	hit  search.Hit
	bm25 float64
	occ  []occurrence
}

// rerank orders the candidates by a blend of BM25 (relative to the best
// candidate's, square-rooted to soften it) and how much of the query each
// holds in order and close together (quoteScore). span is the number of
// positions the query's words take.
func rerank(cands []candidate, m *matcher, a *analysis.Analyzer, span int) {
	maxBM25 := 0.0
	for _, c := range cands {
		maxBM25 = max(maxBM25, c.bm25)
	}
	for i := range cands {
		c := &cands[i]
		c.occ = occurrences(c.hit.Text, m, a)
		bm := 0.0
		if maxBM25 > 0 {
			bm = math.Sqrt(c.bm25 / maxBM25)
		}
		c.hit.Relevance = weightBM25*bm + weightQuote*quoteScore(c.occ, len(m.terms), span)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].hit.Relevance > cands[j].hit.Relevance })
}

// quoteScore rates, on 0–1, how well a paragraph's matching words hold a
// query of n words taking span positions: the share of the query's words
// present (coverage), the longest run of them in the query's order, and
// how tightly the smallest window holding the most of them is packed.
func quoteScore(occ []occurrence, n, span int) float64 {
	if n == 0 || len(occ) == 0 {
		return 0
	}
	best := make([]float64, n)
	for _, o := range occ {
		best[o.term] = max(best[o.term], o.quality)
	}
	coverage, distinct := 0.0, 0
	for _, q := range best {
		coverage += q
		if q > 0 {
			distinct++
		}
	}
	coverage /= float64(n)

	lo, hi := smallestWindow(occ, n, distinct)
	inOrder := longestInOrder(occ[lo:hi])
	width := occ[hi-1].pos - occ[lo].pos + 1
	expected := float64(span) * float64(distinct) / float64(n)
	closeness := 1.0
	if float64(width) > expected {
		closeness = expected / float64(width)
	}
	order := float64(inOrder) / float64(n)
	return coverage * coverage * (0.3 + 0.45*order + 0.25*closeness)
}

// smallestWindow returns the shortest run occ[lo:hi] (by positions) that
// holds want distinct query words.
func smallestWindow(occ []occurrence, n, want int) (lo, hi int) {
	count := make([]int, n)
	have := 0
	bestLo, bestHi, bestW := 0, len(occ), -1
	l := 0
	for r, o := range occ {
		if count[o.term] == 0 {
			have++
		}
		count[o.term]++
		for have == want {
			if w := occ[r].pos - occ[l].pos; bestW < 0 || w < bestW {
				bestLo, bestHi, bestW = l, r+1, w
			}
			count[occ[l].term]--
			if count[occ[l].term] == 0 {
				have--
			}
			l++
		}
	}
	return bestLo, bestHi
}

// longestInOrder returns the length of the longest run of occurrences
// whose query words come in the query's order (a longest strictly
// increasing subsequence of their query indexes).
func longestInOrder(occ []occurrence) int {
	var tails []int
	for _, o := range occ {
		i, _ := slices.BinarySearch(tails, o.term)
		if i == len(tails) {
			tails = append(tails, o.term)
		} else {
			tails[i] = o.term
		}
	}
	return len(tails)
}

// withinEdits reports whether a and b are at most k edits apart
// (Levenshtein distance), for small k.
func withinEdits(a, b string, k int) bool {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] <= k
}

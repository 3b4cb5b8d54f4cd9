package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/pullquote/pullquote/corpus"
)

// stopWords are left out of query words: every engine's English analysis
// drops them (this is the Snowball list PostgreSQL's 'english' uses, which
// covers Bleve's).
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you your yours yourself
	yourselves he him his himself she her hers herself it its itself they them their theirs themselves
	what which who whom this that these those am is are was were be been being have has had having do
	does did doing a an the and but if or because as until while of at by for with about against
	between into through during before after above below to from up down in out on off over under
	again further then once here there when where why how all any both each few more most other some
	such no nor not only own same so than too very s t can will just don should now also would could`) {
		stopWords[w] = true
	}
}

// sample is a paragraph kept for drawing queries, with its review's fields.
type sample struct {
	text   string
	outlet string
	score  *float64
}

// drawQueries reads the corpus once, keeps a deterministic reservoir of
// paragraphs, and draws n queries of each class from them.
func drawQueries(ctx context.Context, path string, n int, seed uint64) ([]query, error) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	const keep = 4000
	var res []sample
	seen := 0
	err := readCorpus(ctx, path, func(rv corpus.Review) error {
		for _, p := range rv.Paragraphs {
			s := sample{text: p, outlet: rv.Outlet}
			if rv.Score != nil {
				v := rv.Score.Value
				s.score = &v
			}
			seen++
			if len(res) < keep {
				res = append(res, s)
			} else if j := r.IntN(seen); j < keep {
				res[j] = s
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return drawFrom(res, n, r), nil
}

// tokens splits text into lower-case words, marking where punctuation
// broke the run (for phrases).
func tokens(text string) (words []string, breakBefore []bool) {
	brk := false
	for _, f := range strings.Fields(text) {
		w := strings.ToLower(strings.TrimFunc(f, func(c rune) bool { return !unicode.IsLetter(c) }))
		plain := w != ""
		for _, c := range w {
			plain = plain && c >= 'a' && c <= 'z'
		}
		if !plain {
			brk = true
			continue
		}
		words = append(words, w)
		breakBefore = append(breakBefore, brk)
		brk = f[len(f)-1] < 'A' // punctuation at the end breaks the next run
	}
	return words, breakBefore
}

func content(w string) bool { return len(w) >= 3 && !stopWords[w] }

func drawFrom(res []sample, n int, r *rand.Rand) []query {
	var qs []query
	// One common word: the most frequent content words in the sample.
	freq := map[string]int{}
	for _, s := range res {
		ws, _ := tokens(s.text)
		for _, w := range ws {
			if content(w) {
				freq[w]++
			}
		}
	}
	common := make([]string, 0, len(freq))
	for w := range freq {
		common = append(common, w)
	}
	sort.Slice(common, func(i, j int) bool {
		if freq[common[i]] != freq[common[j]] {
			return freq[common[i]] > freq[common[j]]
		}
		return common[i] < common[j]
	})
	common = common[:min(len(common), 200)]
	for i := range n {
		qs = append(qs, query{Class: classWord, Words: []string{common[(i*7)%len(common)]}, MinScore: -1})
	}
	pick := func() (sample, []string, []bool) {
		for {
			s := res[r.IntN(len(res))]
			ws, br := tokens(s.text)
			if len(ws) >= 12 {
				return s, ws, br
			}
		}
	}
	contentWords := func(ws []string) []string {
		var c []string
		for _, w := range ws {
			if content(w) {
				c = append(c, w)
			}
		}
		return c
	}
	for range n { // three words from one paragraph
		_, ws, _ := pick()
		c := contentWords(ws)
		r.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		qs = append(qs, query{Class: classThree, Words: dedupe(c, 3), MinScore: -1})
	}
	for len(qs) < 3*n { // a phrase: three words in a row, no punctuation between
		_, ws, br := pick()
		i := r.IntN(len(ws) - 3)
		if br[i+1] || br[i+2] || !content(ws[i]) || !content(ws[i+2]) {
			continue
		}
		qs = append(qs, query{Class: classPhrase, Words: ws[i : i+3], MinScore: -1})
	}
	for len(qs) < 4*n { // a typo: one edit in a word of 5+ letters
		_, ws, _ := pick()
		w := ws[r.IntN(len(ws))]
		if len(w) < 5 || stopWords[w] {
			continue
		}
		qs = append(qs, query{Class: classTypo, Words: []string{typo(w, r)}, MinScore: -1})
	}
	for range n { // a misremembered quote: 8 words in a row, one dropped, two swapped
		_, ws, _ := pick()
		i := r.IntN(len(ws) - 8)
		q := append([]string(nil), ws[i:i+8]...)
		d := 1 + r.IntN(7)
		q = append(q[:d], q[d+1:]...)
		s := r.IntN(len(q) - 1)
		q[s], q[s+1] = q[s+1], q[s]
		qs = append(qs, query{Class: classQuote, Words: q, MinScore: -1})
	}
	for len(qs) < 6*n { // words + the paragraph's outlet + its score band
		s, ws, _ := pick()
		if s.outlet == "" || s.score == nil {
			continue
		}
		c := contentWords(ws)
		r.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		qs = append(qs, query{Class: classFiltered, Words: dedupe(c, 1+r.IntN(2)), Outlet: s.outlet, MinScore: bandMins[bandOf(s.score)]})
	}
	return qs
}

func dedupe(ws []string, n int) []string {
	var out []string
	for _, w := range ws {
		if len(out) == n {
			break
		}
		dup := false
		for _, o := range out {
			dup = dup || o == w
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}

// typo applies one edit (substitution, deletion, insertion or swap of
// neighbours) after the first letter.
func typo(w string, r *rand.Rand) string {
	b := []byte(w)
	i := 1 + r.IntN(len(b)-2)
	c := byte('a' + r.IntN(26))
	if b[i] == c {
		c = 'a' + (c-'a'+1)%26
	}
	switch r.IntN(4) {
	case 0:
		b[i] = c
	case 1:
		b = append(b[:i], b[i+1:]...)
	case 2:
		b = append(b[:i], append([]byte{c}, b[i:]...)...)
	default:
		if b[i] == b[i+1] {
			b[i] = c
		} else {
			b[i], b[i+1] = b[i+1], b[i]
		}
	}
	return string(b)
}

// realTextQueries draws n queries of each real-text class from the review
// quotes in dir (the rt-pixar export; none when dir is "" or absent):
//   - common: the phrases of three or four words (one at least not a stop
//     word, no punctuation inside) most frequent in the quotes, each used
//     in turn ("one of the best", "of the year");
//   - line: six consecutive words of a random quote, as a person pastes a
//     line they remember.
func realTextQueries(ctx context.Context, dir string, n int, seed uint64) ([]query, error) {
	if _, err := os.Stat(dir); dir == "" || err != nil {
		return nil, nil
	}
	var texts [][]string
	var breaks [][]bool
	_, err := corpus.LoadPaths(ctx, []string{dir}, corpus.Options{}, func(rv corpus.Review) error {
		for _, p := range rv.Paragraphs {
			ws, br := tokens(p)
			texts, breaks = append(texts, ws), append(breaks, br)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("real-text queries from %s: %w", dir, err)
	}
	freq := map[string]int{}
	for t, ws := range texts {
		for k := 3; k <= 4; k++ {
			for i := 0; i+k <= len(ws); i++ {
				gram := ws[i : i+k]
				if slices.Contains(breaks[t][i+1:i+k], true) || !slices.ContainsFunc(gram, content) {
					continue
				}
				freq[strings.Join(gram, " ")]++
			}
		}
	}
	common := make([]string, 0, len(freq))
	for g, c := range freq {
		if c >= 5 {
			common = append(common, g)
		}
	}
	if len(common) == 0 {
		return nil, fmt.Errorf("real-text queries from %s: no phrase occurs 5 times", dir)
	}
	sort.Slice(common, func(i, j int) bool {
		if freq[common[i]] != freq[common[j]] {
			return freq[common[i]] > freq[common[j]]
		}
		return common[i] < common[j]
	})
	common = common[:min(len(common), 50)]
	var qs []query
	for i := range n {
		qs = append(qs, query{Class: classCommon, Words: strings.Fields(common[i%len(common)]), MinScore: -1})
	}
	r := rand.New(rand.NewPCG(seed, 0x7ea1))
	for len(qs) < 2*n {
		ws := texts[r.IntN(len(texts))]
		if len(ws) < 8 {
			continue
		}
		i := r.IntN(len(ws) - 6)
		qs = append(qs, query{Class: classLine, Words: slices.Clone(ws[i : i+6]), MinScore: -1})
	}
	return qs, nil
}

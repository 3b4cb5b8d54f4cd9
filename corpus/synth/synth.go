// Package synth generates a realistic synthetic corpus of film reviews for
// benchmarks at scale: word frequencies follow the real reviews' vocabulary
// (Zipf-like, with a long tail of invented rare words and names), ~1,500
// outlets with a skewed distribution, scores on mixed scales, dates over 25
// years, a few hundred works, and some fields missing. The output for a seed
// is the same on every run and machine.
package synth

import (
	"math/rand/v2"
	"strconv"

	"github.com/pullquote/pullquote/corpus"
)

// Generator makes reviews one at a time. It is not safe for concurrent use.
type Generator struct {
	seed uint64
	n    int // reviews made so far
	r    *rand.Rand
	v    *vocab
	m    *meta
	buf  []byte
	// paraCount draws a review's number of paragraphs, 1–8.
	paraCount *alias
}

// New returns a Generator for seed.
func New(seed uint64) (*Generator, error) {
	v, err := newVocab()
	if err != nil {
		return nil, err
	}
	m, err := newMeta(v)
	if err != nil {
		return nil, err
	}
	return &Generator{
		seed:      seed,
		r:         rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		v:         v,
		m:         m,
		paraCount: newAlias([]float64{15, 20, 20, 15, 12, 8, 6, 4}),
	}, nil
}

// Vocabulary returns the words in frequency-rank order, most frequent first
// (real words, then invented ones). The slice must not be modified.
func (g *Generator) Vocabulary() []string { return g.v.words }

// Outlets returns the outlets in popularity order. The slice must not be modified.
func (g *Generator) Outlets() []string { return g.m.outlets }

// Sites of the reviews.
const (
	siteMetacritic = "Metacritic"
	siteIMDb       = "IMDb"
	siteRT         = "Rotten Tomatoes"
	siteWeb        = "Web"
)

// Next returns the next review. maxParagraphs > 0 caps its paragraph count
// (to end a corpus on an exact number of paragraphs).
func (g *Generator) Next(maxParagraphs int) corpus.Review {
	rv, n, w := g.head(maxParagraphs)
	rv.Paragraphs = make([]string, n)
	for i := range rv.Paragraphs {
		rv.Paragraphs[i] = string(g.paragraph(w))
	}
	return rv
}

// head draws a review's fields and its number of paragraphs, which the
// caller then draws with paragraph (in order, so Next and Write agree).
func (g *Generator) head(maxParagraphs int) (corpus.Review, int, *work) {
	r := g.r
	g.n++
	w := &g.m.works[g.m.workPick.draw(r)]
	rv := corpus.Review{
		ID:   "synth-" + strconv.FormatUint(g.seed, 10) + "-" + strconv.Itoa(g.n),
		Work: w.title,
	}
	switch p := r.IntN(100); {
	case p < 80:
		rv.Kind = corpus.KindCritic
		rv.Site = siteMetacritic
		if p >= 45 {
			rv.Site = siteRT
		}
		rv.Outlet = g.m.outlets[g.m.outletPick.draw(r)]
		if r.IntN(10) != 0 {
			rv.Author = g.m.person(r)
		}
		if r.IntN(4) != 0 {
			rv.Score = score(r, w, rv.Kind)
		}
		if r.IntN(5) < 2 {
			rv.Title = g.title(r)
		}
	case p < 97:
		rv.Kind = corpus.KindUser
		rv.Site = siteIMDb
		rv.Outlet = siteIMDb
		rv.Author = g.m.surnames[r.IntN(len(g.m.surnames))] + strconv.Itoa(r.IntN(2000))
		if r.IntN(10) != 0 {
			rv.Score = score(r, w, rv.Kind)
		}
		total := int(r.ExpFloat64() * 12)
		if total > 0 {
			rv.Helpful = &corpus.Helpful{Yes: r.IntN(total + 1), Total: total}
		}
		rv.Spoiler = r.IntN(20) == 0
		rv.Title = g.title(r)
	default:
		rv.Kind = corpus.KindArticle
		rv.Site = siteWeb
		rv.Outlet = g.m.outlets[g.m.outletPick.draw(r)]
		rv.Author = g.m.person(r)
		rv.Title = g.title(r)
	}
	if r.IntN(30) != 0 {
		rv.Date = reviewDate(r, w)
	}
	if r.IntN(10) < 7 {
		rv.URL = "https://" + slug(rv.Outlet) + ".example/reviews/" + slug(w.title) + "-" + strconv.Itoa(g.n)
	}
	n := 1 + g.paraCount.draw(r)
	if maxParagraphs > 0 && n > maxParagraphs {
		n = maxParagraphs
	}
	return rv, n, w
}

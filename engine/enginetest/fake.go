package enginetest

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// Fake is an engine that holds its reviews in memory and answers every
// retrieval by reading every paragraph: slow, and plainly right. It is
// the reference the suite holds real engines to, and the engine the
// searcher's own tests run on. It brings a lexicon (the words of its
// paragraphs), keyword resolution by case and a version, as the Bleve
// index does.
type Fake struct {
	an      *analysis.Analyzer
	paras   []fakeParagraph
	reviews map[string]*corpus.Review
	stated  []corpus.Aggregate
	words   map[string]string // lexicon word → stem
	df      map[string]int    // index term → paragraphs holding it
	avgLen  float64
	// version counts the changes made through Add.
	version int
}

// fakeParagraph is one indexed paragraph.
type fakeParagraph struct {
	id     string
	review *corpus.Review
	n      int
	text   string
	toks   []analysis.Term // stems ("" for a stop word) and words by position
	terms  []string        // each token's index term (termOf)
}

var (
	_ engine.Engine          = (*Fake)(nil)
	_ engine.Lexicon         = (*Fake)(nil)
	_ engine.KeywordResolver = (*Fake)(nil)
	_ engine.Versioned       = (*Fake)(nil)
)

// NewFake returns a fake engine holding rs (a later review with an
// earlier one's ID replaces it) and the aggregates their pages stated.
func NewFake(rs []corpus.Review, stated ...corpus.Aggregate) *Fake {
	f := &Fake{an: analysis.New(), reviews: map[string]*corpus.Review{}, words: map[string]string{}, stated: stated}
	f.Add(rs...)
	return f
}

// Add indexes rs, each replacing any review with its ID.
func (f *Fake) Add(rs ...corpus.Review) {
	for i := range rs {
		r := rs[i]
		if _, ok := f.reviews[r.ID]; ok {
			f.paras = slices.DeleteFunc(f.paras, func(p fakeParagraph) bool { return p.review.ID == r.ID })
		}
		f.reviews[r.ID] = &r
		for j, text := range r.Paragraphs {
			if corpus.Blank(text) {
				continue
			}
			toks := f.an.Terms(text)
			terms := make([]string, len(toks))
			for k, t := range toks {
				if t.Stem != "" {
					f.words[t.Word] = t.Stem
				}
				terms[k] = f.termOf(t.Word)
			}
			f.paras = append(f.paras, fakeParagraph{id: corpus.ParagraphID(r.ID, j), review: &r, n: j, text: text, toks: toks, terms: terms})
		}
	}
	total := 0
	f.df = map[string]int{}
	for _, p := range f.paras {
		total += len(p.toks)
		for _, t := range slices.Compact(slices.Sorted(slices.Values(p.terms))) {
			f.df[t]++
		}
	}
	f.avgLen = float64(total) / math.Max(1, float64(len(f.paras)))
	f.version++
}

// Version counts the fake's changes (engine.Versioned).
func (f *Fake) Version() string { return "fake." + strconv.Itoa(f.version) }

// Review returns a review by ID.
func (f *Fake) Review(ctx context.Context, id string) (*corpus.Review, error) {
	r, ok := f.reviews[id]
	if !ok {
		return nil, fmt.Errorf("review %q: %w", id, search.ErrNotFound)
	}
	return r, nil
}

// Films counts each film's reviews, paragraphs, sites, scores and days.
func (f *Fake) Films(ctx context.Context) ([]search.FilmCounts, error) {
	t := search.FilmTally{}
	for _, id := range slices.Sorted(maps.Keys(f.reviews)) {
		r := f.reviews[id]
		if r.Work == "" {
			continue
		}
		fc := t.Film(r.Work)
		fc.Reviews++
		fc.Paragraphs += corpus.Indexable(r.Paragraphs)
		bumpSite(fc, r.Site, string(r.Kind))
		if r.Score != nil {
			bumpScore(fc, r.Score.Value)
		}
		if !r.Date.IsZero() {
			bumpDay(fc, r)
		}
	}
	for _, a := range f.stated {
		if a.Work != "" {
			fc := t.Film(a.Work)
			fc.Stated = append(fc.Stated, a)
		}
	}
	return t.Films(), nil
}

// Retrieve reads every paragraph.
func (f *Fake) Retrieve(ctx context.Context, r *engine.Retrieval) (*engine.Retrieved, error) {
	type scored struct {
		p     *fakeParagraph
		score float64
	}
	var got []scored
	for i := range f.paras {
		p := &f.paras[i]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !passes(p.review, r.Filter) || slices.ContainsFunc(r.Not, func(m engine.Match) bool { return f.holds(p, m) }) {
			continue
		}
		held, score := 0, 0.0
		for _, m := range r.Need {
			if f.holds(p, m) {
				held++
				score += f.bm25(p, m)
			}
		}
		need := len(r.Need)
		if r.Min > 0 && r.Min < need {
			need = r.Min
		}
		if held < need {
			continue
		}
		got = append(got, scored{p, score})
	}
	out := &engine.Retrieved{Total: uint64(len(got)), Facets: map[engine.Facet]engine.FacetCounts{}}
	for _, n := range r.Count {
		values := map[string]int{}
		missing := 0
		for _, g := range got {
			v := facetValue(g.p.review, n)
			if v == "" {
				missing++
				continue
			}
			values[v]++
		}
		var fc engine.FacetCounts
		fc.Missing = missing
		for _, v := range slices.Sorted(maps.Keys(values)) {
			fc.Values = append(fc.Values, engine.ValueCount{Value: v, Count: values[v]})
		}
		out.Facets[n] = fc
	}
	slices.SortStableFunc(got, func(a, b scored) int {
		return cmp.Or(byField(r.Sort, a.p.review, b.p.review), cmp.Compare(b.score, a.score))
	})
	for i := r.From; i < len(got) && i < r.From+r.Size; i++ {
		h := search.HitOf(got[i].p.review, got[i].p.id, got[i].p.n, got[i].p.text)
		h.Relevance = got[i].score
		out.Hits = append(out.Hits, h)
	}
	return out, nil
}

// holds reports whether p holds m: a word by its stem or a variant's, a
// phrase by its words at consecutive positions (as written when m.Exact,
// else by their stems).
func (f *Fake) holds(p *fakeParagraph, m engine.Match) bool {
	if m.Phrase != nil {
		want := make([]string, len(m.Phrase))
		for i, w := range m.Phrase {
			want[i] = f.termOf(w)
		}
		for i := 0; i+len(want) <= len(p.toks); i++ {
			ok := true
			for j := range want {
				t := p.toks[i+j]
				if m.Exact && t.Word != m.Phrase[j] || !m.Exact && p.terms[i+j] != want[j] || j > 0 && t.Position != p.toks[i+j-1].Position+1 {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	for k, t := range p.toks {
		if matches(t.Word, p.terms[k], m) > 0 {
			return true
		}
	}
	return false
}

// termOf is a word's index term: its stem, or itself for a stop word.
func (f *Fake) termOf(word string) string {
	if analysis.IsStop([]byte(word)) {
		return word
	}
	return f.an.Stemmer().Stem(word)
}

// matches returns the boost with which a paragraph word (with its index
// term) matches m (the word, a prefix's word, a typo variant), 0 for none.
func matches(word, term string, m engine.Match) float64 {
	switch {
	case term == m.Term:
		return 2
	case slices.Contains(m.Prefixed, term):
		return 0.8
	case m.Prefix && len(m.Prefixed) == 0 && strings.HasPrefix(word, m.Word):
		return 0.8
	case slices.Contains(m.Variants, term):
		return 0.5
	}
	return 0
}

// bm25 scores p for m as Bleve's BM25 ranks (k1 1.2, b 0.75, the square
// root of a term's frequency, the square of its IDF, as Lucene's classic
// query weight has it): each part of a word (the word, its prefixes, its
// typo variants) boosted as matches rates it, the sum scaled by the share
// of the parts that match; a phrase by its words' terms.
func (f *Fake) bm25(p *fakeParagraph, m engine.Match) float64 {
	const k1, b = 1.2, 0.75
	norm := k1 * (1 - b + b*float64(len(p.toks))/f.avgLen)
	freq := map[string]float64{}
	boost := map[string]float64{}
	for k, t := range p.toks {
		term := p.terms[k]
		var w float64
		if m.Phrase != nil {
			if slices.Contains(m.Phrase, t.Word) {
				w = 2
			}
		} else {
			w = matches(t.Word, term, m)
		}
		if w > 0 {
			freq[term]++
			boost[term] = max(boost[term], w)
		}
	}
	score, parts := 0.0, map[float64]bool{}
	for term, n := range freq {
		df := float64(f.df[term])
		idf := math.Log(1 + (float64(len(f.paras))-df+0.5)/(df+0.5))
		tf := math.Sqrt(n)
		score += boost[term] * idf * idf * tf * k1 / (tf + norm)
		parts[boost[term]] = true
	}
	if m.Phrase != nil {
		return score
	}
	total := 0
	for _, has := range []bool{m.Term != "", len(m.Variants) > 0, len(m.Prefixed) > 0} {
		if has {
			total++
		}
	}
	if total > 1 {
		score *= float64(len(parts)) / float64(total)
	}
	return score
}

// passes reports whether r passes the filter.
func passes(r *corpus.Review, f search.Filter) bool {
	in := func(vs []string, v string) bool { return len(vs) == 0 || slices.Contains(vs, v) }
	if !in(f.Outlets, r.Outlet) || !in(f.Authors, r.Author) || !in(f.Kinds, string(r.Kind)) || !in(f.Works, r.Work) {
		return false
	}
	if !f.Score.IsZero() || f.NoScore {
		scored := r.Score != nil && !f.Score.IsZero() && f.Score.Contains(r.Score.Value)
		if !scored && !(f.NoScore && r.Score == nil) {
			return false
		}
	}
	return f.Date.IsZero() || !r.Date.IsZero() && f.Date.Contains(r.Date)
}

// facetValue is r's value of facet n, "" for none.
func facetValue(r *corpus.Review, n engine.Facet) string {
	switch n {
	case engine.FacetOutlet:
		return r.Outlet
	case engine.FacetWork:
		return r.Work
	case engine.FacetScore:
		if r.Score != nil {
			return search.BandKey(r.Score.Value)
		}
	case engine.FacetDate:
		if !r.Date.IsZero() {
			return r.Date.Format(engine.MonthLayout)
		}
	}
	return ""
}

// byField orders two reviews by sort s's field (missing values last); 0
// for relevance.
func byField(s search.Sort, a, b *corpus.Review) int {
	missingLast := func(ha, hb bool, c int) int {
		switch {
		case ha && hb:
			return c
		case ha:
			return -1
		case hb:
			return 1
		}
		return 0
	}
	switch s {
	case search.SortNewest:
		return missingLast(!a.Date.IsZero(), !b.Date.IsZero(), b.Date.Compare(a.Date))
	case search.SortOldest:
		return missingLast(!a.Date.IsZero(), !b.Date.IsZero(), a.Date.Compare(b.Date))
	case search.SortScore:
		if a.Score == nil || b.Score == nil {
			return missingLast(a.Score != nil, b.Score != nil, 0)
		}
		return cmp.Compare(b.Score.Value, a.Score.Value)
	case search.SortHelpful:
		if a.Helpful == nil || b.Helpful == nil {
			return missingLast(a.Helpful != nil, b.Helpful != nil, 0)
		}
		return cmp.Compare(b.Helpful.Yes, a.Helpful.Yes)
	}
	return 0
}

// Words returns the fake's lexicon (engine.Lexicon).
func (f *Fake) Words() engine.Vocabulary { return fakeWords{f} }

var _ engine.Corrector = (*Fake)(nil)

// Correct returns, of the words one edit from word (two from 9 letters)
// with its first letter, the one whose stem the most paragraphs hold, the
// first in byte order on a tie; none for a word under 3 letters or with a
// digit (engine.Corrector, by the Bleve index's rule).
func (f *Fake) Correct(word string) string {
	edits := engine.CorrectionEdits(word)
	if edits == 0 {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(word)
	best, bestN := "", 0
	for _, cand := range slices.Sorted(maps.Keys(f.words)) {
		if r, _ := utf8.DecodeRuneInString(cand); r != first || cand == word || analysis.Edits(word, cand) > edits {
			continue
		}
		if c := f.df[f.words[cand]]; c > bestN {
			best, bestN = cand, c
		}
	}
	return best
}

// fakeWords is the Fake's vocabulary, read by scanning its words.
type fakeWords struct{ f *Fake }

func (w fakeWords) Known(word string) bool { _, ok := w.f.words[word]; return ok }

func (w fakeWords) Near(word string, edits int) ([]string, []uint8) {
	first, _ := utf8.DecodeRuneInString(word)
	best := map[string]uint8{}
	for _, cand := range slices.Sorted(maps.Keys(w.f.words)) {
		if r, _ := utf8.DecodeRuneInString(cand); r != first || cand == word {
			continue
		}
		if d := analysis.Edits(word, cand); d <= edits {
			stem := w.f.words[cand]
			if old, ok := best[stem]; !ok || uint8(d) < old {
				best[stem] = uint8(d)
			}
		}
	}
	stems := slices.Sorted(maps.Keys(best))
	dists := make([]uint8, len(stems))
	for i, s := range stems {
		dists[i] = best[s]
	}
	return stems, dists
}

func (w fakeWords) Prefixed(prefix string) []string {
	set := map[string]bool{}
	for word, stem := range w.f.words {
		if strings.HasPrefix(word, prefix) {
			set[stem] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func (w fakeWords) OtherForms(word string) bool {
	stem, ok := w.f.words[word]
	if !ok {
		return true
	}
	for other, s := range w.f.words {
		if s == stem && other != word {
			return true
		}
	}
	return false
}

// ResolveKeywords matches filter values to the reviews' own spelling
// regardless of case (engine.KeywordResolver).
func (f *Fake) ResolveKeywords(flt search.Filter) search.Filter {
	resolve := func(vs []string, of func(*corpus.Review) string) []string {
		var out []string
		for _, v := range vs {
			found := false
			for _, id := range slices.Sorted(maps.Keys(f.reviews)) {
				if held := of(f.reviews[id]); held != "" && strings.EqualFold(held, v) && !slices.Contains(out, held) {
					out, found = append(out, held), true
				}
			}
			if !found && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	flt.Outlets = resolve(flt.Outlets, func(r *corpus.Review) string { return r.Outlet })
	flt.Authors = resolve(flt.Authors, func(r *corpus.Review) string { return r.Author })
	flt.Works = resolve(flt.Works, func(r *corpus.Review) string { return r.Work })
	return flt
}

func bumpSite(fc *search.FilmCounts, site, kind string) {
	for i := range fc.Sites {
		if fc.Sites[i].Site == site && fc.Sites[i].Kind == kind {
			fc.Sites[i].Reviews++
			return
		}
	}
	fc.Sites = append(fc.Sites, search.SiteKindCount{Site: site, Kind: kind, Reviews: 1})
}

func bumpScore(fc *search.FilmCounts, v float64) {
	for i := range fc.Scores {
		if fc.Scores[i].Score == v {
			fc.Scores[i].Reviews++
			return
		}
	}
	fc.Scores = append(fc.Scores, search.ScoreCount{Score: v, Reviews: 1})
}

func bumpDay(fc *search.FilmCounts, r *corpus.Review) {
	d := r.Date.UTC()
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for i := range fc.Days {
		if fc.Days[i].Day.Equal(day) {
			fc.Days[i].Reviews++
			return
		}
	}
	fc.Days = append(fc.Days, search.DayCount{Day: day, Reviews: 1})
}

// Embedded returns the reviews of the embedded corpus.
func Embedded(tb testing.TB) []corpus.Review {
	tb.Helper()
	rs, _ := embedded(tb)
	return rs
}

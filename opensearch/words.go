package opensearch

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/engine"
)

var _ engine.Lexicon = (*Engine)(nil)

// Words returns the index's vocabulary for one search (engine.Lexicon):
// whether a word is written in some paragraph is a term lookup on the
// exact field, and the words a typo is near come from the term suggester
// over it (the cluster's own Levenshtein automaton, first letter kept),
// each searched by its stem as on Bleve. Answers are remembered for the
// search.
func (e *Engine) Words() engine.Vocabulary {
	return &words{e: e, known: map[string]bool{}}
}

// words is the vocabulary of one search.
type words struct {
	e     *Engine
	mu    sync.Mutex
	known map[string]bool
	stem  *analysis.Stemmer
}

// lookupTimeout bounds one vocabulary lookup (the interface has no
// context: a slow lookup only costs the search its typo variants).
const lookupTimeout = 5 * time.Second

// Known reports whether some paragraph holds word as written.
func (w *words) Known(word string) bool {
	w.mu.Lock()
	k, ok := w.known[word]
	w.mu.Unlock()
	if ok {
		return k
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	var res searchResult
	body := map[string]any{"size": 0, "track_total_hits": 1, "query": map[string]any{"term": map[string]any{fieldExact: word}}}
	if err := w.e.c.do(ctx, "POST", "/"+w.e.addr.Index+"/_search", body, &res); err != nil {
		return true // no variants when the cluster cannot say
	}
	k = res.Hits.Total.Value > 0
	w.mu.Lock()
	w.known[word] = k
	w.mu.Unlock()
	return k
}

var _ engine.Priming = (*words)(nil)

// Prime looks up whether some paragraph holds each of ws in one request
// (a filters aggregation of term lookups on the exact field), for Known
// to answer from memory.
func (w *words) Prime(ws []string) {
	w.mu.Lock()
	var ask []string
	for _, word := range ws {
		if _, ok := w.known[word]; !ok && !slices.Contains(ask, word) {
			ask = append(ask, word)
		}
	}
	w.mu.Unlock()
	if len(ask) < 2 {
		return // Known asks for one word as cheaply
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	counts, err := w.e.termCounts(ctx, fieldExact, ask)
	if err != nil {
		return // Known asks again, one word at a time
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, word := range ask {
		w.known[word] = counts[i] > 0
	}
}

// maxVariants bounds the words a typo is near.
const maxVariants = 100

// Near returns the stems of the words within edits of word that keep its
// first letter, each with the fewest edits to a word of it.
func (w *words) Near(word string, edits int) ([]string, []uint8) {
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	near, err := w.e.near(ctx, word, edits)
	if err != nil {
		return nil, nil
	}
	if w.stem == nil {
		w.stem = analysis.NewStemmer()
	}
	best := map[string]uint8{}
	for _, o := range near {
		d := analysis.Edits(word, o)
		st := w.stem.Stem(o)
		if old, ok := best[st]; !ok || uint8(d) < old {
			best[st] = uint8(d)
		}
	}
	stems := make([]string, 0, len(best))
	for s := range best {
		stems = append(stems, s)
	}
	slices.Sort(stems)
	dists := make([]uint8, len(stems))
	for i, s := range stems {
		dists[i] = best[s]
	}
	return stems, dists
}

// near returns the words, stop words left out, that some paragraph holds
// within edits of word, keeping its first letter: the term suggester over
// the exact field (the cluster's own Levenshtein automaton).
func (e *Engine) near(ctx context.Context, word string, edits int) ([]string, error) {
	body := map[string]any{"size": 0, "suggest": map[string]any{"near": map[string]any{
		"text": word,
		"term": map[string]any{
			"field": fieldExact, "analyzer": "pq_exact", "suggest_mode": "always",
			"max_edits": edits, "prefix_length": 1, "min_word_length": 1,
			"size": maxVariants, "max_inspections": 20, "max_term_freq": 1.0, "min_doc_freq": 0,
			"string_distance": "damerau_levenshtein",
		},
	}}}
	var res struct {
		Suggest map[string][]struct {
			Options []struct {
				Text string `json:"text"`
			} `json:"options"`
		} `json:"suggest"`
	}
	if err := e.c.do(ctx, "POST", "/"+e.addr.Index+"/_search", body, &res); err != nil {
		return nil, err
	}
	var out []string
	for _, s := range res.Suggest["near"] {
		for _, o := range s.Options {
			if d := analysis.Edits(word, o.Text); d < 1 || d > edits || analysis.IsStop([]byte(o.Text)) {
				continue
			}
			out = append(out, o.Text)
		}
	}
	return out, nil
}

var _ engine.Corrector = (*Engine)(nil)

// Correct returns the word a search for word that found nothing most
// likely meant, by Bleve's rule (index.Index.Correct): of the words some
// paragraph holds one edit away (two from 9 letters), the first letter
// kept, none for a word under 3 letters or with a digit, the one whose
// stem the most paragraphs hold, the first in byte order on a tie; ""
// for none. Two requests: the term suggester, then the candidates'
// stems counted in one aggregation.
func (e *Engine) Correct(word string) string {
	edits := engine.CorrectionEdits(word)
	if edits == 0 {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	cands, err := e.near(ctx, word, edits)
	if err != nil || len(cands) == 0 {
		return ""
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	stem := analysis.NewStemmer()
	stems := make([]string, len(cands))
	for i, c := range cands {
		stems[i] = stem.Stem(c)
	}
	counts, err := e.termCounts(ctx, fieldText, stems)
	if err != nil {
		return ""
	}
	best, bestN := "", uint64(0)
	for i, c := range cands { // in byte order: the first of a tie wins
		if counts[i] > bestN {
			best, bestN = c, counts[i]
		}
	}
	return best
}

// termCounts counts the paragraphs holding each of terms in field, in
// one request (a filters aggregation of term lookups).
func (e *Engine) termCounts(ctx context.Context, field string, terms []string) ([]uint64, error) {
	filters := make(map[string]any, len(terms))
	for i, t := range terms {
		filters[strconv.Itoa(i)] = map[string]any{"term": map[string]any{field: t}}
	}
	body := map[string]any{"size": 0, "track_total_hits": false,
		"aggs": map[string]any{"counts": map[string]any{"filters": map[string]any{"filters": filters}}}}
	var res struct {
		Aggregations struct {
			Counts struct {
				Buckets map[string]struct {
					DocCount uint64 `json:"doc_count"`
				} `json:"buckets"`
			} `json:"counts"`
		} `json:"aggregations"`
	}
	if err := e.c.do(ctx, "POST", "/"+e.addr.Index+"/_search", body, &res); err != nil {
		return nil, err
	}
	out := make([]uint64, len(terms))
	for i := range terms {
		out[i] = res.Aggregations.Counts.Buckets[strconv.Itoa(i)].DocCount
	}
	return out, nil
}

// Prefixed returns nothing: the engine matches a word being typed as a
// prefix itself (Match.Prefix).
func (w *words) Prefixed(string) []string { return nil }

// OtherForms reports true: a phrase is matched on the exact field, as
// written, whatever its words.
func (w *words) OtherForms(string) bool { return true }

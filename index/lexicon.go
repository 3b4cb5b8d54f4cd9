package index

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"

	"github.com/pullquote/pullquote/analysis"
)

// lexiconFile is the lexicon's file name inside a generation directory.
const lexiconFile = "words.fst"

// lexicon is the index's vocabulary: every word some paragraph holds, as
// analysis.Exact gives it (lower case, accents folded, possessive gone),
// stop words left out, in a finite-state transducer (vellum, the format of
// bleve's own term dictionaries).
//
// The paragraphs' postings are kept for stems only (FieldText); the
// lexicon is what knows the words behind them: whether a word was ever
// written (typo variants are tried only for words it lacks), which words a
// typed prefix begins and which are a typo away. Each such word is then
// searched by its stem. Each word's value marks whether another word has
// its stem (sharedStem), which decides whether a phrase must be checked in
// the text. It keeps words only: a word whose paragraphs were all deleted
// stays, and finds nothing.
type lexicon struct {
	fst *vellum.FST
}

// lexiconBuilders are the Levenshtein automaton builders for 1 and 2 edits,
// made once (each takes a few milliseconds to make) and shared.
var lexiconBuilders = sync.OnceValues(func() ([2]*levenshtein.LevenshteinAutomatonBuilder, error) {
	var bs [2]*levenshtein.LevenshteinAutomatonBuilder
	for i := range bs {
		b, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(i+1), true)
		if err != nil {
			return bs, err
		}
		bs[i] = b
	}
	return bs, nil
})

// readLexicon reads the lexicon of a generation directory into memory (a
// few bytes a word), so that an add can replace it under running searches.
func readLexicon(genDir string) (*lexicon, error) {
	data, err := os.ReadFile(filepath.Join(genDir, lexiconFile))
	if err != nil {
		return nil, fmt.Errorf("read lexicon: %w", err)
	}
	fst, err := vellum.Load(data)
	if err != nil {
		return nil, fmt.Errorf("read lexicon %s: %w", lexiconFile, err)
	}
	return &lexicon{fst: fst}, nil
}

// has reports whether some paragraph holds word.
func (l *lexicon) has(word string) bool {
	ok, err := l.fst.Contains([]byte(word))
	return err == nil && ok
}

// withPrefix returns the words that begin with prefix (prefix itself too),
// in byte order.
func (l *lexicon) withPrefix(prefix string) []string {
	it, err := l.fst.Iterator([]byte(prefix), prefixEnd(prefix))
	var words []string
	for err == nil {
		k, _ := it.Current()
		words = append(words, string(k))
		err = it.Next()
	}
	return words
}

// near returns the words within edits of word (1 or 2 insertions,
// deletions, substitutions or swaps of neighbours, as bleve's fuzzy
// queries count them) that share its first keep bytes, with how many edits
// away each is; word itself is left out.
func (l *lexicon) near(word string, edits int, keep int) ([]string, []uint8) {
	bs, err := lexiconBuilders()
	if err != nil || edits < 1 || edits > len(bs) {
		return nil, nil
	}
	dfa, err := bs[edits-1].BuildDfa(word, uint8(edits))
	if err != nil {
		return nil, nil
	}
	keep = min(keep, len(word))
	for keep > 0 && keep < len(word) && !utf8.RuneStart(word[keep]) {
		keep++ // a whole first letter
	}
	var start, end []byte
	if keep > 0 {
		start, end = []byte(word[:keep]), prefixEnd(word[:keep])
	}
	it, err := l.fst.Search(dfa, start, end)
	var words []string
	var dists []uint8
	for err == nil {
		k, _ := it.Current()
		if w := string(k); w != word {
			_, d := dfa.MatchAndDistance(w)
			words, dists = append(words, w), append(dists, d)
		}
		err = it.Next()
	}
	return words, dists
}

// prefixEnd returns the first key after every key that begins with prefix
// (nil when there is none: prefix is all 0xff).
func prefixEnd(prefix string) []byte {
	end := []byte(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// wordCollector gathers the words of paragraphs for a lexicon.
type wordCollector struct {
	an    *analysis.Analyzer
	words map[string]struct{}
}

// newWordCollector returns an empty collector.
func newWordCollector() *wordCollector {
	return &wordCollector{an: analysis.New(), words: map[string]struct{}{}}
}

// add adds the words of one paragraph.
func (c *wordCollector) add(text string) {
	c.addTokens(c.an.Exact([]byte(text)))
}

// addTokens adds words as analysis.Exact gives them, leaving out stop
// words.
func (c *wordCollector) addTokens(ts []analysis.Token) {
	for _, t := range ts {
		if analysis.IsStop(t.Term) {
			continue
		}
		if _, ok := c.words[string(t.Term)]; !ok {
			c.words[string(t.Term)] = struct{}{}
		}
	}
}

// merge adds the words of other.
func (c *wordCollector) merge(other *wordCollector) {
	for w := range other.words {
		c.words[w] = struct{}{}
	}
}

// writeLexicon writes the lexicon of genDir: the words of old (nil for
// none) and of c, each marked when another of them has its stem (stem
// stems as analysis.Stemmed does), durably (temporary file, sync, rename),
// so a reader sees the old lexicon or the new one.
func writeLexicon(genDir string, old *lexicon, c *wordCollector, stem *analysis.Stemmer) error {
	words, err := mergedWords(old, c)
	if err != nil {
		return fmt.Errorf("write %s: %w", lexiconFile, err)
	}
	stems := make([]string, len(words))
	forms := make(map[string]int, len(words))
	for i, w := range words {
		stems[i] = stem.Stem(w)
		forms[stems[i]]++
	}
	path := filepath.Join(genDir, lexiconFile)
	tmp, err := os.CreateTemp(genDir, lexiconFile+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", lexiconFile, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<16)
	b, err := vellum.New(w, nil)
	for i := 0; err == nil && i < len(words); i++ {
		var v uint64
		if forms[stems[i]] > 1 {
			v = sharedStem
		}
		err = b.Insert([]byte(words[i]), v)
	}
	if err == nil {
		err = b.Close()
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", lexiconFile, err)
	}
	return nil
}

// sharedStem marks a lexicon word whose stem another word has.
const sharedStem = 1

// mergedWords returns the words of old and of c, sorted, each once.
func mergedWords(old *lexicon, c *wordCollector) ([]string, error) {
	var words []string
	if old != nil {
		it, err := old.fst.Iterator(nil, nil)
		for err == nil {
			k, _ := it.Current()
			words = append(words, string(k))
			err = it.Next()
		}
		if !errors.Is(err, vellum.ErrIteratorDone) {
			return nil, err
		}
	}
	for w := range c.words {
		if old == nil || !old.has(w) {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	return words, nil
}

// otherForms reports whether another word of the lexicon has word's stem
// ("films", "film"). A word the lexicon lacks is assumed to: a paragraph
// found by its stem has another form of it.
func (l *lexicon) otherForms(word string) bool {
	v, ok, err := l.fst.Get([]byte(word))
	return err != nil || !ok || v&sharedStem != 0
}

package index

import (
	"context"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pullquote/pullquote/engine"
)

// Correct returns the lexicon's word within a typo's reach of word,
// keeping its first letter, whose stem the most paragraphs hold (in every
// shard): one edit for words of 3 to 8 letters, two from 9. "" when there
// is none. It reads the dictionaries only, so it finds corrections the typo
// variants of a search do not try: words inside "phrases", and words under
// 5 letters.
func (ix *Index) Correct(word string) string {
	edits := engine.CorrectionEdits(word)
	if edits == 0 {
		return ""
	}
	words := ix.words()
	cands, _ := words.lex.near(word, edits, fuzzyPrefix)
	if len(cands) == 0 {
		return ""
	}
	var readers []bindex.IndexReader
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	for _, s := range ix.shards {
		if adv, err := s.Advanced(); err == nil {
			if r, err := adv.Reader(); err == nil {
				readers = append(readers, r)
			}
		}
	}
	best, bestN := "", uint64(0)
	for _, c := range cands {
		stem := words.stem.Stem(c)
		var count uint64
		for _, r := range readers {
			if tfr, err := r.TermFieldReader(context.Background(), []byte(stem), FieldText, false, false, false); err == nil {
				count += tfr.Count()
				tfr.Close()
			}
		}
		if count > 0 && (best == "" || count > bestN || count == bestN && c < best) {
			best, bestN = c, count
		}
	}
	return best
}

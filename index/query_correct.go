package index

import (
	"context"
	"strings"
	"unicode/utf8"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pullquote/pullquote/search"
)

// correctWord returns the lexicon's word within a typo's reach of word,
// keeping its first letter, whose stem the most paragraphs hold (in every
// shard): one edit for words of 3 to 8 letters, two from 9. "" when there
// is none. It reads the dictionaries only, so it finds corrections the typo
// variants of a search do not try: words inside "phrases", and words under
// 5 letters.
func (ix *Index) correctWord(word string) string {
	n := utf8.RuneCountInString(word)
	if n < 3 || strings.ContainsFunc(word, func(r rune) bool { return r >= '0' && r <= '9' }) {
		return ""
	}
	edits := 1
	if n >= 9 {
		edits = 2
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
		stem := stemOf(words.stem, c)
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

// correction suggests a query for one that found nothing: each word no
// paragraph holds, in a phrase or too short for typo variants, replaced by
// correctWord's choice; offered only if it finds something.
func (s *Searcher) correction(ctx context.Context, req search.Request, p plan) string {
	out, changed := req.Query, false
	for _, c := range p.parsed.Clauses {
		if c.Exclude {
			continue
		}
		// The clause's words as the index holds them (lower case, folded),
		// each with the text it was read from.
		last := -1
		for _, t := range s.an.exact.Analyze([]byte(c.Text)) {
			if t.Position == last {
				continue // a token filter's extra token at the same position
			}
			last = t.Position
			w, lw := c.Text[t.Start:t.End], string(t.Term)
			if s.words().known(lw) {
				continue
			}
			fix := s.correct(lw)
			if fix == "" {
				continue
			}
			if k := strings.Index(out, w); k >= 0 {
				out = out[:k] + fix + out[k+len(w):]
				changed = true
			}
		}
	}
	if !changed {
		return ""
	}
	check := req
	check.Query, check.Exact, check.Page, check.Size, check.Highlight = out, true, 1, 1, false
	resp, err := s.Search(ctx, check)
	if err != nil || resp.Total == 0 {
		return ""
	}
	return strings.TrimSpace(out)
}

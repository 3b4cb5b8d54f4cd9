package index

import (
	"context"
	"strings"
	"unicode/utf8"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/pullquote/pullquote/search"
)

// correctWord returns the index's most frequent word (unstemmed, in any
// shard) within a typo's reach of word, keeping its first letter: one edit
// for words of 3 to 8 letters, two from 9. "" when there is none. It reads
// the dictionaries only, so it finds corrections the typo variants of a
// search do not try: words inside "phrases", and words under 5 letters.
func (ix *Index) correctWord(word string) string {
	n := utf8.RuneCountInString(word)
	if n < 3 || strings.ContainsFunc(word, func(r rune) bool { return r >= '0' && r <= '9' }) {
		return ""
	}
	edits := 1
	if n >= 9 {
		edits = 2
	}
	_, size := utf8.DecodeRuneInString(word)
	// The candidates in every shard (the fuzzy dictionary leaves their
	// counts out), then how many paragraphs hold each.
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
	counts := map[string]uint64{}
	for _, r := range readers {
		fr, ok := r.(bindex.IndexReaderFuzzy)
		if !ok {
			continue
		}
		d, err := fr.FieldDictFuzzy(FieldTextExact, word, edits, word[:size])
		if err != nil {
			continue
		}
		for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
			if e.Term != word {
				counts[e.Term] = 0
			}
		}
		d.Close()
	}
	for t := range counts {
		for _, r := range readers {
			if tfr, err := r.TermFieldReader(context.Background(), []byte(t), FieldTextExact, false, false, false); err == nil {
				counts[t] += tfr.Count()
				tfr.Close()
			}
		}
	}
	best, bestN := "", uint64(0)
	for t, c := range counts {
		if best == "" || c > bestN || c == bestN && t < best {
			best, bestN = t, c
		}
	}
	return best
}

// correction suggests a query for one that found nothing: each word no
// paragraph holds, in a phrase or too short for typo variants, replaced by
// correctWord's choice; offered only if it finds something.
func (ix *Index) correction(ctx context.Context, req search.Request, p plan, an analyzers) string {
	out, changed := req.Query, false
	for _, c := range p.parsed.Clauses {
		if c.Exclude {
			continue
		}
		// The clause's words as the index holds them (lower case, folded),
		// each with the text it was read from.
		last := -1
		for _, t := range an.exact.Analyze([]byte(c.Text)) {
			if t.Position == last {
				continue // a token filter's extra token at the same position
			}
			last = t.Position
			w, lw := c.Text[t.Start:t.End], string(t.Term)
			if ix.knows(lw) {
				continue
			}
			fix := ix.correctWord(lw)
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
	resp, err := ix.Search(ctx, check)
	if err != nil || resp.Total == 0 {
		return ""
	}
	return strings.TrimSpace(out)
}

package searcher

import (
	"slices"

	"github.com/pullquote/pullquote/analysis"
)

// phraseTerm marks occurrences that are words of a "phrase" rather than
// matches of a query word; they count for highlights only.
const phraseTerm = -1

// withPhrases returns occ with every word of each exact occurrence of a
// phrase in text added (stop words too, which occ lacks), in text order
// and without overlaps, and without the occurrences of a phrase's words
// outside the phrase (a lone "never" is not "never sorry"). terms are the
// plan's, which occ's indexes.
func withPhrases(text string, occ []occurrence, terms []qterm, phrases [][]string, a *analysis.Analyzer) []occurrence {
	if len(phrases) == 0 {
		return occ
	}
	words := a.Exact([]byte(text))
	inPhrase := map[int]bool{} // start offsets of words in a matched phrase
	for _, ph := range phrases {
		for i := 0; i+len(ph) <= len(words); i++ {
			if analysis.PhraseAt(words[i:i+len(ph)], ph) {
				for _, w := range words[i : i+len(ph)] {
					inPhrase[w.Start] = true
				}
			}
		}
	}
	marked := map[int]bool{} // start offsets already in out
	var out []occurrence
	for _, o := range occ {
		if o.term >= 0 && o.term < len(terms) && terms[o.term].phrase && !inPhrase[o.start] {
			continue
		}
		marked[o.start] = true
		out = append(out, o)
	}
	for _, ph := range phrases {
		for i := 0; i+len(ph) <= len(words); i++ {
			if !analysis.PhraseAt(words[i:i+len(ph)], ph) {
				continue
			}
			for _, w := range words[i : i+len(ph)] {
				if !marked[w.Start] {
					marked[w.Start] = true
					out = append(out, occurrence{pos: w.Position, term: phraseTerm, quality: qualityExact, start: w.Start, end: w.End})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b occurrence) int { return a.start - b.start })
	return out
}

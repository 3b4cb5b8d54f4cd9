package index

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
)

// phraseTerm marks occurrences that are words of a "phrase" rather than
// matches of a query word; they count for highlights only.
const phraseTerm = -1

// withPhrases returns occ with every word of each exact occurrence of a
// phrase in text added (stop words too, which occ lacks), in text order
// and without overlaps, and without the occurrences of a phrase's words
// outside the phrase (a lone "never" is not "never sorry"). terms are the
// plan's, which occ's indexes; exact is the unstemmed analyzer.
func withPhrases(text string, occ []occurrence, terms []qterm, phrases [][]string, exact analysis.Analyzer) []occurrence {
	if len(phrases) == 0 {
		return occ
	}
	words := positionWords(exact.Analyze([]byte(text)))
	inPhrase := map[int]bool{} // start offsets of words in a matched phrase
	for _, ph := range phrases {
		for i := 0; i+len(ph) <= len(words); i++ {
			if phraseAt(words[i:i+len(ph)], ph) {
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
			if !phraseAt(words[i:i+len(ph)], ph) {
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

// holdsPhrase reports whether text holds the phrase's words (unstemmed,
// as exact analyses them) at consecutive positions.
func holdsPhrase(text string, ph []string, exact analysis.Analyzer) bool {
	words := positionWords(exact.Analyze([]byte(text)))
	for i := 0; i+len(ph) <= len(words); i++ {
		if phraseAt(words[i:i+len(ph)], ph) {
			return true
		}
	}
	return false
}

// positionWords returns the first token at each position: a filter may add
// a second at the same one.
func positionWords(toks analysis.TokenStream) []*analysis.Token {
	var words []*analysis.Token
	for _, t := range toks {
		if len(words) == 0 || words[len(words)-1].Position != t.Position {
			words = append(words, t)
		}
	}
	return words
}

// phraseAt reports whether the tokens are the phrase's words at
// consecutive positions.
func phraseAt(toks []*analysis.Token, ph []string) bool {
	for j, t := range toks {
		if string(t.Term) != ph[j] || (j > 0 && t.Position != toks[j-1].Position+1) {
			return false
		}
	}
	return true
}

package searcher

import (
	"sort"
	"strings"
)

// suggest returns query with each misspelt word (one no paragraph holds)
// replaced by the word it most often matched in the candidates'
// occurrences, or "" when there is nothing to correct: a word with its stem
// if there is one ("documentarie" is not written, but its stem is
// documentary's), else a typo variant. It costs nothing beyond the
// rerank's own work: no dictionary scan.
func suggest(query string, terms []qterm, cands []candidate) string {
	out := query
	changed := false
	for i, t := range terms {
		if !t.unknown || t.typed == "" {
			continue
		}
		stemmed, fuzzy := map[string]int{}, map[string]int{}
		for _, c := range cands {
			for _, o := range c.occ {
				if o.term != i {
					continue
				}
				switch o.quality {
				case qualityExact:
					stemmed[strings.ToLower(c.hit.Text[o.start:o.end])]++
				case qualityFuzzy:
					fuzzy[strings.ToLower(c.hit.Text[o.start:o.end])]++
				}
			}
		}
		counts := fuzzy
		if len(stemmed) > 0 {
			counts = stemmed
		}
		if len(counts) == 0 {
			continue
		}
		words := make([]string, 0, len(counts))
		for w := range counts {
			words = append(words, w)
		}
		sort.Slice(words, func(a, b int) bool {
			if counts[words[a]] != counts[words[b]] {
				return counts[words[a]] > counts[words[b]]
			}
			return words[a] < words[b]
		})
		if k := strings.Index(out, t.typed); k >= 0 {
			out = out[:k] + words[0] + out[k+len(t.typed):]
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return strings.TrimSpace(out)
}

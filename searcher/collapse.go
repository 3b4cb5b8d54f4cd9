package searcher

import (
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// collapse merges candidates whose paragraphs are the same text (the same
// corpus.Fingerprint, so a copy truncated after its first words still
// counts) in different reviews of the same work into one hit at the best
// rank, naming the others in Also. With fullest set it shows the fullest
// copy there; otherwise the first, whose fields (date, score, votes) earned
// that rank under a sort by them.
func collapse(cands []candidate, fullest bool) []candidate {
	out := cands[:0:0]
	first := make(map[string]int, len(cands)) // key → index in out
	for _, c := range cands {
		fp := corpus.Fingerprint(c.hit.Text)
		if fp == "" {
			out = append(out, c)
			continue
		}
		key := c.hit.Work + "\x00" + fp
		i, seen := first[key]
		if !seen {
			first[key] = len(out)
			out = append(out, c)
			continue
		}
		keep := &out[i].hit
		if keep.ReviewID == c.hit.ReviewID {
			out = append(out, c) // two alike paragraphs of one review stay apart
			continue
		}
		if fullest && len(c.hit.Text) > len(keep.Text) {
			// Show the fuller copy, at the better rank.
			also := append(keep.Also, sourceOf(*keep))
			rel := keep.Relevance
			out[i] = c
			out[i].hit.Also, out[i].hit.Relevance = also, rel
			continue
		}
		keep.Also = append(keep.Also, sourceOf(c.hit))
	}
	return out
}

func sourceOf(h search.Hit) search.Source {
	return search.Source{ReviewID: h.ReviewID, Site: h.Site, Outlet: h.Outlet, Author: h.Author, URL: h.URL}
}

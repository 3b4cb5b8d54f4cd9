package searcher

import (
	"context"
	"strings"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// correction suggests a query for one that found nothing: each word no
// paragraph holds, in a phrase or too short for typo variants, replaced by
// the engine's choice (engine.Corrector); offered only if it finds
// something.
func (s *Searcher) correction(ctx context.Context, e engine.Engine, c engine.Corrector, words engine.Vocabulary, req search.Request, p plan) string {
	out, changed := req.Query, false
	for _, cl := range p.parsed.Clauses {
		if cl.Exclude {
			continue
		}
		// The clause's words as the index holds them (lower case, folded),
		// each with the text it was read from.
		for _, t := range s.an.Terms(cl.Text) {
			w, lw := cl.Text[t.Start:t.End], t.Word
			if t.Stem == "" || words.Known(lw) {
				continue // a stop word is never a typo: "and" is not "aid"
			}
			fix := c.Correct(lw)
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
	resp, err := s.search(ctx, e, check)
	if err != nil || resp.Total == 0 {
		return ""
	}
	return strings.TrimSpace(out)
}

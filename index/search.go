package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

var (
	_ engine.Engine          = (*Index)(nil)
	_ engine.Lexicon         = (*Index)(nil)
	_ engine.KeywordResolver = (*Index)(nil)
	_ engine.Corrector       = (*Index)(nil)
	_ engine.Versioned       = (*Index)(nil)
)

// Retrieve runs r on the Bleve shards: one query (a conjunction of the
// words' and phrases' queries, exclusions, the filter unscored), scored
// by BM25 over every shard, the page's paragraphs read from the side
// store, the facets counted by pullquote's own counters.
func (ix *Index) Retrieve(ctx context.Context, r *engine.Retrieval) (*engine.Retrieved, error) {
	if wholeIndex(r) {
		counts, err := ix.countWhole(ctx, r)
		if err != nil {
			return nil, err
		}
		fc := counts[r.Count[0]]
		total := uint64(fc.Missing)
		for _, v := range fc.Values {
			total += uint64(v.Count)
		}
		return &engine.Retrieved{Total: total, Facets: counts}, nil
	}
	ctx, err := ix.withScoring(ctx)
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(bleveQuery(r, ix.asTyped()), r.Size, r.From, false)
	if r.Size == 0 {
		sr.Score = bleve.ScoreNone // counts only
	} else {
		sr.SortByCustom(sortOrder(r.Sort))
	}
	res, counts, err := ix.searchFacets(ctx, sr, r.Count...)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", ix.dir, err)
	}
	out := &engine.Retrieved{Total: res.Total, Facets: counts, Hits: make([]search.Hit, len(res.Hits))}
	if len(res.Hits) == 0 {
		return out, nil
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	ps, err := ix.paragraphs(ids)
	if err != nil {
		return nil, fmt.Errorf("search %s: read hits: %w", ix.dir, err)
	}
	for i, sp := range ps {
		out.Hits[i] = sp.hit()
		out.Hits[i].Relevance = res.Hits[i].Score
	}
	return out, nil
}

// sortOrder returns the bleve sort for s; ties go to relevance, then to
// index order (see Index.search). There is no tie-break on the paragraph
// ID: it would make bleve load every hit's ID, a sixth of the time of a
// query for a common word.
func sortOrder(s search.Sort) bsearch.SortOrder {
	byScore := &bsearch.SortScore{Desc: true}
	field := func(name string, typ bsearch.SortFieldType, desc bool) bsearch.SearchSort {
		return &bsearch.SortField{Field: name, Desc: desc, Type: typ, Missing: bsearch.SortFieldMissingLast}
	}
	switch s {
	case search.SortNewest:
		return bsearch.SortOrder{field(FieldDate, bsearch.SortFieldAsDate, true), byScore}
	case search.SortOldest:
		return bsearch.SortOrder{field(FieldDate, bsearch.SortFieldAsDate, false), byScore}
	case search.SortScore:
		return bsearch.SortOrder{field(FieldScore, bsearch.SortFieldAsNumber, true), byScore}
	case search.SortHelpful:
		return bsearch.SortOrder{field(FieldHelpful, bsearch.SortFieldAsNumber, true), byScore}
	}
	return bsearch.SortOrder{byScore}
}

// asTyped holds phrases to their words as typed with the index's lexicon
// and side store (see phraseQuery).
func (ix *Index) asTyped() *asTyped {
	return &asTyped{otherForms: ix.words().OtherForms, held: ix.phraseHeld}
}

// phraseHeld reports whether paragraph id holds a phrase's words as
// written (see phraseQuery).
func (ix *Index) phraseHeld(id string, words []string) (bool, error) {
	text, err := ix.store.text(id)
	if err != nil {
		return false, fmt.Errorf("check phrase in %s: %w", id, err)
	}
	return ix.an.HasPhrase(text, words), nil
}

// Words returns the index's vocabulary as it is now: its lexicon's words,
// searched by their stems (engine.Lexicon).
func (ix *Index) Words() engine.Vocabulary { return ix.words() }

func (ix *Index) words() lexWords {
	return lexWords{lex: ix.lex.Load(), stem: ix.an.Stemmer()}
}

// mapping returns the index mapping (of the first shard: every shard is
// built with the same).
func (ix *Index) mapping() mapping.IndexMapping {
	return ix.shards[0].Mapping()
}

package index

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// yearCache remembers the years an index's dates span, for the date facet's
// buckets, until the number of documents changes.
type yearCache struct {
	mu    sync.Mutex
	valid bool
	docs  uint64
	years []int
}

// yearSpan returns every year from the earliest to the latest paragraph
// date in the index, or none when no paragraph has a date.
func (ix *Index) yearSpan(ctx context.Context) ([]int, error) {
	n, err := ix.bleve().DocCount()
	if err != nil {
		return nil, fmt.Errorf("search %s: count documents: %w", ix.dir, err)
	}
	c := &ix.years
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.valid && c.docs == n {
		return c.years, nil
	}
	first, ok, err := ix.edgeDate(ctx, false)
	if err != nil || !ok {
		return nil, err
	}
	last, _, err := ix.edgeDate(ctx, true)
	if err != nil {
		return nil, err
	}
	var years []int
	for y := first.Year(); y <= last.Year(); y++ {
		years = append(years, y)
	}
	c.valid, c.docs, c.years = true, n, years
	return years, nil
}

// edgeDate returns the earliest (or, with latest, the latest) paragraph
// date in the index; ok is false when no paragraph has a date.
func (ix *Index) edgeDate(ctx context.Context, latest bool) (t time.Time, ok bool, err error) {
	t0, inc := time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), true
	q := query.NewDateRangeInclusiveQuery(t0, time.Time{}, &inc, nil)
	q.SetField(FieldDate)
	sr := bleve.NewSearchRequestOptions(q, 1, 0, false)
	sr.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: FieldDate, Desc: latest, Type: bsearch.SortFieldAsDate}})
	res, err := ix.bleve().SearchInContext(ctx, sr)
	if err != nil {
		return t, false, fmt.Errorf("search %s: date span: %w", ix.dir, err)
	}
	if len(res.Hits) == 0 {
		return t, false, nil
	}
	p, err := ix.paragraph(res.Hits[0].ID)
	if err != nil {
		return t, false, fmt.Errorf("search %s: date span: %w", ix.dir, err)
	}
	return p.Review.Date, !p.Review.Date.IsZero(), nil
}

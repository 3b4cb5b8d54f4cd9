package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// bleveEngine is Bleve as it comes: bleve.NewIndexMapping() (standard
// analyzer, stored text, term vectors, _all), batches of 1,000, the html
// highlighter and facet requests. The one change is a keyword analyzer on
// outlet, without which a terms facet counts outlet words, not outlets.
type bleveEngine struct{}

func blevePath(dir string) string { return filepath.Join(dir, "bleve") }

func (bleveEngine) build(ctx context.Context, corpusPath, dir string) (int, error) {
	m := bleve.NewIndexMapping()
	outlet := bleve.NewTextFieldMapping()
	outlet.Analyzer = keyword.Name
	m.DefaultMapping.AddFieldMappingsAt("outlet", outlet)
	idx, err := bleve.New(blevePath(dir), m)
	if err != nil {
		return 0, fmt.Errorf("bleve: %w", err)
	}
	b := idx.NewBatch()
	n := 0
	err = readParas(ctx, corpusPath, func(p para) error {
		doc := map[string]any{"text": p.Text}
		if p.Outlet != "" {
			doc["outlet"] = p.Outlet
		}
		if p.Score != nil {
			doc["score"] = *p.Score
		}
		if !p.Date.IsZero() {
			doc["date"] = p.Date.Format(time.RFC3339)
		}
		if err := b.Index(p.ID, doc); err != nil {
			return err
		}
		n++
		if b.Size() >= 1000 {
			if err := idx.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
		return nil
	})
	if err == nil && b.Size() > 0 {
		err = idx.Batch(b)
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("bleve: %w", err)
	}
	return n, nil
}

type bleveQuerier struct{ idx bleve.Index }

func openBleve(dir string) (querier, error) {
	idx, err := bleve.Open(blevePath(dir))
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	return &bleveQuerier{idx: idx}, nil
}

func (b *bleveQuerier) close() error { return b.idx.Close() }

// textQuery is the query on the text: all words, one phrase, or a fuzzy
// word (edit distance 1) for a typo.
func bleveText(q query) bq.Query {
	text := strings.Join(q.Words, " ")
	if q.phrase() {
		p := bleve.NewMatchPhraseQuery(text)
		p.SetField("text")
		return p
	}
	m := bleve.NewMatchQuery(text)
	m.SetField("text")
	m.SetOperator(bq.MatchQueryOperatorAnd)
	if q.Class == classTypo {
		m.SetFuzziness(1)
	}
	return m
}

func bleveOutlet(q query) bq.Query {
	t := bleve.NewTermQuery(q.Outlet)
	t.SetField("outlet")
	return t
}

func bleveScore(q query) bq.Query {
	min, incl := q.MinScore, true
	r := bleve.NewNumericRangeInclusiveQuery(&min, nil, &incl, nil)
	r.SetField("score")
	return r
}

// The years the date facet counts.
const (
	yearFrom = 2000
	yearTo   = 2024
)

func bleveYears() *bleve.FacetRequest {
	f := bleve.NewFacetRequest("date", yearTo-yearFrom+1)
	for y := yearFrom; y <= yearTo; y++ {
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		f.AddDateTimeRange(fmt.Sprint(y), from, from.AddDate(1, 0, 0))
	}
	return f
}

func bleveBands() *bleve.FacetRequest {
	f := bleve.NewFacetRequest("score", 4)
	hi := 101.0
	for _, m := range bandMins {
		lo := m
		top := hi
		f.AddNumericRange(fmt.Sprint(m), &lo, &top)
		hi = m
	}
	return f
}

func (b *bleveQuerier) query(ctx context.Context, q query) (answer, error) {
	var a answer
	text := bleveText(q)
	main := bq.Query(text)
	if q.filtered() {
		main = bleve.NewConjunctionQuery(text, bleveOutlet(q), bleveScore(q))
	}
	req := bleve.NewSearchRequestOptions(main, 10, 0, false)
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField("text")
	req.Fields = []string{"outlet", "score", "date"}
	req.AddFacet("years", bleveYears())
	if !q.filtered() {
		req.AddFacet("outlet", bleve.NewFacetRequest("outlet", 10))
		req.AddFacet("score", bleveBands())
	}
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return a, fmt.Errorf("bleve: %w", err)
	}
	a.Total, a.Hits = int(res.Total), len(res.Hits)
	for _, h := range res.Hits {
		for _, frags := range h.Fragments {
			if len(frags) > 0 && strings.Contains(frags[0], "<mark>") {
				a.Highlights++
				break
			}
		}
	}
	facets := res.Facets
	if q.filtered() { // each facet without its own filter
		fr := func(query bq.Query, name string, f *bleve.FacetRequest) error {
			r := bleve.NewSearchRequestOptions(query, 0, 0, false)
			r.AddFacet(name, f)
			sub, err := b.idx.SearchInContext(ctx, r)
			if err != nil {
				return fmt.Errorf("bleve facet: %w", err)
			}
			facets[name] = sub.Facets[name]
			return nil
		}
		if err := fr(bleve.NewConjunctionQuery(text, bleveScore(q)), "outlet", bleve.NewFacetRequest("outlet", 10)); err != nil {
			return a, err
		}
		if err := fr(bleve.NewConjunctionQuery(text, bleveOutlet(q)), "score", bleveBands()); err != nil {
			return a, err
		}
	}
	if f := facets["years"]; f != nil {
		for _, d := range f.DateRanges {
			if d.Count > 0 {
				a.Years++
			}
		}
	}
	if f := facets["outlet"]; f != nil && f.Terms != nil {
		a.Outlets = len(f.Terms.Terms())
	}
	if f := facets["score"]; f != nil {
		for _, r := range f.NumericRanges {
			if r.Count > 0 {
				a.Bands++
			}
		}
		if f.Missing > 0 {
			a.Bands++
		}
	}
	return a, nil
}

package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

// pullquoteEngine is pullquote as shipped: index.Build, index.Open and
// (*index.Index).Search with highlights and facets.
type pullquoteEngine struct{ shards int }

func pullquotePath(dir string) string { return filepath.Join(dir, "pullquote") }

func (e pullquoteEngine) build(ctx context.Context, corpusPath, dir string) (int, error) {
	src := func(ctx context.Context, fn func(corpus.Review) error) error {
		return readCorpus(ctx, corpusPath, fn)
	}
	defer index.TuneGC()() // as pullquote index builds
	st, err := index.Build(ctx, pullquotePath(dir), src, index.BuildOptions{Shards: e.shards})
	if err != nil {
		return 0, fmt.Errorf("pullquote: %w", err)
	}
	return st.Paragraphs, nil
}

// pullquoteQuerier is pullquote's search over its embedded index (ix);
// pqSphinxQuerier embeds it over a cluster.
type pullquoteQuerier struct {
	s  search.Searcher
	ix *index.Index
}

func openPullquote(dir string) (*pullquoteQuerier, error) {
	ix, err := index.Open(pullquotePath(dir))
	if err != nil {
		return nil, fmt.Errorf("pullquote: %w", err)
	}
	return &pullquoteQuerier{s: searcher.New(ix), ix: ix}, nil
}

func (p *pullquoteQuerier) close() error { return p.ix.Close() }

// request is the search.Request for q: the query language's "phrase" for
// phrases, plain words otherwise.
func request(q query) search.Request {
	text := strings.Join(q.Words, " ")
	if q.phrase() {
		text = `"` + text + `"`
	}
	req := search.Request{Query: text, Page: 1, Size: 10, Highlight: true, Sort: search.SortRelevance}
	if q.filtered() {
		min := q.MinScore
		req.Filter.Outlets = []string{q.Outlet}
		req.Filter.Score = search.Range{Min: &min}
	}
	return req
}

func (p *pullquoteQuerier) query(ctx context.Context, q query) (answer, error) {
	res, err := p.s.Search(ctx, request(q))
	if err != nil {
		return answer{}, fmt.Errorf("pullquote: %w", err)
	}
	a := answer{Total: int(res.Total), Hits: len(res.Hits), Outlets: len(res.Facets.Outlet)}
	for _, h := range res.Hits {
		if strings.Contains(h.Highlight, "<mark>") {
			a.Highlights++
		}
	}
	for _, b := range res.Facets.Score {
		if b.Count > 0 {
			a.Bands++
		}
	}
	for _, d := range res.Facets.Date {
		if d.Count > 0 {
			a.Years++
		}
	}
	return a, nil
}

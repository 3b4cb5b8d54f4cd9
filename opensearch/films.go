package opensearch

import (
	"context"
	"fmt"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// maxFilms bounds the films one answer counts.
const maxFilms = 65536

// Films counts each film's reviews and paragraphs, its reviews by site
// and kind, by score and by day (aggregations over each review's first
// paragraph), and reads the aggregates its pages stated.
func (e *Engine) Films(ctx context.Context) ([]search.FilmCounts, error) {
	terms := func(field string, size int, sub map[string]any) map[string]any {
		t := map[string]any{"terms": map[string]any{"field": field, "size": size}}
		if sub != nil {
			t["aggs"] = sub
		}
		return t
	}
	body := map[string]any{
		"size": 0,
		"aggs": map[string]any{
			"paragraphs": terms(fieldWork, maxFilms, nil),
			"reviews": map[string]any{
				"filter": map[string]any{"term": map[string]any{fieldFirst: true}},
				"aggs": map[string]any{"work": terms(fieldWork, maxFilms, map[string]any{
					"site":  terms(fieldSite, 1000, map[string]any{"kind": terms(fieldKind, 10, nil)}),
					"score": terms(fieldScore, 10000, nil),
					"day":   terms(fieldDay, 100000, nil),
				})},
			},
		},
	}
	type bucket struct {
		Key      any `json:"key"`
		DocCount int `json:"doc_count"`
		Site     struct {
			Buckets []struct {
				Key  string `json:"key"`
				Kind struct {
					Buckets []struct {
						Key      string `json:"key"`
						DocCount int    `json:"doc_count"`
					} `json:"buckets"`
				} `json:"kind"`
			} `json:"buckets"`
		} `json:"site"`
		Score struct {
			Buckets []struct {
				Key      float64 `json:"key"`
				DocCount int     `json:"doc_count"`
			} `json:"buckets"`
		} `json:"score"`
		Day struct {
			Buckets []struct {
				Key      string `json:"key"`
				DocCount int    `json:"doc_count"`
			} `json:"buckets"`
		} `json:"day"`
	}
	var res struct {
		searchResult
		Aggregations struct {
			Paragraphs struct {
				Buckets []bucket `json:"buckets"`
			} `json:"paragraphs"`
			Reviews struct {
				Work struct {
					Buckets []bucket `json:"buckets"`
				} `json:"work"`
			} `json:"reviews"`
		} `json:"aggregations"`
	}
	if err := e.c.do(ctx, "POST", "/"+e.addr.Index+"/_search", body, &res); err != nil {
		return nil, fmt.Errorf("%s: films: %w", e.addr, err)
	}
	if m := res.missing(); len(m) > 0 {
		return nil, fmt.Errorf("%s: films: %v did not answer", e.addr, m)
	}
	films := search.FilmTally{}
	for _, b := range res.Aggregations.Paragraphs.Buckets {
		films.Film(fmt.Sprint(b.Key)).Paragraphs = b.DocCount
	}
	for _, b := range res.Aggregations.Reviews.Work.Buckets {
		f := films.Film(fmt.Sprint(b.Key))
		f.Reviews = b.DocCount
		for _, s := range b.Site.Buckets {
			for _, k := range s.Kind.Buckets {
				f.Sites = append(f.Sites, search.SiteKindCount{Site: s.Key, Kind: k.Key, Reviews: k.DocCount})
			}
		}
		for _, s := range b.Score.Buckets {
			f.Scores = append(f.Scores, search.ScoreCount{Score: s.Key, Reviews: s.DocCount})
		}
		for _, d := range b.Day.Buckets {
			day, err := time.Parse(time.DateOnly, d.Key)
			if err != nil {
				return nil, fmt.Errorf("%s: films: day %q: %w", e.addr, d.Key, err)
			}
			f.Days = append(f.Days, search.DayCount{Day: day, Reviews: d.DocCount})
		}
	}
	stated, err := e.stated(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range stated {
		f := films.Film(a.Work)
		f.Stated = append(f.Stated, a)
	}
	return films.Films(), nil
}

// stated reads the aggregates the pages stated.
func (e *Engine) stated(ctx context.Context) ([]corpus.Aggregate, error) {
	var res struct {
		Hits struct {
			Hits []struct {
				Source struct {
					Aggregate corpus.Aggregate `json:"aggregate"`
				} `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	err := e.c.do(ctx, "POST", "/"+filmsAlias(e.addr.Index)+"/_search", map[string]any{"size": 10000}, &res)
	if err != nil {
		return nil, fmt.Errorf("%s: stated aggregates: %w", e.addr, err)
	}
	out := make([]corpus.Aggregate, len(res.Hits.Hits))
	for i, h := range res.Hits.Hits {
		out[i] = h.Source.Aggregate
	}
	return out, nil
}

package opensearch

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// Engine is engine.Engine over the index behind an alias of a cluster.
type Engine struct {
	c    *client
	addr Address

	mu      sync.Mutex
	version string
	checked time.Time
}

var (
	_ engine.Engine    = (*Engine)(nil)
	_ engine.Versioned = (*Engine)(nil)
)

// Open returns the engine over addr, checking that the alias exists.
func Open(ctx context.Context, addr Address) (*Engine, error) {
	e := &Engine{c: newClient(addr), addr: addr}
	ts, err := aliasTargets(ctx, e.c, addr.Index)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", addr, err)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("%s: no index behind %s: build one with `pullquote index --backend %s`", addr, addr.Index, addr)
	}
	return e, nil
}

// versionTTL is how long a read version is trusted: a write (by
// `pullquote index`, another process) shows in cached answers within it.
const versionTTL = time.Second

// Version names what the index holds: the index behind the alias and how
// many writes and deletes it has taken (read at most once a versionTTL).
func (e *Engine) Version() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if time.Since(e.checked) < versionTTL && e.version != "" {
		return e.version
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var out struct {
		Indices map[string]struct {
			Primaries struct {
				Indexing struct {
					IndexTotal  int64 `json:"index_total"`
					DeleteTotal int64 `json:"delete_total"`
				} `json:"indexing"`
				Refresh struct {
					Total int64 `json:"total"`
				} `json:"refresh"`
			} `json:"primaries"`
		} `json:"indices"`
	}
	if err := e.c.do(ctx, "GET", "/"+e.addr.Index+"/_stats/indexing,refresh", nil, &out); err != nil {
		return "" // no version: nothing is cached
	}
	var b strings.Builder
	for idx, s := range out.Indices {
		fmt.Fprintf(&b, "%s.%d.%d.%d", idx, s.Primaries.Indexing.IndexTotal, s.Primaries.Indexing.DeleteTotal, s.Primaries.Refresh.Total)
	}
	e.version, e.checked = b.String(), time.Now()
	return e.version
}

// Boosts of a word's parts, as on Bleve: the word above a prefix above a
// typo.
const (
	boostExact  = 2.0
	boostPrefix = 0.8
	boostFuzzy  = 0.5
	boostPhrase = 2.0
)

// matchQuery is one word or phrase as a query.
func matchQuery(m engine.Match) map[string]any {
	if m.Phrase != nil {
		// A phrase's words as written (folded), stop words included: the
		// exact field holds them at their positions.
		return map[string]any{"match_phrase": map[string]any{fieldExact: map[string]any{"query": strings.Join(m.Phrase, " "), "boost": boostPhrase}}}
	}
	var should []map[string]any
	if m.Term != "" {
		should = append(should, map[string]any{"term": map[string]any{fieldText: map[string]any{"value": m.Term, "boost": boostExact}}})
	}
	// Each variant scored by BM25, as Bleve scores them (a terms query
	// would give every match the same constant score).
	scored := func(terms []string, boost float64) map[string]any {
		var alts []map[string]any
		for _, t := range terms {
			alts = append(alts, map[string]any{"term": map[string]any{fieldText: map[string]any{"value": t}}})
		}
		return map[string]any{"bool": map[string]any{"should": alts, "boost": boost}}
	}
	if len(m.Variants) > 0 {
		should = append(should, scored(m.Variants, boostFuzzy))
	}
	if len(m.Prefixed) > 0 {
		should = append(should, scored(m.Prefixed, boostPrefix))
	} else if m.Prefix {
		should = append(should, map[string]any{"prefix": map[string]any{fieldExact: map[string]any{"value": m.Word, "boost": boostPrefix}}})
	}
	if len(should) == 1 {
		return should[0]
	}
	if len(should) == 0 {
		return map[string]any{"match_none": map[string]any{}}
	}
	return map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}}
}

// filterQueries are f's clauses.
func filterQueries(f search.Filter) []map[string]any {
	var out []map[string]any
	for field, vs := range map[string][]string{fieldOutlet: f.Outlets, fieldAuthor: f.Authors, fieldKind: f.Kinds, fieldWork: f.Works} {
		if len(vs) > 0 {
			out = append(out, map[string]any{"terms": map[string]any{field: vs}})
		}
	}
	var score []map[string]any
	if !f.Score.IsZero() {
		r := map[string]any{}
		if f.Score.Min != nil {
			r["gte"] = *f.Score.Min
		}
		if f.Score.Max != nil {
			r["lte"] = *f.Score.Max
		}
		score = append(score, map[string]any{"range": map[string]any{fieldScore: r}})
	}
	if f.NoScore {
		score = append(score, map[string]any{"bool": map[string]any{"must_not": []any{map[string]any{"exists": map[string]any{"field": fieldScore}}}}})
	}
	if len(score) > 0 {
		out = append(out, map[string]any{"bool": map[string]any{"should": score, "minimum_should_match": 1}})
	}
	if !f.Date.IsZero() {
		r := map[string]any{"format": "strict_date_optional_time"}
		if !f.Date.From.IsZero() {
			r["gte"] = f.Date.From.Format(time.DateOnly)
		}
		if !f.Date.To.IsZero() {
			r["lte"] = f.Date.To.Format(time.DateOnly)
		}
		out = append(out, map[string]any{"range": map[string]any{fieldDate: r}})
	}
	return out
}

// queryOf is r's query: its words and phrases (all, or at least r.Min),
// exclusions, filter.
func queryOf(r *engine.Retrieval) map[string]any {
	b := map[string]any{}
	if len(r.Need) > 0 {
		parts := make([]map[string]any, len(r.Need))
		for i, m := range r.Need {
			parts[i] = matchQuery(m)
		}
		if r.Min > 0 && r.Min < len(parts) {
			b["should"], b["minimum_should_match"] = parts, r.Min
		} else {
			b["must"] = parts
		}
	}
	if len(r.Not) > 0 {
		var not []map[string]any
		for _, m := range r.Not {
			not = append(not, matchQuery(m))
		}
		b["must_not"] = not
	}
	if f := filterQueries(r.Filter); len(f) > 0 {
		b["filter"] = f
	}
	if len(b) == 0 {
		return map[string]any{"match_all": map[string]any{}}
	}
	return map[string]any{"bool": b}
}

// sortOf is s as OpenSearch sorts: by field (unknown values last), ties by
// relevance.
func sortOf(s search.Sort) []any {
	field := func(name, order string) map[string]any {
		return map[string]any{name: map[string]any{"order": order, "missing": "_last"}}
	}
	switch s {
	case search.SortNewest:
		return []any{field(fieldDate, "desc"), "_score"}
	case search.SortOldest:
		return []any{field(fieldDate, "asc"), "_score"}
	case search.SortScore:
		return []any{field(fieldScore, "desc"), "_score"}
	case search.SortHelpful:
		return []any{field(fieldHelpful, "desc"), "_score"}
	}
	return []any{"_score"}
}

// facetFields are the fields each facet counts.
var facetFields = map[engine.Facet]string{
	engine.FacetOutlet: fieldOutlet, engine.FacetScore: fieldBand, engine.FacetDate: fieldMonth, engine.FacetWork: fieldWork,
}

// facetSize is how many values a facet lists (all of them when listed
// whole).
const (
	facetSize      = 1000
	facetSizeWhole = 65536
	// facetShardSize is how many values each shard ranks for a facet
	// listed to Top.
	facetShardSize = 500
)

// Retrieve runs r in one search: the page, its total, and each facet as
// a terms aggregation beside a count of paragraphs without the field.
func (e *Engine) Retrieve(ctx context.Context, r *engine.Retrieval) (*engine.Retrieved, error) {
	body := map[string]any{
		"query": queryOf(r), "from": r.From, "size": r.Size, "track_total_hits": true,
		"_source": []string{fieldText, fieldReview, fieldParagraph},
	}
	if r.Size > 0 {
		body["sort"] = sortOf(r.Sort)
		body["track_scores"] = true
	}
	aggs := map[string]any{}
	for _, n := range r.Count {
		f := facetFields[n]
		terms := map[string]any{"field": f, "size": facetSize}
		switch {
		case n == r.Whole:
			terms["size"] = facetSizeWhole
		case (n == engine.FacetOutlet || n == engine.FacetWork) && r.Top > 0:
			// The most frequent Top (each shard ranking more, so the
			// counts are exact), and the ticked values beside them.
			terms["size"], terms["shard_size"] = r.Top, max(facetShardSize, 2*r.Top)
			if sel := r.Selected[n]; len(sel) > 0 {
				aggs[f+"_selected"] = map[string]any{"terms": map[string]any{"field": f, "size": len(sel), "include": sel}}
			}
		}
		aggs[f] = map[string]any{"terms": terms}
		aggs[f+"_missing"] = map[string]any{"missing": map[string]any{"field": f}}
		if n == engine.FacetOutlet || n == engine.FacetWork {
			// How many values there are beyond those listed (a score band
			// or a month facet never has more than it lists).
			aggs[f+"_values"] = map[string]any{"cardinality": map[string]any{"field": f, "precision_threshold": 40000}}
		}
	}
	if len(aggs) > 0 {
		body["aggs"] = aggs
	}
	var res searchResult
	if err := e.c.do(ctx, "POST", "/"+e.addr.Index+"/_search", body, &res); err != nil {
		return nil, fmt.Errorf("%s: %w", e.addr, err)
	}
	out := &engine.Retrieved{Total: res.Hits.Total.Value, Missing: res.missing(), Facets: map[engine.Facet]engine.FacetCounts{}}
	for _, n := range r.Count {
		f := facetFields[n]
		var fc engine.FacetCounts
		var terms struct {
			Buckets []struct {
				Key      string `json:"key"`
				DocCount int    `json:"doc_count"`
			} `json:"buckets"`
		}
		var count struct {
			DocCount int `json:"doc_count"`
			Value    int `json:"value"`
		}
		if err := json.Unmarshal(res.Aggregations[f], &terms); err != nil {
			return nil, fmt.Errorf("%s: facet %s: %w", e.addr, f, err)
		}
		for _, b := range terms.Buckets {
			fc.Values = append(fc.Values, engine.ValueCount{Value: b.Key, Count: b.DocCount})
		}
		if raw, ok := res.Aggregations[f+"_selected"]; ok {
			terms.Buckets = nil
			if err := json.Unmarshal(raw, &terms); err != nil {
				return nil, fmt.Errorf("%s: facet %s: %w", e.addr, f, err)
			}
			for _, b := range terms.Buckets {
				if !slices.ContainsFunc(fc.Values, func(v engine.ValueCount) bool { return v.Value == b.Key }) {
					fc.Values = append(fc.Values, engine.ValueCount{Value: b.Key, Count: b.DocCount})
				}
			}
		}
		json.Unmarshal(res.Aggregations[f+"_missing"], &count)
		fc.Missing = count.DocCount
		if raw, ok := res.Aggregations[f+"_values"]; ok {
			count.Value = 0
			json.Unmarshal(raw, &count)
			fc.Others = max(count.Value-len(fc.Values), 0)
		}
		out.Facets[n] = fc
	}
	for _, h := range res.Hits.Hits {
		hit, err := h.hit()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.addr, err)
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// searchResult is what _search answers.
type searchResult struct {
	TimedOut bool `json:"timed_out"`
	Shards   struct {
		Total    int `json:"total"`
		Failed   int `json:"failed"`
		Failures []struct {
			Index string `json:"index"`
			Shard int    `json:"shard"`
		} `json:"failures"`
	} `json:"_shards"`
	Hits struct {
		Total struct {
			Value uint64 `json:"value"`
		} `json:"total"`
		Hits []rawHit `json:"hits"`
	} `json:"hits"`
	Aggregations map[string]json.RawMessage `json:"aggregations"`
}

// missing names the shards that did not answer, and a timeout.
func (r *searchResult) missing() []string {
	var out []string
	for _, f := range r.Shards.Failures {
		out = append(out, f.Index+"/shard"+strconv.Itoa(f.Shard))
	}
	if r.Shards.Failed > len(r.Shards.Failures) {
		out = append(out, strconv.Itoa(r.Shards.Failed-len(r.Shards.Failures))+" shards")
	}
	if r.TimedOut {
		out = append(out, "timed out")
	}
	return out
}

// rawHit is one hit as _search answers it.
type rawHit struct {
	ID     string  `json:"_id"`
	Score  float64 `json:"_score"`
	Source struct {
		Text      string       `json:"text"`
		Paragraph int          `json:"paragraph"`
		Review    storedReview `json:"review"`
	} `json:"_source"`
}

func (h rawHit) hit() (search.Hit, error) {
	if h.Source.Review.Record.ID == "" {
		return search.Hit{}, fmt.Errorf("paragraph %s has no review record", h.ID)
	}
	hit := search.HitOf(&h.Source.Review.Record, h.ID, h.Source.Paragraph, h.Source.Text)
	hit.Relevance = h.Score
	return hit, nil
}

// Review reads a review's paragraphs back into the review.
func (e *Engine) Review(ctx context.Context, id string) (*corpus.Review, error) {
	body := map[string]any{
		"query": map[string]any{"term": map[string]any{fieldReviewID: id}},
		"size":  10000, "sort": []any{map[string]any{fieldParagraph: "asc"}},
		"_source": []string{fieldText, fieldReview, fieldParagraph},
	}
	var res searchResult
	if err := e.c.do(ctx, "POST", "/"+e.addr.Index+"/_search", body, &res); err != nil {
		return nil, fmt.Errorf("%s: review %s: %w", e.addr, id, err)
	}
	if len(res.Hits.Hits) == 0 {
		if m := res.missing(); len(m) > 0 {
			return nil, fmt.Errorf("%s: review %s: %s did not answer: %w", e.addr, id, strings.Join(m, ", "), search.ErrUnavailable)
		}
		return nil, fmt.Errorf("review %q: %w", id, search.ErrNotFound)
	}
	first := res.Hits.Hits[0].Source.Review
	r := first.Record
	r.Paragraphs = make([]string, first.Paragraphs)
	for _, h := range res.Hits.Hits {
		if p := h.Source.Paragraph; p >= 0 && p < len(r.Paragraphs) {
			r.Paragraphs[p] = h.Source.Text
		}
	}
	return &r, nil
}

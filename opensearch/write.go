package opensearch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// filmsAlias is the alias of the stated aggregates beside an index alias.
func filmsAlias(index string) string { return index + "-films" }

// storedReview is a review as a paragraph document stores it: its record
// without paragraphs, and how many paragraphs it has.
type storedReview struct {
	Record     corpus.Review `json:"record"`
	Paragraphs int           `json:"paragraphs"`
}

// paragraphDoc is paragraph j of r as a document.
func paragraphDoc(r *corpus.Review, j int, first bool) map[string]any {
	rec := *r
	rec.Paragraphs = nil
	d := map[string]any{
		fieldText: r.Paragraphs[j], fieldReviewID: r.ID, fieldParagraph: j, fieldFirst: first,
		fieldKind: string(r.Kind), fieldSite: r.Site,
		fieldReview: storedReview{Record: rec, Paragraphs: len(r.Paragraphs)},
	}
	for f, v := range map[string]string{fieldWork: r.Work, fieldOutlet: r.Outlet, fieldAuthor: r.Author} {
		if v != "" {
			d[f] = v
		}
	}
	if r.Score != nil {
		d[fieldScore], d[fieldBand] = r.Score.Value, search.BandKey(r.Score.Value)
	}
	if !r.Date.IsZero() {
		day := r.Date.UTC()
		d[fieldDate] = day.Format(time.DateOnly)
		d[fieldMonth] = day.Format("2006-01")
		d[fieldDay] = day.Format(time.DateOnly)
	}
	if r.Helpful != nil {
		d[fieldHelpful] = r.Helpful.Yes
	}
	return d
}

// LoadOptions tune a load.
type LoadOptions struct {
	// Batch is about how many paragraphs go in one _bulk request;
	// Workers how many requests are in flight at once (default
	// defaultWorkers).
	Batch, Workers int
	// Progress, when not nil, gets a line every few seconds and a last one.
	Progress io.Writer
	// Aggregates, when set, is called once the source is read; what it
	// returns is written beside the paragraphs (corpus.Loader's).
	Aggregates func() []corpus.Aggregate
	// Index is the layout of a new index (Build).
	Index IndexOptions
}

// LoadStats is what a load wrote.
type LoadStats struct {
	Reviews, Paragraphs, Duplicates int
	Elapsed                         time.Duration
}

// Rate is paragraphs written a second.
func (s LoadStats) Rate() float64 { return float64(s.Paragraphs) / max(s.Elapsed.Seconds(), 1e-9) }

// Build writes every review src yields into a new index and swaps the
// alias addr.Index to it in one atomic step (with the stated aggregates'
// alias), so searches see the old index until the swap and the new one
// after; the old indexes are deleted then. Refreshes and replicas are off
// during the load and restored before the swap. A review whose ID came
// earlier in the input is skipped (the first stays). A failed build
// deletes what it wrote and leaves the alias as it was.
func Build(ctx context.Context, addr Address, src corpus.Source, opts LoadOptions) (LoadStats, error) {
	c := newClient(addr)
	if opts.Index.Replicas < 0 {
		var h struct {
			DataNodes int `json:"number_of_data_nodes"`
		}
		if err := c.do(ctx, "GET", "/_cluster/health", nil, &h); err != nil {
			return LoadStats{}, fmt.Errorf("%s: %w", addr, err)
		}
		opts.Index.Replicas = min(1, max(h.DataNodes-1, 0))
	}
	gen := "g" + strconv.FormatInt(time.Now().UnixNano(), 36)
	idx, films := addr.Index+"-"+gen, filmsAlias(addr.Index)+"-"+gen
	body := indexBody(opts.Index)
	set := body["settings"].(map[string]any)["index"].(map[string]any)
	set["refresh_interval"], set["number_of_replicas"] = "-1", 0
	// Fsynced at the end, not every request: a failed build is deleted.
	set["translog"] = map[string]any{"durability": "async"}
	if err := c.do(ctx, "PUT", "/"+idx, body, nil); err != nil {
		return LoadStats{}, fmt.Errorf("create index %s: %w", idx, err)
	}
	if err := c.do(ctx, "PUT", "/"+films, filmsIndexBody(opts.Index), nil); err != nil {
		c.do(context.Background(), "DELETE", "/"+idx, nil, nil)
		return LoadStats{}, fmt.Errorf("create index %s: %w", films, err)
	}
	fail := func(err error) (LoadStats, error) {
		c.do(context.Background(), "DELETE", "/"+idx+","+films, nil, nil)
		return LoadStats{}, err
	}
	st, err := load(ctx, c, idx, films, src, opts, false)
	if err != nil {
		return fail(err)
	}
	restore := map[string]any{"index": map[string]any{"refresh_interval": "1s", "number_of_replicas": max(opts.Index.Replicas, 0),
		"translog": map[string]any{"durability": "request"}}}
	if err := c.do(ctx, "PUT", "/"+idx+"/_settings", restore, nil); err != nil {
		return fail(fmt.Errorf("restore settings of %s: %w", idx, err))
	}
	if err := c.do(ctx, "POST", "/"+idx+","+films+"/_flush", nil, nil); err != nil {
		return fail(fmt.Errorf("flush %s: %w", idx, err))
	}
	if err := c.do(ctx, "POST", "/"+idx+","+films+"/_refresh", nil, nil); err != nil {
		return fail(fmt.Errorf("refresh %s: %w", idx, err))
	}
	// Every shard and replica allocated before the swap, so the new index
	// answers as the old one did.
	if err := c.do(ctx, "GET", "/_cluster/health/"+idx+"?wait_for_status=green&timeout=120s", nil, nil); err != nil {
		return fail(fmt.Errorf("wait for %s: %w", idx, err))
	}
	old, err := aliasTargets(ctx, c, addr.Index+","+filmsAlias(addr.Index))
	if err != nil {
		return fail(err)
	}
	actions := []map[string]any{
		{"add": map[string]any{"index": idx, "alias": addr.Index}},
		{"add": map[string]any{"index": films, "alias": filmsAlias(addr.Index)}},
	}
	for _, o := range old {
		actions = append(actions, map[string]any{"remove": map[string]any{"index": o.index, "alias": o.alias}})
	}
	if err := c.do(ctx, "POST", "/_aliases", map[string]any{"actions": actions}, nil); err != nil {
		return fail(fmt.Errorf("swap %s to %s: %w", addr.Index, idx, err))
	}
	for _, o := range old {
		if err := c.do(ctx, "DELETE", "/"+o.index, nil, nil); err != nil {
			return st, fmt.Errorf("delete the old index %s: %w", o.index, err)
		}
	}
	return st, nil
}

// aliasTarget is one index behind one alias.
type aliasTarget struct{ index, alias string }

// aliasTargets returns the indexes behind the aliases (comma-separated);
// none when there are none yet.
func aliasTargets(ctx context.Context, c *client, aliases string) ([]aliasTarget, error) {
	var out map[string]struct {
		Aliases map[string]any `json:"aliases"`
	}
	err := c.do(ctx, "GET", "/_alias/"+aliases, nil, &out)
	if e := (*Error)(nil); errors.As(err, &e) && e.Status == 404 {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read aliases %s: %w", aliases, err)
	}
	var ts []aliasTarget
	for idx, v := range out {
		for a := range v.Aliases {
			ts = append(ts, aliasTarget{idx, a})
		}
	}
	slices.SortFunc(ts, func(a, b aliasTarget) int { return strings.Compare(a.index+a.alias, b.index+b.alias) })
	return ts, nil
}

// Add writes every review src yields into the live index behind
// addr.Index, each replacing any review with its ID (its old paragraphs
// deleted first), and the stated aggregates; the writes are searchable
// when it returns.
func Add(ctx context.Context, addr Address, src corpus.Source, opts LoadOptions) (LoadStats, error) {
	c := newClient(addr)
	return load(ctx, c, addr.Index, filmsAlias(addr.Index), src, opts, true)
}

// Delete deletes reviews by ID from the live index, and reports how many
// paragraphs went.
func Delete(ctx context.Context, addr Address, ids ...string) (int, error) {
	c := newClient(addr)
	docs, err := paragraphIDs(ctx, c, addr.Index, ids)
	if err != nil {
		return 0, fmt.Errorf("delete %d reviews from %s: %w", len(ids), addr, err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, id := range docs {
		enc.Encode(map[string]any{"delete": map[string]any{"_id": id}})
	}
	if err := sendBulk(ctx, c, addr.Index, b.Bytes(), true); err != nil {
		return 0, fmt.Errorf("delete %d reviews from %s: %w", len(ids), addr, err)
	}
	return len(docs), nil
}

// paragraphIDs returns the document IDs of the reviews' paragraphs in
// index idx.
func paragraphIDs(ctx context.Context, c *client, idx string, reviews []string) ([]string, error) {
	var out []string
	body := map[string]any{
		"query": map[string]any{"terms": map[string]any{fieldReviewID: reviews}},
		"size":  10000, "_source": false, "sort": []any{"_doc"},
	}
	var res searchResult
	if err := c.do(ctx, "POST", "/"+idx+"/_search", body, &res); err != nil {
		return nil, err
	}
	if m := res.missing(); len(m) > 0 {
		return nil, fmt.Errorf("%v did not answer", m)
	}
	if res.Hits.Total.Value > uint64(len(res.Hits.Hits)) {
		return nil, fmt.Errorf("%d paragraphs, more than one request reads", res.Hits.Total.Value)
	}
	for _, h := range res.Hits.Hits {
		out = append(out, h.ID)
	}
	return out, nil
}

// defaultWorkers is how many _bulk requests a load keeps in flight: two
// keep a small cluster's cores busy while pullquote encodes the next.
const defaultWorkers = 2

// progressEvery is how often a load reports.
const progressEvery = 2 * time.Second

// load writes src into index idx and the aggregates into films; replace
// deletes each review's old paragraphs first.
func load(ctx context.Context, c *client, idx, films string, src corpus.Source, opts LoadOptions, replace bool) (LoadStats, error) {
	batch := opts.Batch
	if batch <= 0 {
		batch = 2000
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = defaultWorkers
	}
	start, last := time.Now(), time.Now()
	var st LoadStats
	var mu sync.Mutex // st, last
	report := func(final bool) {
		if opts.Progress == nil || !final && time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		fmt.Fprintf(opts.Progress, "%d reviews, %d paragraphs written (%.0f paragraphs/s)\n", st.Reviews, st.Paragraphs, float64(st.Paragraphs)/max(time.Since(start).Seconds(), 1e-3))
	}
	// Batches go to workers bulk requests at a time: the cluster indexes
	// them on every shard at once.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan []corpus.Review)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for rs := range batches {
				if err := write(ctx, c, idx, rs, replace); err != nil {
					cancel(err)
					continue
				}
				n := 0
				for _, r := range rs {
					n += corpus.Indexable(r.Paragraphs)
				}
				mu.Lock()
				st.Reviews += len(rs)
				st.Paragraphs += n
				report(false)
				mu.Unlock()
			}
		})
	}
	dups, err := corpus.Batches(ctx, src, batch, func(rs []corpus.Review) error {
		select {
		case batches <- rs:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	})
	close(batches)
	wg.Wait()
	if cause := context.Cause(ctx); err == nil && cause != nil {
		err = cause
	}
	if err == nil && opts.Aggregates != nil {
		err = writeAggregates(ctx, c, films, opts.Aggregates(), replace)
	}
	st.Duplicates = dups
	st.Elapsed = time.Since(start)
	report(true)
	return st, err
}

// write writes one batch of reviews: with replace, each replacing the
// paragraphs written before under its ID.
func write(ctx context.Context, c *client, idx string, rs []corpus.Review, replace bool) error {
	var stale []string
	if replace {
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.ID
		}
		var err error
		if stale, err = paragraphIDs(ctx, c, idx, ids); err != nil {
			return fmt.Errorf("replace reviews in %s: %w", idx, err)
		}
	}
	return bulk(ctx, c, idx, rs, stale, replace)
}

// bulk indexes the reviews' paragraphs, each under its paragraph ID, so a
// batch sent again replaces rather than duplicates, and deletes the stale
// paragraphs (of a review written before) it does not rewrite, in one
// request. refresh makes them searchable before it returns.
func bulk(ctx context.Context, c *client, idx string, rs []corpus.Review, stale []string, refresh bool) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	written := map[string]bool{}
	for i := range rs {
		for j, p := range rs[i].Paragraphs {
			if !corpus.Blank(p) {
				written[corpus.ParagraphID(rs[i].ID, j)] = true
			}
		}
	}
	for _, id := range stale {
		if !written[id] {
			enc.Encode(map[string]any{"delete": map[string]any{"_id": id}})
		}
	}
	for i := range rs {
		first := true
		for j, p := range rs[i].Paragraphs {
			if corpus.Blank(p) {
				continue
			}
			enc.Encode(map[string]any{"index": map[string]any{"_id": corpus.ParagraphID(rs[i].ID, j)}})
			if err := enc.Encode(paragraphDoc(&rs[i], j, first)); err != nil {
				return fmt.Errorf("encode review %s: %w", rs[i].ID, err)
			}
			first = false
		}
	}
	if err := sendBulk(ctx, c, idx, b.Bytes(), refresh); err != nil {
		return fmt.Errorf("write %d reviews to %s: %w", len(rs), idx, err)
	}
	return nil
}

// sendBulk sends one _bulk body and fails on the first item that failed
// (a delete of a document already gone is not a failure).
func sendBulk(ctx context.Context, c *client, idx string, body []byte, refresh bool) error {
	if len(body) == 0 {
		return nil
	}
	path := "/" + idx + "/_bulk"
	if refresh {
		path += "?refresh=wait_for"
	}
	var out struct {
		Errors bool `json:"errors"`
		Items  []map[string]struct {
			ID     string `json:"_id"`
			Status int    `json:"status"`
			Error  struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"error"`
		} `json:"items"`
	}
	if err := c.do(ctx, "POST", path, body, &out); err != nil {
		return err
	}
	if out.Errors {
		for _, it := range out.Items {
			for op, r := range it {
				if r.Status/100 != 2 && !(op == "delete" && r.Status == 404) {
					return fmt.Errorf("%s paragraph %s: %d %s: %s", op, r.ID, r.Status, r.Error.Type, r.Error.Reason)
				}
			}
		}
	}
	return nil
}

// writeAggregates stores the aggregates pages stated, one document each
// by film, site, kind and label, so a later import of the same score
// replaces it.
func writeAggregates(ctx context.Context, c *client, films string, aggs []corpus.Aggregate, refresh bool) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, a := range aggs {
		if a.Work == "" {
			continue
		}
		key := sha256.Sum256([]byte(strings.Join([]string{a.Work, a.Site, string(a.Kind), a.Label}, "\x00")))
		enc.Encode(map[string]any{"index": map[string]any{"_id": hex.EncodeToString(key[:16])}})
		enc.Encode(map[string]any{"aggregate": a})
	}
	if b.Len() == 0 {
		return nil
	}
	path := "/" + url.PathEscape(films) + "/_bulk"
	if refresh {
		path += "?refresh=wait_for"
	}
	var out struct {
		Errors bool `json:"errors"`
	}
	if err := c.do(ctx, "POST", path, b.Bytes(), &out); err != nil || out.Errors {
		return fmt.Errorf("write the stated aggregates to %s: %v (errors: %v)", films, err, out.Errors)
	}
	return nil
}

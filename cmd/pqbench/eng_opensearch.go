package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/internal/freeport"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/searcher"
)

// osCluster is a local OpenSearch cluster of scripts/opensearch.sh in
// dir/opensearch, its nodes' data kept between the build and the queries.
type osCluster struct {
	dir   string
	nodes int
	addr  opensearch.Address
}

// openSearchInstalled reports whether a JDK and Maven are here.
func openSearchInstalled() error {
	for _, b := range []string{"java", "javac", "mvn"} {
		if _, err := exec.LookPath(b); err != nil {
			return fmt.Errorf("opensearch: %s not installed (scripts/deps.sh installs it)", b)
		}
	}
	return nil
}

// startOS starts the cluster of nodes in dir (its data kept).
func startOS(dir string, nodes int) (*osCluster, error) {
	if err := openSearchInstalled(); err != nil {
		return nil, err
	}
	port, err := freeport.Base(100 + nodes)
	if err != nil {
		return nil, fmt.Errorf("opensearch: %w", err)
	}
	c := &osCluster{dir: filepath.Join(dir, "opensearch"), nodes: nodes}
	out, err := osScript("up", "--nodes", strconv.Itoa(nodes), "--dir", c.dir, "--port", strconv.Itoa(port))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if c.addr, err = opensearch.ParseAddress(lines[len(lines)-1], nil); err != nil {
		c.stop()
		return nil, fmt.Errorf("opensearch: %w", err)
	}
	return c, nil
}

// stop stops every node.
func (c *osCluster) stop() error {
	_, err := osScript("down", "--dir", c.dir)
	return err
}

// cpu is every node's CPU time, their threads included.
func (c *osCluster) cpu() time.Duration {
	var total time.Duration
	for k := range c.nodes {
		data, err := os.ReadFile(filepath.Join(c.dir, fmt.Sprintf("node-%d", k), "pid"))
		if err != nil {
			continue
		}
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			_, own, _, _ := procStat(pid)
			total += own
		}
	}
	return total
}

// osScript runs scripts/opensearch.sh from the module's root.
func osScript(args ...string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("opensearch: no go.mod above the working directory, where scripts/opensearch.sh is")
		}
		dir = up
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(filepath.Join(dir, "scripts", "opensearch.sh"), args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("opensearch.sh %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// osEngine builds the corpus into OpenSearch as `pullquote index
// --backend opensearch://…` does (a new index, swapped in behind the
// alias), one primary shard a node and one replica on three; both the
// pullquote+opensearch rows and OpenSearch's own query use it.
type osEngine struct {
	nodes int
	// servers is how long the cluster took to start (and turn green) and
	// to stop: not the build's (the index is durable when Build returns:
	// each _bulk is fsynced to the translog).
	servers time.Duration
}

func (e *osEngine) booted() time.Duration { return e.servers }

func (e *osEngine) build(ctx context.Context, corpusPath, dir string) (int, error) {
	start := time.Now()
	c, err := startOS(dir, e.nodes)
	if err != nil {
		return 0, err
	}
	e.servers = time.Since(start)
	src := func(ctx context.Context, fn func(corpus.Review) error) error { return readCorpus(ctx, corpusPath, fn) }
	st, err := opensearch.Build(ctx, c.addr, src, opensearch.LoadOptions{
		Batch: index.DefaultBatchSize,
		Index: opensearch.IndexOptions{Shards: e.nodes, Replicas: min(1, e.nodes-1)},
	})
	stop := time.Now()
	if serr := c.stop(); err == nil && serr != nil {
		err = serr
	}
	e.servers += time.Since(stop)
	if err != nil {
		return 0, fmt.Errorf("opensearch: %w", err)
	}
	return st.Paragraphs, nil
}

// pqOSQuerier is pullquote's search over a running local cluster.
type pqOSQuerier struct {
	pullquoteQuerier
	cluster *osCluster
}

func openPQOpenSearch(ctx context.Context, dir string, nodes int) (querier, error) {
	c, err := startOS(dir, nodes)
	if err != nil {
		return nil, err
	}
	e, err := opensearch.Open(ctx, c.addr)
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("pullquote+opensearch: %w", err)
	}
	return &pqOSQuerier{pullquoteQuerier: pullquoteQuerier{s: searcher.New(e)}, cluster: c}, nil
}

func (q *pqOSQuerier) serverCPU() time.Duration { return q.cluster.cpu() }
func (q *pqOSQuerier) close() error             { return q.cluster.stop() }

// osQuerier is OpenSearch's own best query for the same work: one
// _search with the words (all of them) or the phrase, the filters, the
// top 10 highlighted by its own highlighter, the outlet terms, score bands
// and years as aggregations; a filtered query's facets each without their
// own filter, in the same request (filter aggregations), as an
// OpenSearch expert writes a faceted search.
type osQuerier struct {
	cluster *osCluster
	http    *http.Client
	url     string
}

func openOpenSearch(ctx context.Context, dir string, nodes int) (querier, error) {
	c, err := startOS(dir, nodes)
	if err != nil {
		return nil, err
	}
	return &osQuerier{cluster: c, http: &http.Client{Timeout: 60 * time.Second},
		url: "http://" + c.addr.Nodes[0] + "/" + c.addr.Index + "/_search"}, nil
}

func (q *osQuerier) serverCPU() time.Duration { return q.cluster.cpu() }
func (q *osQuerier) close() error             { return q.cluster.stop() }

func (q *osQuerier) query(ctx context.Context, qq query) (answer, error) {
	text := strings.Join(qq.Words, " ")
	var match map[string]any
	if qq.phrase() {
		// The index keeps positions on the exact field only.
		match = map[string]any{"match_phrase": map[string]any{"text.exact": text}}
	} else {
		match = map[string]any{"match": map[string]any{"text": map[string]any{"query": text, "operator": "and"}}}
	}
	outlet := map[string]any{"term": map[string]any{"outlet": qq.Outlet}}
	score := map[string]any{"range": map[string]any{"score": map[string]any{"gte": qq.MinScore}}}
	bands := map[string]any{"range": map[string]any{"field": "score", "ranges": []map[string]any{
		{"from": 80}, {"from": 60, "to": 80}, {"from": 40, "to": 60}, {"to": 40},
	}}}
	unscored := map[string]any{"missing": map[string]any{"field": "score"}}
	years := map[string]any{"date_histogram": map[string]any{"field": "date", "calendar_interval": "year", "min_doc_count": 1}}
	outlets := map[string]any{"terms": map[string]any{"field": "outlet", "size": 10}}
	body := map[string]any{"size": 10, "track_total_hits": true, "_source": []string{"outlet", "score", "date"},
		"highlight": map[string]any{"fields": map[string]any{"text": map[string]any{}, "text.exact": map[string]any{}}, "pre_tags": []string{"<mark>"}, "post_tags": []string{"</mark>"}}}
	aggs := map[string]any{"years": years}
	if qq.filtered() {
		// Each facet without its own filter: the hits filtered after the
		// aggregations (post_filter), each facet's aggregation filtered by
		// the other filter.
		body["query"] = match
		body["post_filter"] = map[string]any{"bool": map[string]any{"filter": []any{outlet, score}}}
		aggs["years"] = map[string]any{"filter": map[string]any{"bool": map[string]any{"filter": []any{outlet, score}}}, "aggs": map[string]any{"y": years}}
		aggs["outlet"] = map[string]any{"filter": score, "aggs": map[string]any{"o": outlets}}
		aggs["score"] = map[string]any{"filter": outlet, "aggs": map[string]any{"b": bands, "none": unscored}}
	} else {
		body["query"] = match
		aggs["outlet"], aggs["score"], aggs["none"] = outlets, bands, unscored
	}
	body["aggs"] = aggs
	data, err := json.Marshal(body)
	if err != nil {
		return answer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", q.url, bytes.NewReader(data))
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := q.http.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("opensearch: %w", err)
	}
	defer resp.Body.Close()
	var res struct {
		Hits struct {
			Total struct {
				Value int `json:"value"`
			} `json:"total"`
			Hits []struct {
				Highlight map[string][]string `json:"highlight"`
			} `json:"hits"`
		} `json:"hits"`
		Aggregations map[string]json.RawMessage `json:"aggregations"`
	}
	if resp.StatusCode != http.StatusOK {
		var e bytes.Buffer
		e.ReadFrom(resp.Body)
		return answer{}, fmt.Errorf("opensearch: %s: %s", resp.Status, e.String())
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return answer{}, fmt.Errorf("opensearch: %w", err)
	}
	a := answer{Total: res.Hits.Total.Value, Hits: len(res.Hits.Hits)}
	for _, h := range res.Hits.Hits {
		for _, f := range []string{"text", "text.exact"} {
			if frags := h.Highlight[f]; len(frags) > 0 && strings.Contains(frags[0], "<mark>") {
				a.Highlights++
				break
			}
		}
	}
	type buckets struct {
		Buckets []struct {
			DocCount int `json:"doc_count"`
		} `json:"buckets"`
	}
	count := func(name, sub string) int {
		raw := res.Aggregations[name]
		if sub != "" {
			var wrap map[string]json.RawMessage
			json.Unmarshal(raw, &wrap)
			raw = wrap[sub]
		}
		var b buckets
		json.Unmarshal(raw, &b)
		n := 0
		for _, x := range b.Buckets {
			if x.DocCount > 0 {
				n++
			}
		}
		return n
	}
	// The "no score" band, as every engine counts it.
	var none struct {
		DocCount int `json:"doc_count"`
		None     struct {
			DocCount int `json:"doc_count"`
		} `json:"none"`
	}
	if qq.filtered() {
		a.Outlets, a.Bands, a.Years = count("outlet", "o"), count("score", "b"), count("years", "y")
		json.Unmarshal(res.Aggregations["score"], &none)
		none.DocCount = none.None.DocCount
	} else {
		a.Outlets, a.Bands, a.Years = count("outlet", ""), count("score", ""), count("years", "")
		json.Unmarshal(res.Aggregations["none"], &none)
	}
	if none.DocCount > 0 {
		a.Bands++
	}
	return a, nil
}

// Package manticore is pullquote's Manticore Search engine: the
// configuration of a cluster of searchd nodes holding the paragraphs in
// real-time index shards, with a distributed index over them that lists
// each shard's replicas as mirrors (Cluster); the writer (Writer, Load);
// and Engine, engine.Engine over SphinxQL. It keeps to the ground Manticore
// shares with its ancestor Sphinx 2.2.11 (plain-mode config files, RT and
// distributed indexes, SphinxQL, agent mirrors), on which it is tested,
// and passes the engine suite (engine/enginetest) but for what it lacks
// (docs/scale-out.md). It imports neither Bleve nor package index; its
// analysis is configured to match package analysis's.
package manticore

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pullquote/pullquote/analysis"

	"github.com/pullquote/pullquote/corpus"
)

// Index is the name of the distributed index every node serves: the one a
// client queries.
const Index = "pullquote"

// Films is the RT index every node keeps whole: the aggregates the
// corpus's pages stated (Metascore 81 from 28 critics), one row each.
const Films = "films"

// Cluster is a set of searchd nodes: Shards RT indexes, each held by
// Replicas nodes. Node k holds shard k % Shards and listens on host
// Hosts[k % len(Hosts)] (default 127.0.0.1) for SphinxQL at BasePort+2k
// and for agents (the binary protocol the distributed index speaks) at
// BasePort+2k+1.
type Cluster struct {
	Shards   int
	Replicas int
	BasePort int
	Hosts    []string
	Dir      string // configs, data and logs, one folder per node
}

// Node is one searchd of a cluster.
type Node struct {
	Shard   int    // the shard it holds
	Replica int    // which copy of it
	SQL     string // host:port for SphinxQL clients
	Agent   string // host:port for distributed indexes
	Config  string // its searchd.conf
}

// Nodes returns the cluster's nodes, shard by shard within each replica.
func (c Cluster) Nodes() []Node {
	hosts := c.Hosts
	if len(hosts) == 0 {
		hosts = []string{"127.0.0.1"}
	}
	nodes := make([]Node, 0, c.Shards*c.Replicas)
	for k := range c.Shards * c.Replicas {
		host := hosts[k%len(hosts)]
		nodes = append(nodes, Node{
			Shard: k % c.Shards, Replica: k / c.Shards,
			SQL:    net.JoinHostPort(host, strconv.Itoa(c.BasePort+2*k)),
			Agent:  net.JoinHostPort(host, strconv.Itoa(c.BasePort+2*k+1)),
			Config: filepath.Join(c.Dir, fmt.Sprintf("node-%d", k), "searchd.conf"),
		})
	}
	return nodes
}

// Validate reports a cluster that cannot be written, naming the parameter.
func (c Cluster) Validate() error {
	var errs []error
	if c.Shards < 1 || c.Shards > 64 {
		errs = append(errs, fmt.Errorf("--shards: %d is out of range 1–64", c.Shards))
	}
	if c.Replicas < 1 || c.Replicas > 8 {
		errs = append(errs, fmt.Errorf("--replicas: %d is out of range 1–8", c.Replicas))
	}
	if last := c.BasePort + 2*c.Shards*c.Replicas - 1; c.BasePort < 1024 || last > 65535 {
		errs = append(errs, fmt.Errorf("--base-port: %d leaves ports %d–%d, not all in 1024–65535", c.BasePort, c.BasePort, last))
	}
	if c.Dir == "" {
		errs = append(errs, errors.New("--dir: a folder is needed"))
	}
	return errors.Join(errs...)
}

// ShardName is the RT index of shard i.
func ShardName(i int) string { return fmt.Sprintf("shard%d", i) }

// Write writes every node's searchd.conf, its data and log folders, and
// the word forms file that keeps stop words unstemmed, and returns the
// nodes.
func (c Cluster) Write() ([]Node, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(c.Dir)
	if err != nil {
		return nil, err
	}
	c.Dir = dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	forms := filepath.Join(dir, "wordforms.txt")
	if err := writeWordForms(forms); err != nil {
		return nil, err
	}
	nodes := c.Nodes()
	for k, n := range nodes {
		nodeDir := filepath.Dir(n.Config)
		if err := os.MkdirAll(filepath.Join(nodeDir, "data"), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(n.Config, []byte(c.config(k, nodes, forms)), 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", n.Config, err)
		}
	}
	return nodes, nil
}

// config is node k's searchd.conf: its shard as an RT index, the
// distributed index over every shard (the node's own shard local, the
// others' replicas as mirrored agents), and searchd itself.
func (c Cluster) config(k int, nodes []Node, forms string) string {
	n := nodes[k]
	nodeDir := filepath.Dir(n.Config)
	var b strings.Builder
	fmt.Fprintf(&b, `# pullquote node %d: shard %d, replica %d. Written by pullquote manticore config.
index %s
{
	type = rt
	path = %s
	rt_field = text
%s	morphology = libstemmer_en
	index_exact_words = 1
	index_field_lengths = 1
	dict = keywords
	min_prefix_len = 2
	wordforms = %s
	min_word_len = 1
	charset_table = %s
	rt_mem_limit = 256M
}

index %s
{
	type = distributed
	local = %s
`, k, n.Shard, n.Replica, ShardName(n.Shard), filepath.Join(nodeDir, "data", ShardName(n.Shard)), attributes(), forms, CharsetTable(), Index, ShardName(n.Shard))
	for s := range c.Shards {
		if s == n.Shard {
			continue
		}
		var mirrors []string
		for _, m := range nodes {
			if m.Shard == s {
				mirrors = append(mirrors, m.Agent)
			}
		}
		fmt.Fprintf(&b, "\tagent = %s:%s\n", strings.Join(mirrors, "|"), ShardName(s))
	}
	// Measured on Sphinx 2.2.11 (TestClusterRuns): a query that picks a
	// dead mirror does not fail over to another within the query, nor does
	// retry_count; it answers without that shard and with a warning. So
	// the backend reads the warnings after each query and asks again
	// (nodeads then leaves out mirrors that failed lately), and answers
	// partial when no mirror answers.
	fmt.Fprintf(&b, `	agent_connect_timeout = 300
	agent_query_timeout = 3000
	ha_strategy = nodeads
}

index %s
{
	type = rt
	path = %s
	rt_field = label
	rt_attr_string = work
	rt_attr_string = record
}

searchd
{
	listen = %s:mysql41
	listen = %s
	log = %s
	query_log = %s
	pid_file = %s
	binlog_path = %s
	workers = threads
	dist_threads = %d
}
`, Films, filepath.Join(nodeDir, "data", Films), n.SQL, n.Agent, filepath.Join(nodeDir, "searchd.log"), filepath.Join(nodeDir, "query.log"),
		filepath.Join(nodeDir, "searchd.pid"), filepath.Join(nodeDir, "data"), c.Shards)
	return b.String()
}

// attributes are the RT index's attributes: what a hit shows and what
// filters, facets and sorts read, so that a query needs no side store.
func attributes() string {
	var b strings.Builder
	for _, a := range []struct{ typ, name string }{
		{"string", "paragraph_id"}, {"string", "review_id"}, {"uint", "paragraph"},
		{"uint", "paragraphs"}, // how many its review has: a rewrite finds them all by document ID
		{"string", "body"},     // the paragraph's text, for hits and highlights
		{"string", "review"},   // the review's record (corpus.Review as JSON, no paragraphs)
		{"string", "work"}, {"string", "outlet"}, {"string", "author"}, {"string", "kind"}, {"string", "site"},
		{"bigint", "work_id"}, {"bigint", "outlet_id"}, // hashes (DocID) of work and outlet, for GROUP BY and filters
		{"bigint", "author_id"}, {"bigint", "kind_id"}, // and of author and kind, for filters: no user text in a query's expressions
		{"uint", "first"},                                           // 1 on a review's first indexed paragraph: review counts are counts of these
		{"float", "score"}, {"uint", "has_score"}, {"uint", "band"}, // score band's minimum, written by pullquote
		{"bigint", "score_bits"},                                   // the score's float64 bits (ordered as the scores are), for exact range filters
		{"timestamp", "date"}, {"uint", "year"}, {"uint", "month"}, // yyyymm, written by pullquote
		{"uint", "helpful"},
	} {
		fmt.Fprintf(&b, "\trt_attr_%s = %s\n", a.typ, a.name)
	}
	return b.String()
}

// writeWordForms writes the word forms file that maps each English stop
// word to itself: Sphinx and Manticore leave a word form unstemmed, so
// stop words are indexed as they are, as pullquote's own index keeps them.
func writeWordForms(path string) error {
	var b strings.Builder
	for _, w := range analysis.StopWords() {
		if strings.ContainsAny(w, " >'") {
			continue // a form the charset table splits is never one token
		}
		fmt.Fprintf(&b, "%s > %s\n", w, w)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// CharsetTable is the charset_table: digits, letters folded to lower case,
// and the Latin letters with accents folded to their base letter, as
// corpus.Fold does for pullquote ("vérité" is "verite"). Manticore's
// non_cjk does this; Sphinx 2.2.11 has no such alias.
func CharsetTable() string {
	parts := []string{"0..9", "A..Z->a..z", "_", "a..z"}
	for r := rune(0xC0); r <= 0x24F; r++ {
		f := corpus.Fold(strings.ToLower(string(r)))
		if len(f) == 1 && f[0] >= 'a' && f[0] <= 'z' {
			parts = append(parts, fmt.Sprintf("U+%04X->%s", r, f))
		}
	}
	return strings.Join(parts, ", ")
}

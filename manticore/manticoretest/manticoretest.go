// Package manticoretest runs real Sphinx or Manticore searchd processes
// for tests: a cluster written by manticore.Cluster on loopback ports in
// a temporary folder, stopped when the test ends.
package manticoretest

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/internal/freeport"
	"github.com/pullquote/pullquote/internal/netns"
	"github.com/pullquote/pullquote/searcher"

	_ "github.com/go-sql-driver/mysql" // SphinxQL speaks MySQL's protocol

	"github.com/pullquote/pullquote/manticore"
)

// NeedSearchd skips a test where searchd is not installed, and fails it
// on CI (scripts/deps.sh installs Debian's sphinxsearch).
func NeedSearchd(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("searchd"); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal(err)
		}
		tb.Skip(err)
	}
}

// FreeBase finds a port base with n consecutive free loopback ports.
func FreeBase(tb testing.TB, n int) int {
	tb.Helper()
	base, err := freeport.Base(n)
	if err != nil {
		tb.Fatal(err)
	}
	return base
}

// Node is a running searchd.
type Node struct {
	*manticore.Process
	// DB is a connection to its SphinxQL listener.
	DB *sql.DB
}

// Start runs searchd on n's config, waits until it answers and connects
// to it; it is killed when the test ends.
func Start(tb testing.TB, n manticore.Node) *Node {
	tb.Helper()
	p, err := manticore.StartNode(context.Background(), n)
	if err != nil {
		tb.Fatal(err)
	}
	return attach(tb, p)
}

// attach connects to a started node and kills it when the test ends.
func attach(tb testing.TB, p *manticore.Process) *Node {
	tb.Helper()
	db, err := sql.Open("mysql", "tcp("+p.SQL+")/?interpolateParams=true&timeout=5s")
	if err != nil {
		tb.Fatal(err)
	}
	n := &Node{Process: p, DB: db}
	tb.Cleanup(func() {
		n.Kill()
		db.Close()
	})
	return n
}

// Restart starts a killed node again (its RT indexes come back from its
// binary log).
func (n *Node) Restart(tb testing.TB) {
	tb.Helper()
	p, err := manticore.StartNode(context.Background(), n.Node)
	if err != nil {
		tb.Fatal(err)
	}
	n.Process = p
}

// StartCluster writes c's configs (in a temporary folder when c.Dir is
// empty, on free loopback ports when c.BasePort is 0) and starts every
// node.
func StartCluster(tb testing.TB, c manticore.Cluster) []*Node {
	tb.Helper()
	if c.Dir == "" {
		c.Dir = tb.TempDir()
	}
	if c.BasePort == 0 {
		c.BasePort = FreeBase(tb, 2*c.Shards*c.Replicas)
	}
	nodes, err := c.Write()
	if err != nil {
		tb.Fatal(err)
	}
	var running []*Node
	for _, n := range nodes {
		running = append(running, Start(tb, n))
	}
	return running
}

// Nodes are the nodes' configurations.
func Nodes(running []*Node) []manticore.Node {
	out := make([]manticore.Node, len(running))
	for i, n := range running {
		out[i] = n.Process.Node
	}
	return out
}

// Searcher starts a cluster of c's layout, loads what src yields into it
// (with opts), and returns pullquote's search over its distributed index
// (queried through node 0) with the nodes.
func Searcher(tb testing.TB, c manticore.Cluster, src corpus.Source, opts manticore.LoadOptions) (*searcher.Searcher, []*Node) {
	tb.Helper()
	e, running := Engine(tb, c, src, opts)
	return searcher.New(e), running
}

// Engine is Searcher's engine, without pullquote's search over it.
func Engine(tb testing.TB, c manticore.Cluster, src corpus.Source, opts manticore.LoadOptions) (*manticore.Engine, []*Node) {
	tb.Helper()
	running := StartCluster(tb, c)
	w, err := manticore.OpenWriter(Nodes(running))
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Close()
	ctx := context.Background()
	if _, err := w.Load(ctx, src, opts); err != nil {
		tb.Fatal(err)
	}
	e, err := manticore.OpenEngine(ctx, manticore.Address{Nodes: []string{running[0].SQL}, Index: manticore.Index})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e, running
}

// StartIn runs searchd on n's config inside the namespace, as Start does.
func StartIn(tb testing.TB, ns *netns.Namespace, n manticore.Node) *Node {
	tb.Helper()
	p, err := manticore.StartNode(context.Background(), n, ns.Exec()...)
	if err != nil {
		tb.Fatal(err)
	}
	return attach(tb, p)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/internal/freeport"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/searcher"
)

// pqSphinxEngine is pullquote on its Manticore backend: the same search
// (searcher.New) over a local cluster of shards searchd nodes (Sphinx
// 2.2.11 here), written through manticore.Writer and queried through
// SphinxQL, as `pullquote index/serve --backend` run it.
type pqSphinxEngine struct{ shards int }

// pqSphinxCluster is the cluster in dir, its nodes on free loopback ports.
func pqSphinxCluster(dir string, shards int) (manticore.Cluster, error) {
	base, err := freeport.Base(2 * shards)
	if err != nil {
		return manticore.Cluster{}, fmt.Errorf("pullquote+sphinx: %w", err)
	}
	return manticore.Cluster{Shards: shards, Replicas: 1, BasePort: base, Dir: filepath.Join(dir, "cluster")}, nil
}

// startCluster writes c's configs (its data kept) and starts every node.
func startCluster(ctx context.Context, c manticore.Cluster) ([]*manticore.Process, error) {
	nodes, err := c.Write()
	if err != nil {
		return nil, fmt.Errorf("pullquote+sphinx: %w", err)
	}
	var ps []*manticore.Process
	for _, n := range nodes {
		p, err := manticore.StartNode(ctx, n)
		if err != nil {
			stopCluster(ps)
			return nil, fmt.Errorf("pullquote+sphinx: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// stopCluster stops every node, each saving its RT index.
func stopCluster(ps []*manticore.Process) error {
	var errs []error
	for _, p := range ps {
		errs = append(errs, p.Stop())
	}
	return errors.Join(errs...)
}

func (e pqSphinxEngine) build(ctx context.Context, corpusPath, dir string) (int, error) {
	if err := sphinxInstalled(); err != nil {
		return 0, err
	}
	c, err := pqSphinxCluster(dir, e.shards)
	if err != nil {
		return 0, err
	}
	ps, err := startCluster(ctx, c)
	if err != nil {
		return 0, err
	}
	nodes := make([]manticore.Node, len(ps))
	for i, p := range ps {
		nodes[i] = p.Node
	}
	w, err := manticore.OpenWriter(nodes)
	if err != nil {
		stopCluster(ps)
		return 0, fmt.Errorf("pullquote+sphinx: %w", err)
	}
	src := func(ctx context.Context, fn func(corpus.Review) error) error { return readCorpus(ctx, corpusPath, fn) }
	st, err := w.Load(ctx, src, manticore.LoadOptions{Batch: index.DefaultBatchSize})
	w.Close()
	// Stopped, each node writes its RT index's RAM chunk to disk: the
	// build ends when the index is on disk, as the other engines' do.
	if serr := stopCluster(ps); err == nil && serr != nil {
		err = serr
	}
	if err != nil {
		return 0, fmt.Errorf("pullquote+sphinx: %w", err)
	}
	return st.Paragraphs, nil
}

// pqSphinxQuerier is pullquote's search over a running local cluster.
type pqSphinxQuerier struct {
	pullquoteQuerier
	engine *manticore.Engine
	nodes  []*manticore.Process
}

func openPQSphinx(ctx context.Context, dir string, shards int) (querier, error) {
	c, err := pqSphinxCluster(dir, shards)
	if err != nil {
		return nil, err
	}
	ps, err := startCluster(ctx, c)
	if err != nil {
		return nil, err
	}
	q := &pqSphinxQuerier{nodes: ps}
	q.engine, err = manticore.OpenEngine(ctx, manticore.Address{Nodes: []string{ps[0].SQL}, Index: manticore.Index})
	if err == nil {
		q.s = searcher.New(q.engine)
	}
	if err != nil {
		q.close()
		return nil, fmt.Errorf("pullquote+sphinx: %w", err)
	}
	return q, nil
}

// serverCPU is every searchd's CPU time, their threads included.
func (q *pqSphinxQuerier) serverCPU() time.Duration {
	var total time.Duration
	for _, p := range q.nodes {
		_, own, _, _ := procStat(p.PID())
		total += own
	}
	return total
}

func (q *pqSphinxQuerier) close() error {
	var errs []error
	if q.engine != nil {
		errs = append(errs, q.engine.Close())
	}
	return errors.Join(append(errs, stopCluster(q.nodes))...)
}

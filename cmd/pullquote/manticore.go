package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/pullquote/pullquote/manticore"
)

// runManticore runs "manticore config": it writes the searchd configs of a
// local cluster and prints how to start it.
func runManticore(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "config" {
		fmt.Fprintln(e.stderr, "usage: pullquote manticore config [--shards N] [--replicas R] [--base-port P] [--host H[,H…]] [--dir DIR]")
		return errors.New("manticore: want the subcommand config")
	}
	var c manticore.Cluster
	fs := flag.NewFlagSet("manticore config", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.IntVar(&c.Shards, "shards", 3, "real-time index shards")
	fs.IntVar(&c.Replicas, "replicas", 1, "copies of each shard, each on a node of its own")
	fs.IntVar(&c.BasePort, "base-port", 9306, "node k listens for SphinxQL on base-port+2k and for agents on base-port+2k+1")
	var hosts stringList
	fs.Var(&hosts, "host", "address the nodes listen on (default 127.0.0.1); several, comma-separated or repeated: node k on the k-th, round robin")
	fs.StringVar(&c.Dir, "dir", "data/manticore", "folder for the configs, data and logs, one folder a node")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	c.Hosts = hosts
	nodes, err := c.Write()
	if err != nil {
		return fmt.Errorf("manticore config: %w", err)
	}
	fmt.Fprintf(e.stdout, "wrote %d searchd configs in %s: %d shards × %d replicas, distributed index %q on every node.\nstart each node (Sphinx 2.2.11's or Manticore's searchd):\n",
		len(nodes), c.Dir, c.Shards, c.Replicas, manticore.Index)
	addr := manticore.Address{Index: manticore.Index}
	for _, n := range nodes {
		fmt.Fprintf(e.stdout, "  searchd --config %s   # shard %d replica %d; SphinxQL %s\n", n.Config, n.Shard, n.Replica, n.SQL)
		addr.Nodes = append(addr.Nodes, n.SQL)
	}
	fmt.Fprintf(e.stdout, "then write reviews into it and serve them:\n  pullquote index --backend %s [PATH...]\n  pullquote serve --backend %s\n", addr, addr)
	return nil
}

package manticore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/internal/netns"
	"github.com/pullquote/pullquote/searcher"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"
	"github.com/pullquote/pullquote/search"
)

// A node cut off the network — its link down, the process alive, so
// packets go unanswered rather than refused — is a missing shard, as a
// dead one is: searches through another node answer within the agent's
// connect timeout, partial and naming the shard; a write to its shard
// fails naming the node and loses nothing; with the link back, answers
// are whole again.
func TestSearchWhenANodeIsCutOff(t *testing.T) {
	manticoretest.NeedSearchd(t)
	ns := netns.New(t)
	c := manticore.Cluster{Shards: 2, Replicas: 1, BasePort: manticoretest.FreeBase(t, 4),
		Hosts: []string{"127.0.0.1", ns.Inside}, Dir: t.TempDir()}
	nodes, err := c.Write()
	if err != nil {
		t.Fatal(err)
	}
	entry := manticoretest.Start(t, nodes[0])
	manticoretest.StartIn(t, ns, nodes[1])
	w, err := manticore.OpenWriter(nodes)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rs := embedded(t)
	ctx := context.Background()
	if _, err := w.Load(ctx, corpus.Reviews(rs), manticore.LoadOptions{Batch: 2000}); err != nil {
		t.Fatal(err)
	}
	e, err := manticore.OpenEngine(ctx, manticore.Address{Nodes: []string{entry.SQL}, Index: manticore.Index})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s := searcher.New(e)
	req := search.Request{Query: "documentary"}
	full, err := s.Search(ctx, req)
	if err != nil || full.Total == 0 || len(full.Missing) > 0 {
		t.Fatalf("before: %v, total %d, missing %v", err, full.Total, full.Missing)
	}

	ns.Cut(t)
	start := time.Now()
	resp, err := s.Search(ctx, req)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(resp.Missing, []string{manticore.ShardName(1)}) || resp.Total >= full.Total {
		t.Errorf("cut off: total %d of %d, missing %v; want shard1 missing", resp.Total, full.Total, resp.Missing)
	}
	t.Logf("a search with shard1 cut off answered in %v", took.Round(time.Millisecond))
	var victim corpus.Review
	for _, r := range rs {
		if engine.ShardOf(r.ID, c.Shards) == 1 {
			victim = r
			break
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second) // the writer's own timeouts are minutes
	defer cancel()
	if err := w.Write(wctx, []corpus.Review{victim}); err == nil || !strings.Contains(err.Error(), nodes[1].SQL) {
		t.Errorf("writing to a node cut off: %v, want an error naming %s", err, nodes[1].SQL)
	}

	ns.Mend(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err = s.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Missing) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if resp.Total != full.Total || len(resp.Missing) > 0 || !reflect.DeepEqual(resp.Facets, full.Facets) {
		t.Errorf("link back: total %d of %d, missing %v", resp.Total, full.Total, resp.Missing)
	}
}

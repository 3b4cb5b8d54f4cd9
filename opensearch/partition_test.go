package opensearch_test

import (
	"context"
	"testing"
	"time"

	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/internal/netns"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/opensearch/opensearchtest"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

// A node cut off the network (its link down, its process alive) never
// makes a silently short answer: each is whole, or partial and says so,
// or fails; within 90 s of the cut answers are whole again (the cluster
// dropped the node and promoted its replicas), and mended, the node
// rejoins and the cluster is green.
func TestSearchWhenANodeIsCutOff(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three nodes")
	}
	ns := netns.New(t)
	c := opensearchtest.StartOn(t, []string{ns.Host, ns.Host, ns.Inside}, [][]string{nil, nil, ns.Exec()})
	rs, _ := enginetest.RTPixar(t)
	build(t, c.Address, rs, 3, 1)
	e, err := opensearch.Open(context.Background(), c.Address)
	if err != nil {
		t.Fatal(err)
	}
	s := searcher.New(e)
	req := search.Request{Query: "pixar"}
	full, err := s.Search(context.Background(), req)
	if err != nil || full.Total == 0 {
		t.Fatalf("before: %v, %+v", err, full)
	}
	ns.Cut(t)
	cut := time.Now()
	whole, partial, failed, slowest := 0, 0, 0, time.Duration(0)
	for time.Since(cut) < 90*time.Second && whole < 20 {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		resp, err := s.Search(ctx, req)
		cancel()
		slowest = max(slowest, time.Since(start))
		switch {
		case err != nil:
			failed++
			whole = 0
		case len(resp.Missing) > 0:
			partial++
			whole = 0
		case resp.Total != full.Total:
			t.Fatalf("%s after the cut: total %d of %d and not said to be partial", time.Since(cut), resp.Total, full.Total)
		default:
			whole++
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("cut off: %d partial (said), %d failed, then 20 whole in a row after %s; the slowest search %s", partial, failed, time.Since(cut).Round(time.Millisecond), slowest.Round(time.Millisecond))
	if whole < 20 {
		t.Fatalf("not whole again within 90 s of the cut")
	}
	ns.Mend(t)
	deadline := time.Now().Add(120 * time.Second)
	for {
		var h struct {
			Status string `json:"status"`
			Nodes  int    `json:"number_of_nodes"`
		}
		if err := opensearch.Get(context.Background(), c.Address, "/_cluster/health", &h); err == nil && h.Nodes == 3 && h.Status == "green" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the mended node did not rejoin a green cluster within 120 s")
		}
		time.Sleep(time.Second)
	}
	if resp, err := s.Search(context.Background(), req); err != nil || resp.Total != full.Total || len(resp.Missing) > 0 {
		t.Fatalf("mended: %v, %+v", err, resp)
	}
}

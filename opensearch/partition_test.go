package opensearch_test

import (
	"context"
	"testing"
	"time"

	"github.com/pullquote/pullquote/internal/netns"
	"github.com/pullquote/pullquote/opensearch/opensearchtest"
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
	s, req, full := pixarOver(t, c.Address)
	ns.Cut(t)
	untilWhole(t, "the cut", s, req, full, 90*time.Second)
	ns.Mend(t)
	c.Wait(t, 3, true, 120*time.Second)
	if resp, err := s.Search(context.Background(), req); err != nil || resp.Total != full.Total || len(resp.Missing) > 0 {
		t.Fatalf("mended: %v, %+v", err, resp)
	}
}

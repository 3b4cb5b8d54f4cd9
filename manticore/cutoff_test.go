package manticore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/internal/netns"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

// slow bounds a lookup or search while a node is cut off. It is loose on
// purpose (no timed unit tests): a cut-off node costs the agent's 300 ms
// connect timeout, a few times over at most while mirrors are retried;
// the bound only catches a regression to retry loops of many seconds
// (film counts once waited one timeout per statement, and a request's
// 10 s deadline is the next thing that would stop it).
const slow = 5 * time.Second

// cutCluster starts a cluster of three shards with the given replicas,
// node k on host hosts(ns)[k % len], in the network namespace where that
// is ns.Inside, loads the embedded corpus and returns the namespace, the
// nodes, the reviews and the address of node 0.
func cutCluster(t *testing.T, replicas int, hosts func(*netns.Namespace) []string) (*netns.Namespace, []manticore.Node, []corpus.Review, manticore.Address) {
	t.Helper()
	manticoretest.NeedSearchd(t)
	ns := netns.New(t)
	c := manticore.Cluster{Shards: 3, Replicas: replicas, BasePort: manticoretest.FreeBase(t, 2*3*replicas),
		Hosts: hosts(ns), Dir: t.TempDir()}
	nodes, err := c.Write()
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range nodes {
		if c.Hosts[k%len(c.Hosts)] == ns.Inside {
			manticoretest.StartIn(t, ns, n)
		} else {
			manticoretest.Start(t, n)
		}
	}
	w, err := manticore.OpenWriter(nodes)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rs := embedded(t)
	if _, err := w.Load(context.Background(), corpus.Reviews(rs), manticore.LoadOptions{Batch: 2000}); err != nil {
		t.Fatal(err)
	}
	return ns, nodes, rs, manticore.Address{Nodes: []string{nodes[0].SQL}, Index: manticore.Index}
}

// openEngine opens the engine at addr, closed when the test ends.
func openEngine(t *testing.T, addr manticore.Address) *manticore.Engine {
	t.Helper()
	e, err := manticore.OpenEngine(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// timed runs fn and fails the test when it takes longer than slow.
func timed(t *testing.T, what string, fn func()) {
	t.Helper()
	start := time.Now()
	fn()
	t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
	if took := time.Since(start); took > slow {
		t.Errorf("%s took %v with a node cut off, want well under %v", what, took.Round(time.Millisecond), slow)
	}
}

// reviewsByShard picks a review ID on each of three shards.
func reviewsByShard(rs []corpus.Review) map[int]string {
	byShard := map[int]string{}
	for _, r := range rs {
		if _, ok := byShard[engine.ShardOf(r.ID, 3)]; !ok {
			byShard[engine.ShardOf(r.ID, 3)] = r.ID
		}
	}
	return byShard
}

// A node cut off the network (its link down, searchd alive). Without a
// mirror of its shard, a review on it is unavailable (search.ErrUnavailable,
// the web's 503 with Retry-After), naming the shard and its node, and not
// reported missing; reviews on the other shards are found; film counts are
// unavailable where none was made before, and the last whole count where
// one was; searches answer partial. With a mirror alive, everything is
// found as before. Each answers within about the agent's timeout, and
// with the link back, the review is found again.
func TestLookupsWhenANodeIsCutOff(t *testing.T) {
	for _, replicas := range []int{1, 2} {
		t.Run(fmt.Sprintf("replicas=%d", replicas), func(t *testing.T) {
			// The odd nodes in the namespace: node 1 (shard 1, and with
			// mirrors nodes 3 and 5, shard 0's and shard 2's second).
			ns, nodes, rs, addr := cutCluster(t, replicas, func(ns *netns.Namespace) []string { return []string{"127.0.0.1", ns.Inside} })
			ctx := context.Background()
			e := openEngine(t, addr)
			fresh := openEngine(t, addr) // one that has never counted films
			s := searcher.New(e)
			byShard := reviewsByShard(rs)
			before := map[int]*corpus.Review{}
			for shard, id := range byShard {
				before[shard] = must(e.Review(ctx, id))
			}
			films := must(e.Films(ctx))
			req := search.Request{Query: "documentary"}
			full := must(s.Search(ctx, req))
			if len(films) == 0 || full.Total == 0 || len(full.Missing) > 0 {
				t.Fatalf("before: %d films, total %d, missing %v", len(films), full.Total, full.Missing)
			}

			ns.Cut(t)
			for try := range 5 {
				for shard, id := range byShard {
					timed(t, "a review lookup", func() {
						rev, err := e.Review(ctx, id)
						switch {
						case replicas == 1 && shard == 1:
							if !errors.Is(err, search.ErrUnavailable) || errors.Is(err, search.ErrNotFound) ||
								!strings.Contains(err.Error(), manticore.ShardName(1)) || !strings.Contains(err.Error(), nodes[1].Agent) {
								t.Fatalf("try %d, review on the cut shard: %v, want ErrUnavailable naming shard1 and %s", try, err, nodes[1].Agent)
							}
						case err != nil:
							t.Fatalf("try %d, review on shard%d: %v", try, shard, err)
						case !reflect.DeepEqual(rev, before[shard]):
							t.Fatalf("try %d, review on shard%d differs from before the cut", try, shard)
						}
					})
				}
				timed(t, "a film count", func() {
					got, err := fresh.Films(ctx)
					if replicas == 1 {
						if !errors.Is(err, search.ErrUnavailable) || !strings.Contains(err.Error(), manticore.ShardName(1)) {
							t.Fatalf("try %d, films without a count before: %v, want ErrUnavailable naming shard1", try, err)
						}
						return
					}
					if err != nil || !reflect.DeepEqual(got, films) {
						t.Fatalf("try %d, films with a mirror: %v, %d films of %d", try, err, len(got), len(films))
					}
				})
				timed(t, "a film count after one", func() {
					if got, err := e.Films(ctx); err != nil || !reflect.DeepEqual(got, films) {
						t.Fatalf("try %d, films after a whole count: %v, %d films of %d", try, err, len(got), len(films))
					}
				})
				timed(t, "a search", func() {
					resp, err := s.Search(ctx, req)
					switch {
					case err != nil:
						t.Fatalf("try %d, search: %v", try, err)
					case replicas == 1 && (!reflect.DeepEqual(resp.Missing, []string{manticore.ShardName(1)}) || resp.Total >= full.Total):
						t.Fatalf("try %d, search: total %d of %d, missing %v; want shard1 missing", try, resp.Total, full.Total, resp.Missing)
					case replicas == 1 && !search.NewResponseJSON(req, resp).Partial:
						t.Fatalf("try %d, search: not flagged partial", try)
					case replicas > 1 && (resp.Total != full.Total || len(resp.Missing) > 0):
						t.Fatalf("try %d, search with a mirror: total %d of %d, missing %v", try, resp.Total, full.Total, resp.Missing)
					}
				})
			}

			ns.Mend(t)
			reviewBack(t, e, byShard[1], before[1])
		})
	}
}

// The node the engine asks is cut off, with connections to it in the
// pool (which then go unanswered, not refused). With another node in the
// address, lookups go through it: reviews on the other shards are found,
// a review on the cut node's shard is unavailable (named by the other
// node's layout: not reported missing), film counts are unavailable, and
// searches answer partial. With no other node, every lookup is
// unavailable. Each answers within about the engine's node timeout, not
// the request's deadline.
func TestLookupsWhenTheNodeAskedIsCutOff(t *testing.T) {
	// Nodes 1 and 2 on this side's address on the link, which node 0, in
	// the namespace, reaches as its agents.
	ns, nodes, rs, _ := cutCluster(t, 1, func(ns *netns.Namespace) []string { return []string{ns.Inside, ns.Host, ns.Host} })
	ctx := context.Background()
	e := openEngine(t, manticore.Address{Nodes: []string{nodes[0].SQL, nodes[1].SQL}, Index: manticore.Index})
	alone := openEngine(t, manticore.Address{Nodes: []string{nodes[0].SQL}, Index: manticore.Index})
	s := searcher.New(e)
	byShard := reviewsByShard(rs)
	before := map[int]*corpus.Review{}
	for shard, id := range byShard {
		before[shard] = must(e.Review(ctx, id))
		must(alone.Review(ctx, id)) // connections to node 0 in both pools
	}
	req := search.Request{Query: "documentary"}
	full := must(s.Search(ctx, req))
	if full.Total == 0 || len(full.Missing) > 0 {
		t.Fatalf("before: total %d, missing %v", full.Total, full.Missing)
	}

	ns.Cut(t)
	for try := range 5 {
		for shard, id := range byShard {
			timed(t, "a review lookup", func() {
				rev, err := e.Review(ctx, id)
				switch {
				case shard == 0:
					if !errors.Is(err, search.ErrUnavailable) || errors.Is(err, search.ErrNotFound) ||
						!strings.Contains(err.Error(), manticore.ShardName(0)) || !strings.Contains(err.Error(), nodes[0].Agent) {
						t.Fatalf("try %d, review on the cut node's shard: %v, want ErrUnavailable naming shard0 and %s", try, err, nodes[0].Agent)
					}
				case err != nil:
					t.Fatalf("try %d, review on shard%d: %v", try, shard, err)
				case !reflect.DeepEqual(rev, before[shard]):
					t.Fatalf("try %d, review on shard%d differs from before the cut", try, shard)
				}
			})
		}
		timed(t, "a review lookup through the cut node alone", func() {
			if _, err := alone.Review(ctx, byShard[1]); !errors.Is(err, search.ErrUnavailable) {
				t.Fatalf("try %d, review through the cut node alone: %v, want ErrUnavailable", try, err)
			}
		})
		timed(t, "a film count", func() {
			if _, err := e.Films(ctx); !errors.Is(err, search.ErrUnavailable) || !strings.Contains(err.Error(), manticore.ShardName(0)) {
				t.Fatalf("try %d, films: %v, want ErrUnavailable naming shard0", try, err)
			}
		})
		timed(t, "a search", func() {
			resp, err := s.Search(ctx, req)
			if err != nil || !reflect.DeepEqual(resp.Missing, []string{manticore.ShardName(0)}) || resp.Total >= full.Total {
				t.Fatalf("try %d, search: %v; want shard0 missing", try, err)
			}
		})
	}

	ns.Mend(t)
	reviewBack(t, e, byShard[0], before[0])
}

// reviewBack waits up to 10 s, the link mended, for review id to be read
// again, and checks it is what it was before the cut.
func reviewBack(t *testing.T, e *manticore.Engine, id string, want *corpus.Review) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rev, err := e.Review(context.Background(), id)
		if err == nil {
			if !reflect.DeepEqual(rev, want) {
				t.Error("with the link back, the review differs from before the cut")
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("with the link back: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

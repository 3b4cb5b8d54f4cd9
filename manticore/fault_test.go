package manticore_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"
	"github.com/pullquote/pullquote/search"
)

// A node dies. With a mirror of its shard, every search still answers in
// full (the engine asks again when searchd warns that an agent failed);
// without one, every answer names the missing shard (partial) and is
// never silently short. When the node is back, answers are whole again.
func TestSearchWhenANodeDies(t *testing.T) {
	manticoretest.NeedSearchd(t)
	rs := embedded(t)
	for _, replicas := range []int{2, 1} {
		t.Run(fmt.Sprintf("replicas=%d", replicas), func(t *testing.T) {
			s, running := manticoretest.Searcher(t, manticore.Cluster{Shards: 3, Replicas: replicas}, corpus.Reviews(rs), manticore.LoadOptions{Batch: 2000})
			ctx := context.Background()
			req := search.Request{Query: "ai weiwei", Filter: search.Filter{Kinds: []string{"critic", "user"}}}
			full, err := s.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Missing) > 0 || full.Total == 0 {
				t.Fatalf("before: total %d, missing %v", full.Total, full.Missing)
			}
			victim := running[1] // shard 1, replica 0; node 0 is the one queried
			if victim.Shard != 1 || victim.Replica != 0 {
				t.Fatalf("node 1 holds shard %d replica %d", victim.Shard, victim.Replica)
			}
			victim.Kill()
			for try := range 10 {
				resp, err := s.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if replicas > 1 {
					if resp.Total != full.Total || len(resp.Missing) > 0 || !reflect.DeepEqual(resp.Facets, full.Facets) {
						t.Fatalf("try %d with a mirror: total %d of %d, missing %v", try, resp.Total, full.Total, resp.Missing)
					}
					continue
				}
				if !reflect.DeepEqual(resp.Missing, []string{manticore.ShardName(1)}) || resp.Total >= full.Total || resp.Total == 0 {
					t.Fatalf("try %d without a mirror: total %d of %d, missing %v; want shard1 missing and a short total", try, resp.Total, full.Total, resp.Missing)
				}
			}
			if replicas == 1 {
				// The page and the API say so (web's tests check the notice).
				j := search.NewResponseJSON(req, must(s.Search(ctx, req)))
				if !j.Partial || len(j.Missing) != 1 {
					t.Errorf("JSON: partial %v, missing %v", j.Partial, j.Missing)
				}
			}
			victim.Restart(t)
			resp, err := s.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Total != full.Total || len(resp.Missing) > 0 || !reflect.DeepEqual(resp.Facets, full.Facets) {
				t.Errorf("after the restart: total %d of %d, missing %v", resp.Total, full.Total, resp.Missing)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

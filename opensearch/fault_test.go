package opensearch_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/opensearch/opensearchtest"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

// build builds rs behind c's alias with shards × (1 + replicas).
func build(t *testing.T, addr opensearch.Address, rs []corpus.Review, shards, replicas int) {
	t.Helper()
	if _, err := opensearch.Build(context.Background(), addr, corpus.Reviews(rs), opensearch.LoadOptions{
		Index: opensearch.IndexOptions{Shards: shards, Replicas: replicas}, Batch: 500,
	}); err != nil {
		t.Fatal(err)
	}
}

// On three nodes with one replica, a node killed under searches never
// gives a silently short answer: each is whole, or partial and says so,
// or fails; within 60 s answers are whole again (the replicas promoted),
// and the node restarted rejoins.
func TestSearchWhenANodeDies(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three nodes")
	}
	c := opensearchtest.Start(t, 3)
	s, req, full := pixarOver(t, c.Address)
	c.Kill(t, 1)
	untilWhole(t, "the kill", s, req, full, 60*time.Second)
	c.Restart(t, 1)
	c.Wait(t, 3, false, 90*time.Second)
}

// pixarOver builds the rt-pixar export behind addr (three shards, one
// replica) and returns pullquote's search over it, a request and its
// answer before anything went wrong.
func pixarOver(t *testing.T, addr opensearch.Address) (*searcher.Searcher, search.Request, *search.Response) {
	t.Helper()
	rs, _ := enginetest.RTPixar(t)
	build(t, addr, rs, 3, 1)
	e, err := opensearch.Open(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	s := searcher.New(e)
	req := search.Request{Query: "pixar"}
	full, err := s.Search(context.Background(), req)
	if err != nil || full.Total == 0 {
		t.Fatalf("before: %v, %+v", err, full)
	}
	return s, req, full
}

// untilWhole searches req after what (a kill, a cut) until 20 answers in
// a row are whole, within the time given: an answer may be partial and
// say so, or fail (each search given 30 s), but never be silently short.
func untilWhole(t *testing.T, what string, s *searcher.Searcher, req search.Request, full *search.Response, within time.Duration) {
	t.Helper()
	since := time.Now()
	whole, partial, failed, slowest := 0, 0, 0, time.Duration(0)
	for time.Since(since) < within && whole < 20 {
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
			t.Fatalf("%s after %s: total %d of %d and not said to be partial", time.Since(since), what, resp.Total, full.Total)
		default:
			whole++
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("after %s: %d partial (said), %d failed, then %d whole in a row after %s; the slowest search %s", what, partial, failed, whole, time.Since(since).Round(time.Millisecond), slowest.Round(time.Millisecond))
	if whole < 20 {
		t.Fatalf("not whole again within %s of %s", within, what)
	}
}

// A rebuild under searches fails none of them: until the alias swaps
// they count the old index, after it the new one, never anything else.
func TestRebuildUnderSearches(t *testing.T) {
	c := opensearchtest.Start(t, 1)
	old := enginetest.Embedded(t)
	build(t, c.Address, old, 1, 0)
	rs, _ := enginetest.RTPixar(t)
	e, err := opensearch.Open(context.Background(), c.Address)
	if err != nil {
		t.Fatal(err)
	}
	s := searcher.New(e)
	req := search.Request{}
	total := func() uint64 {
		resp, err := s.Search(context.Background(), req)
		if err != nil {
			t.Errorf("search during the rebuild: %v", err)
			return 0
		}
		return resp.Total
	}
	before := total()
	var wg sync.WaitGroup
	done := make(chan struct{})
	counts := map[uint64]int{}
	var mu sync.Mutex
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			n := total()
			mu.Lock()
			counts[n]++
			mu.Unlock()
			time.Sleep(10 * time.Millisecond)
		}
	})
	build(t, c.Address, rs, 2, 0)
	close(done)
	wg.Wait()
	after := total()
	if before != uint64(corpus.Indexable(paragraphs(old))) || after != uint64(corpus.Indexable(paragraphs(rs))) {
		t.Fatalf("before %d, after %d", before, after)
	}
	for n, k := range counts {
		if n != before && n != after {
			t.Errorf("%d searches counted %d paragraphs, neither the old index's %d nor the new one's %d", k, n, before, after)
		}
	}
	t.Logf("searches during the rebuild: %v", counts)
}

// paragraphs are every paragraph of rs.
func paragraphs(rs []corpus.Review) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Paragraphs...)
	}
	return out
}

// A node killed during a bulk build makes the build fail loudly or
// succeed; either way the alias then serves a whole index (the old one, or
// the new), and a build run again writes every paragraph once: explicit
// IDs never duplicate.
func TestNodeKilledDuringBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three nodes")
	}
	c := opensearchtest.Start(t, 3)
	old := enginetest.Embedded(t)
	build(t, c.Address, old, 3, 1)
	rs, _ := enginetest.RTPixar(t)
	want := uint64(corpus.Indexable(paragraphs(rs)))
	errc := make(chan error, 1)
	go func() {
		_, err := opensearch.Build(context.Background(), c.Address, corpus.Reviews(rs), opensearch.LoadOptions{
			Index: opensearch.IndexOptions{Shards: 3, Replicas: 1}, Batch: 200,
		})
		errc <- err
	}()
	time.Sleep(1500 * time.Millisecond)
	c.Kill(t, 2)
	err := <-errc
	t.Logf("the build with node 2 killed: %v", err)
	e, oerr := opensearch.Open(context.Background(), c.Address)
	if oerr != nil {
		t.Fatal(oerr)
	}
	resp, serr := searcher.New(e).Search(context.Background(), search.Request{})
	if serr != nil {
		t.Fatal(serr)
	}
	oldTotal := uint64(corpus.Indexable(paragraphs(old)))
	if len(resp.Missing) == 0 && resp.Total != oldTotal && resp.Total != want {
		t.Fatalf("after the build: %d paragraphs, neither the old %d nor the new %d", resp.Total, oldTotal, want)
	}
	c.Restart(t, 2)
	time.Sleep(2 * time.Second)
	build(t, c.Address, rs, 3, 1)
	resp, serr = searcher.New(e).Search(context.Background(), search.Request{})
	if serr != nil || resp.Total != want || len(resp.Missing) > 0 {
		t.Fatalf("built again: %v, total %d of %d, missing %v", serr, resp.Total, want, resp.Missing)
	}
}

package cache_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/cache"
	"github.com/pullquote/pullquote/searcher"
)

// counter is a Searcher that counts its searches, answers with the query
// and its version, and can hold searches until released.
type counter struct {
	calls   atomic.Int64
	version atomic.Int64
	hold    chan struct{} // when set, each search waits for it to close
}

func (c *counter) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	c.calls.Add(1)
	if c.hold != nil {
		select {
		case <-c.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return &search.Response{Query: req.Query, Total: 1, Hits: []search.Hit{{
		ID: "p", Text: fmt.Sprintf("%s at v%d %s", req.Query, c.version.Load(), strings.Repeat("x", 1000)),
	}}}, nil
}

func (c *counter) Review(context.Context, string) (*corpus.Review, error) {
	return nil, search.ErrNotFound
}
func (c *counter) Version() string { return fmt.Sprint(c.version.Load()) }

func mustSearch(t *testing.T, s search.Searcher, req search.Request) *search.Response {
	t.Helper()
	resp, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%q): %v", req.Query, err)
	}
	return resp
}

func TestRepeatedSearchRunsOnce(t *testing.T) {
	next := &counter{}
	c := cache.New(next, cache.DefaultBytes)
	// Two spellings of one search: spaces, defaults given or left out, a
	// filter in the text or as a parameter.
	a := mustSearch(t, c, search.Request{Query: "never  sorry outlet:IMDb "})
	b := mustSearch(t, c, search.Request{Query: "never sorry ", Filter: search.Filter{Outlets: []string{"IMDb"}}, Page: 1, Size: search.DefaultSize})
	if n := next.calls.Load(); n != 1 {
		t.Errorf("two spellings of one search ran %d searches, want 1", n)
	}
	if a.Hits[0].Text != b.Hits[0].Text {
		t.Errorf("cached answer differs: %q vs %q", a.Hits[0].Text, b.Hits[0].Text)
	}
	if b.Query != "never sorry " {
		t.Errorf("cached answer echoes %q, want the caller's own query", b.Query)
	}
	// What is not the same search runs: another page, a prefix (no
	// trailing space) and another sort.
	mustSearch(t, c, search.Request{Query: "never sorry ", Page: 2})
	mustSearch(t, c, search.Request{Query: "never sorry"})
	mustSearch(t, c, search.Request{Query: "never sorry ", Sort: search.SortNewest})
	if n := next.calls.Load(); n != 4 {
		t.Errorf("three different searches after the first: %d searches in all, want 4", n)
	}
	if st := c.Stats(); st.Hits != 1 || st.Misses != 4 || st.Entries != 4 {
		t.Errorf("stats %+v, want 1 hit, 4 misses, 4 entries", st)
	}
}

func TestNewVersionDropsAnswers(t *testing.T) {
	next := &counter{}
	c := cache.New(next, cache.DefaultBytes)
	req := search.Request{Query: "tofu "}
	first := mustSearch(t, c, req)
	next.version.Add(1)
	second := mustSearch(t, c, req)
	if next.calls.Load() != 2 || first.Hits[0].Text == second.Hits[0].Text {
		t.Errorf("after a new version: %d searches, answer %q, want a fresh answer", next.calls.Load(), second.Hits[0].Text[:20])
	}
	if st := c.Stats(); st.Entries != 1 {
		t.Errorf("%d entries after a new version, want only the new answer", st.Entries)
	}
}

func TestConcurrentIdenticalSearchesShareOne(t *testing.T) {
	next := &counter{hold: make(chan struct{})}
	c := cache.New(next, cache.DefaultBytes)
	const n = 10
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			if _, err := c.Search(context.Background(), search.Request{Query: "burst "}); err != nil {
				errs <- err
			}
		})
	}
	// Release the one search once every caller is waiting for it.
	deadline := time.Now().Add(5 * time.Second)
	for c.Stats().Misses < n && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(next.hold)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := next.calls.Load(); got != 1 {
		t.Errorf("%d concurrent identical searches ran %d searches, want 1", n, got)
	}
	if st := c.Stats(); st.Runs != 1 || st.Misses != n {
		t.Errorf("stats %+v, want %d misses and 1 run", st, n)
	}
}

func TestLeaderLeavingDoesNotFailFollowers(t *testing.T) {
	next := &counter{hold: make(chan struct{})}
	c := cache.New(next, cache.DefaultBytes)
	leaderCtx, leave := context.WithCancel(context.Background())
	leaderErr := make(chan error, 1)
	go func() {
		_, err := c.Search(leaderCtx, search.Request{Query: "left "})
		leaderErr <- err
	}()
	for next.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	follower := make(chan error, 1)
	go func() {
		_, err := c.Search(context.Background(), search.Request{Query: "left "})
		follower <- err
	}()
	time.Sleep(20 * time.Millisecond)
	leave()
	if err := <-leaderErr; err == nil {
		t.Error("the leader's search ended without error after its client left")
	}
	close(next.hold)
	if err := <-follower; err != nil {
		t.Errorf("follower failed when the leader's client left: %v", err)
	}
}

func TestBytesBound(t *testing.T) {
	next := &counter{}
	const max = 20 << 10 // each answer is over 1 KB
	c := cache.New(next, max)
	for i := range 100 {
		mustSearch(t, c, search.Request{Query: fmt.Sprintf("q%d ", i)})
	}
	st := c.Stats()
	if st.Bytes > max || st.Entries == 0 || st.Entries >= 100 {
		t.Errorf("after 100 answers: %d entries, %d bytes; want some, under %d bytes", st.Entries, st.Bytes, max)
	}
	// The most recent answers stay, the oldest went.
	mustSearch(t, c, search.Request{Query: "q99 "})
	mustSearch(t, c, search.Request{Query: "q0 "})
	if got := next.calls.Load(); got != 101 {
		t.Errorf("%d searches, want 101: q99 from the cache, q0 evicted", got)
	}
}

func TestOffCachesNothing(t *testing.T) {
	next := &counter{}
	c := cache.New(next, 0)
	mustSearch(t, c, search.Request{Query: "off "})
	mustSearch(t, c, search.Request{Query: "off "})
	if got := next.calls.Load(); got != 2 {
		t.Errorf("a cache of 0 bytes: %d searches for two, want 2", got)
	}
}

// TestIndexChangesReachAnswers runs the cache over a real index on disk:
// an add and a delete are in the very next answer.
func TestIndexChangesReachAnswers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	review := func(id, text string) corpus.Review {
		return corpus.Review{ID: id, Work: "W", Site: "S", Outlet: "O", Kind: corpus.KindCritic, Paragraphs: []string{text}}
	}
	src := func(rs ...corpus.Review) corpus.Source {
		return func(ctx context.Context, fn func(corpus.Review) error) error {
			for _, r := range rs {
				if err := fn(r); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if _, err := index.Build(ctx, dir, src(review("a", "a thrilling unfinished symphony")), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	c := cache.New(searcher.New(ix), cache.DefaultBytes)
	req := search.Request{Query: "symphony "}
	total := func() uint64 { return mustSearch(t, c, req).Total }
	if got := total(); got != 1 {
		t.Fatalf("before the add: %d hits, want 1", got)
	}
	if total(); c.Stats().Hits != 1 {
		t.Fatalf("the same search twice was not answered from the cache: %+v", c.Stats())
	}
	if _, err := ix.Add(ctx, src(review("b", "another symphony")), index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 2 {
		t.Errorf("after an add: %d hits, want 2", got)
	}
	if _, err := ix.Delete(ctx, "a", "b"); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 0 {
		t.Errorf("after a delete: %d hits, want 0", got)
	}
}

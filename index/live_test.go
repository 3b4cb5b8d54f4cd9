package index

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// openDeleted counts this process's open files under dir that have been
// deleted.
func openDeleted(t *testing.T, dir string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	n := 0
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, dir) && strings.HasSuffix(target, "(deleted)") {
			n++
		}
	}
	return n
}

// TestLiveFollowsRebuilds: a rebuild while serving is picked up without a
// failed search, and the old generation's files are let go.
func TestLiveFollowsRebuilds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	build := func(word string) {
		t.Helper()
		rs := []corpus.Review{{ID: word, Work: "W", Site: "S", Outlet: "O", Kind: corpus.KindCritic, Paragraphs: []string{"A review that says " + word + "."}}}
		if _, err := Build(ctx, dir, corpus.Reviews(rs), BuildOptions{Shards: 2}); err != nil {
			t.Fatal(err)
		}
	}
	build("alpha")
	l, err := OpenLive(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	total := func(q string) uint64 {
		t.Helper()
		resp, err := searchOf(l).Search(ctx, search.Request{Query: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		return resp.Total
	}
	if total("alpha") != 1 {
		t.Fatal("alpha not found before the rebuild")
	}
	v1 := l.Version()

	// Searches run throughout; none may fail.
	var failed atomic.Int64
	var searches atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := searchOf(l).Search(ctx, search.Request{Query: "review"}); err != nil {
					failed.Add(1)
				}
				searches.Add(1)
			}
		})
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go l.Watch(wctx, 10*time.Millisecond, slog.New(slog.DiscardHandler))

	build("beta")
	deadline := time.Now().Add(10 * time.Second)
	for l.Version() == v1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
	if l.Version() == v1 {
		t.Fatal("the rebuild was not picked up in 10 s")
	}
	if total("beta") != 1 || total("alpha") != 0 {
		t.Errorf("after the rebuild: beta %d, alpha %d; want 1 and 0", total("beta"), total("alpha"))
	}
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d searches failed during the switch", n, searches.Load())
	}
	// The old generation (deleted by the rebuild) is closed once its
	// searches are done.
	for time.Now().Before(deadline) && openDeleted(t, dir) > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if n := openDeleted(t, dir); n > 0 {
		t.Errorf("%d files of the deleted generation still open", n)
	}
}

// Readers share an index: a server and `pullquote search` (and more) open
// it at once; a read-only index refuses writes.
func TestReadersShareAnIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rs := testReviews()
	if _, err := Build(ctx, dir, corpus.Reviews(rs), BuildOptions{Shards: 2}); err != nil {
		t.Fatal(err)
	}
	l, err := OpenLive(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	done := make(chan error, 1)
	go func() {
		ix, err := OpenReadOnly(dir)
		if err == nil {
			_, err = searchOf(ix).Search(ctx, search.Request{Query: "tofu"})
			ix.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("a second reader: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a second reader waits for the first")
	}
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Delete(ctx, rs[0].ID); err == nil {
		t.Error("a read-only index deleted a review")
	}
}

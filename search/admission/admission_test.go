package admission_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/admission"
)

// slow is a Searcher whose searches wait until released.
type slow struct {
	release chan struct{}
	started atomic.Int64
}

func (s *slow) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	s.started.Add(1)
	select {
	case <-s.release:
		return &search.Response{Query: req.Query}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *slow) Review(context.Context, string) (*corpus.Review, error) {
	return &corpus.Review{ID: "r"}, nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestBusyBeyondTheQueue(t *testing.T) {
	next := &slow{release: make(chan struct{})}
	a := admission.New(next, admission.Options{Running: 1, Queue: 1, MaxWait: time.Minute})
	done := make(chan error, 2)
	for range 2 { // one runs, one waits
		go func() {
			_, err := a.Search(context.Background(), search.Request{Query: "slow"})
			done <- err
		}()
	}
	waitFor(t, "one running and one waiting", func() bool {
		st := a.Stats()
		return st.Running == 1 && st.Waiting == 1
	})

	start := time.Now()
	_, err := a.Search(context.Background(), search.Request{Query: "third"})
	var busy *search.BusyError
	if !errors.As(err, &busy) || busy.RetryAfter <= 0 {
		t.Fatalf("third search with 1 running and 1 queued: %v, want a BusyError with RetryAfter", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusal took %v, want at once", d)
	}
	// A lookup by ID is not queued behind searches.
	if _, err := a.Review(context.Background(), "r"); err != nil {
		t.Errorf("Review while searches are full: %v", err)
	}

	close(next.release)
	for range 2 {
		if err := <-done; err != nil {
			t.Errorf("admitted search: %v", err)
		}
	}
	if st := a.Stats(); st.Rejected != 1 || st.Running != 0 || st.Waiting != 0 {
		t.Errorf("stats after: %+v, want 1 rejected, none running or waiting", st)
	}
	if _, err := a.Search(context.Background(), search.Request{Query: "after"}); err != nil {
		t.Errorf("search once the burst is over: %v", err)
	}
}

func TestQueueWaitIsBounded(t *testing.T) {
	next := &slow{release: make(chan struct{})}
	defer close(next.release)
	a := admission.New(next, admission.Options{Running: 1, Queue: 4, MaxWait: 50 * time.Millisecond})
	go func() { _, _ = a.Search(context.Background(), search.Request{Query: "hog"}) }()
	waitFor(t, "the slot taken", func() bool { return next.started.Load() == 1 })
	_, err := a.Search(context.Background(), search.Request{Query: "waits"})
	var busy *search.BusyError
	if !errors.As(err, &busy) {
		t.Errorf("a search queued past MaxWait: %v, want a BusyError", err)
	}
}

func TestQueuedSearchLeavesWithItsClient(t *testing.T) {
	next := &slow{release: make(chan struct{})}
	defer close(next.release)
	a := admission.New(next, admission.Options{Running: 1, Queue: 4, MaxWait: time.Minute})
	go func() { _, _ = a.Search(context.Background(), search.Request{Query: "hog"}) }()
	waitFor(t, "the slot taken", func() bool { return next.started.Load() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := a.Search(ctx, search.Request{Query: "gone"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("queued search whose client left: %v, want its context's error", err)
	}
	if st := a.Stats(); st.Waiting != 0 {
		t.Errorf("%d still waiting after the client left", st.Waiting)
	}
}

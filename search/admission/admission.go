// Package admission bounds the searches that run at once in front of any
// search.Searcher: a few run, a short queue waits, and beyond that a search
// is refused at once with a *search.BusyError, so that a burst makes some
// requests fail fast rather than every request slow.
package admission

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Options bound the searches in flight; zero values take the defaults.
type Options struct {
	// Running is how many searches run at once (default: the CPU count).
	Running int
	// Queue is how many more may wait for a free slot (default: 4 per slot).
	Queue int
	// MaxWait is how long one may wait in the queue before it is refused
	// (default 500 ms): an admitted search never waits longer.
	MaxWait time.Duration
}

func (o Options) withDefaults() Options {
	if o.Running <= 0 {
		o.Running = runtime.GOMAXPROCS(0)
	}
	if o.Queue < 0 {
		o.Queue = 0
	} else if o.Queue == 0 {
		o.Queue = 4 * o.Running
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 500 * time.Millisecond
	}
	return o
}

// Searcher admits searches to the Searcher behind it.
type Searcher struct {
	next  search.Searcher
	opts  Options
	slots chan struct{}
	// inside counts the searches running or waiting.
	inside   atomic.Int64
	waiting  atomic.Int64
	rejected atomic.Uint64
}

var _ search.Searcher = (*Searcher)(nil)

// New returns next behind an admission gate.
func New(next search.Searcher, opts Options) *Searcher {
	opts = opts.withDefaults()
	return &Searcher{next: next, opts: opts, slots: make(chan struct{}, opts.Running)}
}

// Options returns the bounds in force, defaults filled in.
func (a *Searcher) Options() Options { return a.opts }

// Search runs req when a slot is free, waits in the queue when one is not,
// and gives a *search.BusyError at once when the queue is full too, or when
// no slot frees within MaxWait.
func (a *Searcher) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	if n := a.inside.Add(1); n > int64(a.opts.Running+a.opts.Queue) {
		a.inside.Add(-1)
		a.rejected.Add(1)
		return nil, &search.BusyError{RetryAfter: time.Second}
	}
	defer a.inside.Add(-1)
	select {
	case a.slots <- struct{}{}:
	default:
		a.waiting.Add(1)
		t := time.NewTimer(a.opts.MaxWait)
		select {
		case a.slots <- struct{}{}:
			t.Stop()
			a.waiting.Add(-1)
		case <-t.C:
			a.waiting.Add(-1)
			a.rejected.Add(1)
			return nil, &search.BusyError{RetryAfter: time.Second}
		case <-ctx.Done():
			t.Stop()
			a.waiting.Add(-1)
			return nil, ctx.Err()
		}
	}
	defer func() { <-a.slots }()
	return a.next.Search(ctx, req)
}

// Review fetches a review without queueing: a lookup by ID is cheap.
func (a *Searcher) Review(ctx context.Context, id string) (*corpus.Review, error) {
	return a.next.Review(ctx, id)
}

// Version passes on the version of the Searcher behind the gate, "" if it
// has none (see search/cache).
func (a *Searcher) Version() string {
	if v, ok := a.next.(interface{ Version() string }); ok {
		return v.Version()
	}
	return ""
}

// Stats are the gate's counters.
type Stats struct {
	// Running and Waiting are the searches in a slot and in the queue now.
	Running, Waiting int
	// Rejected counts the searches refused since New.
	Rejected uint64
}

// Stats returns the gate's counters.
func (a *Searcher) Stats() Stats {
	return Stats{Running: len(a.slots), Waiting: int(a.waiting.Load()), Rejected: a.rejected.Load()}
}

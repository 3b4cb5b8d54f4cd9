// Package cache keeps the answers to searches that repeat — a widget's
// preset search sent by every visitor of a page, a shared link's burst —
// in front of any search.Searcher. Answers are keyed by the normalised
// request and the index version, bounded in bytes, evicted least recently
// used first, and concurrent identical searches share one run.
package cache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/sync/singleflight"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/internal/shared"
)

// Versioned is a Searcher whose contents carry a version that changes
// whenever they do (an add, a delete, a rebuild). index.Index implements
// it. Answers of a Searcher that is not Versioned are never cached.
type Versioned interface {
	Version() string
}

// DefaultBytes is the default bound on the bytes of cached answers.
const DefaultBytes = 64 << 20

// Searcher is a search.Searcher that answers repeated searches from memory.
// Cached answers are shared: callers must not modify them.
type Searcher struct {
	next     search.Searcher
	version  func() string
	maxBytes int

	mu    sync.Mutex
	lru   *lru.LRU[string, entry]
	bytes int
	// seen is the version of the entries held; a new version drops them.
	seen string

	group singleflight.Group

	hits, misses, runs atomic.Uint64
}

// entry is one cached answer with its estimated size.
type entry struct {
	resp  *search.Response
	bytes int
}

// New returns a cache of at most maxBytes of answers in front of next. With
// maxBytes ≤ 0, or a next that is not Versioned, New returns a Searcher that
// caches nothing but still shares concurrent identical searches.
func New(next search.Searcher, maxBytes int) *Searcher {
	c := &Searcher{next: next, maxBytes: maxBytes}
	if v, ok := next.(Versioned); ok {
		c.version = v.Version
	}
	// The count bound is never the one that binds: bytes are.
	l, err := lru.NewLRU[string, entry](1<<30, func(_ string, e entry) { c.bytes -= e.bytes })
	if err != nil {
		panic(err) // only for a size ≤ 0
	}
	c.lru = l
	return c
}

var (
	_ search.Searcher = (*Searcher)(nil)
	_ Versioned       = (*Searcher)(nil)
)

// Version is the version of the Searcher behind the cache, "" if it has none.
func (c *Searcher) Version() string {
	if c.version == nil {
		return ""
	}
	return c.version()
}

// Search answers req from the cache when the same search was answered at
// the current version; otherwise it runs it once for every caller asking
// at the same time, and keeps the answer.
func (c *Searcher) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	start := time.Now()
	version := c.Version()
	key, err := req.Key()
	if err != nil {
		return c.next.Search(ctx, req) // the searcher names what is wrong
	}
	if version != "" && c.maxBytes > 0 {
		c.mu.Lock()
		if version != c.seen {
			c.lru.Purge()
			c.seen = version
		}
		e, hit := c.lru.Get(key)
		c.mu.Unlock()
		if hit {
			c.hits.Add(1)
			out := answer(e.resp, req)
			out.Took = time.Since(start)
			return out, nil
		}
	}
	c.misses.Add(1)
	resp, err := c.shared(ctx, version+"\x00"+key, req) // never an answer about another version
	if err != nil {
		return nil, err
	}
	// An answer is kept only if the index did not change while it ran,
	// and only if the whole index answered.
	if version != "" && c.maxBytes > 0 && c.Version() == version && len(resp.Missing) == 0 {
		c.put(key, resp)
	}
	return answer(resp, req), nil
}

// shared runs req once for all callers with the same key (the version
// and the request).
func (c *Searcher) shared(ctx context.Context, key string, req search.Request) (*search.Response, error) {
	return shared.Do(ctx, &c.group, key, func(ctx context.Context) (*search.Response, error) {
		c.runs.Add(1)
		return c.next.Search(ctx, req)
	})
}

// put keeps resp under key and evicts the least recently used answers
// beyond the byte bound. An answer larger than the whole bound is not kept.
func (c *Searcher) put(key string, resp *search.Response) {
	n := len(key) + sizeOf(resp)
	if n > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(key) || c.seen != c.version() {
		return
	}
	c.lru.Add(key, entry{resp: resp, bytes: n})
	c.bytes += n
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

// answer is a shared resp as the answer to req: a copy with the caller's
// own query text.
func answer(resp *search.Response, req search.Request) *search.Response {
	out := *resp
	out.Query = req.Query
	return &out
}

// Review fetches a review from the searcher behind the cache (a lookup by
// ID is not worth caching).
func (c *Searcher) Review(ctx context.Context, id string) (*corpus.Review, error) {
	return c.next.Review(ctx, id)
}

// Stats are the cache's counters since New.
type Stats struct {
	// Hits and Misses count searches answered from memory or run.
	Hits, Misses uint64
	// Runs counts the searches run by the Searcher behind the cache; the
	// misses beyond them waited for an identical search already running.
	Runs uint64
	// Entries and Bytes are what the cache holds now.
	Entries, Bytes int
}

// Stats returns the cache's counters.
func (c *Searcher) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{
		Hits: c.hits.Load(), Misses: c.misses.Load(), Runs: c.runs.Load(),
		Entries: c.lru.Len(), Bytes: c.bytes,
	}
}

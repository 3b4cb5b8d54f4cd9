package index

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// Live is the live generation of an index directory, followed: when a
// rebuild (`pullquote index`) switches the directory to a new generation,
// Watch opens it and serves from it, and closes the old one once the
// searches running on it are done. No request fails or waits for the
// switch. It is an engine.Engine whose searches each run on one
// generation (engine.Snapshotter), with a Version that changes with the
// generation (so cached answers of the old one are dropped).
type Live struct {
	dir string

	mu  sync.RWMutex
	cur *liveIndex
}

// liveIndex is one open generation and the searches using it.
type liveIndex struct {
	*Index
	users sync.WaitGroup
}

var (
	_ engine.Engine      = (*Live)(nil)
	_ engine.Snapshotter = (*Live)(nil)
	_ engine.Versioned   = (*Live)(nil)
)

// OpenLive opens the live generation of dir, read-only (OpenReadOnly).
func OpenLive(dir string) (*Live, error) {
	ix, err := OpenReadOnly(dir)
	if err != nil {
		return nil, err
	}
	return &Live{dir: dir, cur: &liveIndex{Index: ix}}, nil
}

// acquire returns the current generation, counted as in use until release.
func (l *Live) acquire() (ix *liveIndex, release func()) {
	l.mu.RLock()
	ix = l.cur
	ix.users.Add(1)
	l.mu.RUnlock()
	return ix, ix.users.Done
}

// Acquire returns the current generation, to run one search on, and its
// release (engine.Snapshotter).
func (l *Live) Acquire() (engine.Engine, func()) {
	ix, release := l.acquire()
	return ix.Index, release
}

// Retrieve runs r on the current generation.
func (l *Live) Retrieve(ctx context.Context, r *engine.Retrieval) (*engine.Retrieved, error) {
	ix, release := l.acquire()
	defer release()
	return ix.Retrieve(ctx, r)
}

// Review fetches a review from the current generation.
func (l *Live) Review(ctx context.Context, id string) (*corpus.Review, error) {
	ix, release := l.acquire()
	defer release()
	return ix.Review(ctx, id)
}

// Films lists the films of the current generation.
func (l *Live) Films(ctx context.Context) ([]search.FilmCounts, error) {
	ix, release := l.acquire()
	defer release()
	return ix.Films(ctx)
}

// Version is the current generation's Version.
func (l *Live) Version() string {
	ix, release := l.acquire()
	defer release()
	return ix.Version()
}

// Meta is the current generation's Meta.
func (l *Live) Meta() Meta {
	ix, release := l.acquire()
	defer release()
	return ix.Meta()
}

// Reload switches to the directory's live generation if it is not the one
// open, and reports whether it switched. The old generation is closed in
// the background once no search uses it.
func (l *Live) Reload() (bool, error) {
	gen, err := currentGeneration(l.dir)
	if err != nil {
		return false, err
	}
	l.mu.RLock()
	same := l.cur.gen == gen
	l.mu.RUnlock()
	if same {
		return false, nil
	}
	ix, err := OpenReadOnly(l.dir)
	if err != nil {
		return false, fmt.Errorf("reload index %s: %w", l.dir, err)
	}
	l.mu.Lock()
	old := l.cur
	l.cur = &liveIndex{Index: ix}
	l.mu.Unlock()
	go func() {
		old.users.Wait()
		old.Close()
	}()
	return true, nil
}

// Watch reloads every interval until ctx is done, logging each switch and
// each failure (a failed reload keeps the open generation serving).
func (l *Live) Watch(ctx context.Context, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		switched, err := l.Reload()
		switch {
		case err != nil:
			logger.Warn("index reload failed; serving the open generation", "dir", l.dir, "error", err)
		case switched:
			logger.Info("index reloaded", "dir", l.dir, "version", l.Version(), "paragraphs", l.Meta().Paragraphs)
		}
	}
}

// Close closes the open generation (after the searches using it).
func (l *Live) Close() error {
	l.mu.Lock()
	cur := l.cur
	l.mu.Unlock()
	cur.users.Wait()
	return cur.Close()
}

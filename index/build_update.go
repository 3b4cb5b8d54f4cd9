package index

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

// Add indexes every review src yields into the live index, in place. A
// review replaces the indexed review with the same ID (all its old
// paragraphs go, even if it now has fewer), so adding the same input twice
// adds nothing new. Add fails if another process is writing the index, or
// if it was rebuilt since ix was opened.
func (ix *Index) Add(ctx context.Context, src corpus.Source, opts BuildOptions) (*BuildStats, error) {
	unlock, err := ix.lockWrite()
	if err != nil {
		return nil, err
	}
	defer unlock()
	stats, err := ix.add(ctx, src, opts.withDefaults())
	if err != nil {
		return nil, fmt.Errorf("add to index %s: %w", ix.dir, err)
	}
	return stats, nil
}

// add is Add, the writers' lock held.
func (ix *Index) add(ctx context.Context, src corpus.Source, opts BuildOptions) (*BuildStats, error) {
	start := time.Now()
	ix.changes.Add(1)
	defer ix.changes.Add(1)
	words := newWordCollector()
	w := &writer{shards: ix.shards, store: ix.store, words: words, stats: &BuildStats{}, progress: newProgress(opts.Progress, opts.Total, start)}
	runErr := newFeed(opts, w.stats, w.write).run(ctx, src)
	if runErr == nil {
		runErr = ix.store.putAggregates(opts.aggregates())
	}
	// Whatever was flushed before an error is in the index: record it.
	if err := ix.addWords(words); err != nil && runErr == nil {
		runErr = err
	}
	if err := ix.updateMeta(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return nil, runErr
	}
	w.stats.Elapsed = time.Since(start)
	w.stats.Bytes = dirSize(filepath.Join(ix.dir, ix.gen))
	w.progress.finish(w.stats)
	opts.Logger.Info("index updated", "dir", ix.dir, "reviews", w.stats.Reviews, "replaced", w.stats.Replaced,
		"paragraphs", w.stats.Paragraphs, "elapsed", w.stats.Elapsed)
	return w.stats, nil
}

// Delete removes reviews and all their paragraphs from the live index. It
// returns how many of the IDs were found; unknown IDs are not an error.
func (ix *Index) Delete(ctx context.Context, reviewIDs ...string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	unlock, err := ix.lockWrite()
	if err != nil {
		return 0, err
	}
	defer unlock()
	n, err := ix.delete(ctx, reviewIDs)
	if err != nil {
		return 0, fmt.Errorf("delete from index %s: %w", ix.dir, err)
	}
	return n, nil
}

// delete is Delete, the writers' lock held.
func (ix *Index) delete(ctx context.Context, reviewIDs []string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	ix.changes.Add(1)
	defer ix.changes.Add(1)
	removed, err := ix.store.del(reviewIDs)
	if err != nil {
		return 0, err
	}
	batches := newBatches(ix.shards)
	deleteReviews(batches, removed)
	if err := runBatches(ix.shards, batches); err != nil {
		return 0, err
	}
	if err := ix.updateMeta(); err != nil {
		return 0, err
	}
	return len(removed), nil
}

// lockWrite takes the writers' lock and checks that ix is still the live
// generation.
func (ix *Index) lockWrite() (unlock func(), err error) {
	ix.mu.Lock()
	unlockDir, err := lockDir(ix.dir)
	if err != nil {
		ix.mu.Unlock()
		return nil, err
	}
	unlock = func() { unlockDir(); ix.mu.Unlock() }
	gen, err := currentGeneration(ix.dir)
	if err != nil {
		unlock()
		return nil, err
	}
	if gen != ix.gen {
		unlock()
		return nil, fmt.Errorf("index %s was rebuilt since it was opened: open it again", ix.dir)
	}
	return unlock, nil
}

// addWords writes the lexicon with the words of c added, and reads it
// back for the searches that follow.
func (ix *Index) addWords(c *wordCollector) error {
	genDir := filepath.Join(ix.dir, ix.gen)
	if err := writeLexicon(genDir, ix.lex.Load(), c, ix.an.Stemmer()); err != nil {
		return fmt.Errorf("index %s: %w", ix.dir, err)
	}
	lex, err := readLexicon(genDir)
	if err != nil {
		return fmt.Errorf("index %s: %w", ix.dir, err)
	}
	ix.lex.Store(lex)
	return nil
}

// updateMeta recounts the store into meta.json.
func (ix *Index) updateMeta() error {
	reviews, paragraphs, err := ix.store.count()
	if err != nil {
		return fmt.Errorf("count index %s: %w", ix.dir, err)
	}
	m := ix.meta
	m.Reviews, m.Paragraphs = reviews, paragraphs
	m.UpdatedAt = time.Now().UTC()
	if err := writeMeta(filepath.Join(ix.dir, ix.gen), m); err != nil {
		return err
	}
	ix.meta = m
	return nil
}

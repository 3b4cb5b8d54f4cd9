package index

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/pullquote/pullquote/corpus"
)

// writer feeds reviews into the shards and the store in batches.
type writer struct {
	shards    []bleve.Index
	store     *store
	batchSize int
	// replace is set by Add: a review replaces the stored one with its ID.
	replace bool
	// seen holds the IDs indexed so far by Build, to replace duplicates.
	seen map[string]bool

	pending      []corpus.Review
	pendingIDs   map[string]bool
	pendingParas int

	stats    *BuildStats
	progress *progress
}

// run indexes every review src yields.
func (w *writer) run(ctx context.Context, src Source) error {
	err := src(ctx, func(r corpus.Review) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return w.add(r)
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.flush()
}

func (w *writer) add(r corpus.Review) error {
	if r.ID == "" {
		return fmt.Errorf("review with no ID (from %q, work %q)", r.Source, r.Work)
	}
	if w.pendingIDs[r.ID] {
		if err := w.flush(); err != nil {
			return err
		}
	}
	if w.pendingIDs == nil {
		w.pendingIDs = make(map[string]bool)
	}
	w.pending = append(w.pending, r)
	w.pendingIDs[r.ID] = true
	w.pendingParas += len(r.Paragraphs)
	if w.pendingParas >= w.batchSize {
		return w.flush()
	}
	return nil
}

// flush writes the pending reviews: first the store (old versions out, new
// in), then one bleve batch per shard, run in parallel.
func (w *writer) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	var replaced []string
	for _, r := range w.pending {
		if w.replace || w.seen[r.ID] {
			replaced = append(replaced, r.ID)
		}
	}
	removed := map[string]int{}
	if len(replaced) > 0 {
		var err error
		if removed, err = w.store.del(replaced); err != nil {
			return err
		}
	}
	if err := w.store.put(w.pending); err != nil {
		return err
	}
	batches := newBatches(w.shards)
	deleteReviews(batches, removed)
	w.stats.Replaced += len(removed)
	for i := range w.pending {
		r := &w.pending[i]
		b := batches[shardOf(r.ID, len(w.shards))]
		for j, p := range r.Paragraphs {
			if isBlank(p) {
				continue
			}
			if err := b.Index(paragraphID(r.ID, j), paragraphDoc(r, j, p)); err != nil {
				return fmt.Errorf("index paragraph %s: %w", paragraphID(r.ID, j), err)
			}
			w.stats.Paragraphs++
		}
		w.stats.Reviews++
		if w.seen != nil {
			w.seen[r.ID] = true
		}
	}
	if err := runBatches(w.shards, batches); err != nil {
		return err
	}
	w.pending = w.pending[:0]
	clear(w.pendingIDs)
	w.pendingParas = 0
	w.progress.update(w.stats)
	return nil
}

// newBatches returns an empty batch for each shard.
func newBatches(shards []bleve.Index) []*bleve.Batch {
	batches := make([]*bleve.Batch, len(shards))
	for i, s := range shards {
		batches[i] = s.NewBatch()
	}
	return batches
}

// deleteReviews adds to each shard's batch the deletion of the paragraphs
// it holds of removed (review ID → paragraph count).
func deleteReviews(batches []*bleve.Batch, removed map[string]int) {
	for id, n := range removed {
		b := batches[shardOf(id, len(batches))]
		for j := range n {
			b.Delete(paragraphID(id, j))
		}
	}
}

// runBatches runs each shard's batch, in parallel.
func runBatches(shards []bleve.Index, batches []*bleve.Batch) error {
	if len(shards) == 1 {
		if err := shards[0].Batch(batches[0]); err != nil {
			return fmt.Errorf("index batch: %w", err)
		}
		return nil
	}
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i := range shards {
		wg.Go(func() {
			if err := shards[i].Batch(batches[i]); err != nil {
				errs[i] = fmt.Errorf("index batch on shard %d: %w", i, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// shardOf returns the shard that holds a review's paragraphs.
func shardOf(reviewID string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(reviewID))
	return int(h.Sum32() % uint32(n))
}

// isBlank reports whether a paragraph has nothing to index.
func isBlank(p string) bool { return strings.TrimSpace(p) == "" }

// indexable counts the paragraphs that are not blank.
func indexable(ps []string) int {
	n := 0
	for _, p := range ps {
		if !isBlank(p) {
			n++
		}
	}
	return n
}

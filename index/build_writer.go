package index

import (
	"errors"
	"fmt"
	"sync"

	"github.com/pullquote/pullquote/engine"

	"github.com/blevesearch/bleve/v2"
	"github.com/pullquote/pullquote/corpus"
)

// writer adds reviews to an open index (Add): each batch replaces the
// stored reviews with the same IDs, in the store first and then in one
// bleve batch per shard, run in parallel.
type writer struct {
	shards   []bleve.Index
	store    *store
	words    *wordCollector // the added paragraphs' words, for the lexicon
	stats    *BuildStats
	progress *progress
}

// write adds a batch of reviews.
func (w *writer) write(batch []corpus.Review) error {
	ids := make([]string, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
	}
	removed, err := w.store.del(ids)
	if err != nil {
		return err
	}
	if err := w.store.put(batch); err != nil {
		return err
	}
	batches := newBatches(w.shards)
	deleteReviews(batches, removed)
	w.stats.Replaced += len(removed)
	for i := range batch {
		r := &batch[i]
		b := batches[engine.ShardOf(r.ID, len(w.shards))]
		for j, p := range r.Paragraphs {
			if corpus.Blank(p) {
				continue
			}
			if err := b.Index(corpus.ParagraphID(r.ID, j), paragraphDoc(r, j, p)); err != nil {
				return fmt.Errorf("index paragraph %s: %w", corpus.ParagraphID(r.ID, j), err)
			}
			w.words.add(p)
			w.stats.Paragraphs++
		}
		w.stats.Reviews++
	}
	if err := runBatches(w.shards, batches); err != nil {
		return err
	}
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
		b := batches[engine.ShardOf(id, len(batches))]
		for j := range n {
			b.Delete(corpus.ParagraphID(id, j))
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

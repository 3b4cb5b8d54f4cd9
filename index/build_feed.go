package index

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/pullquote/pullquote/corpus"
)

// feed is the one write path of a build and an add: it checks each
// review's ID, keeps the first review of an ID in the input (a later one
// is counted as a duplicate and logged), and hands the reviews to a sink
// in batches of about batchSize paragraphs, the rest at the end.
type feed struct {
	batchSize int
	logger    *slog.Logger
	stats     *BuildStats
	// write takes a batch; it may keep it (the feed starts a new one).
	write func([]corpus.Review) error

	seen    map[string]struct{}
	pending []corpus.Review
	paras   int
}

func newFeed(opts BuildOptions, stats *BuildStats, write func([]corpus.Review) error) *feed {
	return &feed{batchSize: opts.BatchSize, logger: opts.Logger, stats: stats, write: write, seen: map[string]struct{}{}}
}

// run feeds every review src yields, then what is left, and stops at the
// first error or when ctx is done.
func (f *feed) run(ctx context.Context, src corpus.Source) error {
	err := src(ctx, func(r corpus.Review) error {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return f.add(r)
	})
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	if err == nil {
		err = f.flush()
	}
	return err
}

func (f *feed) add(r corpus.Review) error {
	if r.ID == "" {
		return fmt.Errorf("review with no ID (from %q, work %q)", r.Source, r.Work)
	}
	if _, dup := f.seen[r.ID]; dup {
		f.stats.Duplicates++
		f.logger.Warn("duplicate review ID: keeping the first", "id", r.ID, "source", r.Source)
		return nil
	}
	f.seen[r.ID] = struct{}{}
	f.pending = append(f.pending, r)
	f.paras += len(r.Paragraphs)
	if f.paras >= f.batchSize {
		return f.flush()
	}
	return nil
}

// flush writes the pending batch.
func (f *feed) flush() error {
	if len(f.pending) == 0 {
		return nil
	}
	batch := f.pending
	f.pending, f.paras = nil, 0
	return f.write(batch)
}

package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/engine"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/pullquote/pullquote/corpus"
)

// buildGeneration writes a complete generation (shards, lexicon, store,
// meta.json) into genDir, which must not exist. Each shard is written by
// bleve's offline builder in a goroutine of its own, which also collects
// its paragraphs' words for the lexicon, so shards are analysed and built
// in parallel with each other and with the side store.
func buildGeneration(ctx context.Context, genDir string, src corpus.Source, opts BuildOptions, start time.Time) (*BuildStats, error) {
	if err := os.Mkdir(genDir, 0o755); err != nil {
		return nil, err
	}
	st, err := openStore(filepath.Join(genDir, storeFile), false)
	if err != nil {
		return nil, err
	}
	defer func() {
		if st != nil {
			st.close()
		}
	}()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	shards := make([]*shardBuilder, opts.Shards)
	for i := range shards {
		sb, err := newShardBuilder(genDir, i, opts.BatchSize)
		if err != nil {
			return nil, fmt.Errorf("create shard %d: %w", i, err)
		}
		shards[i] = sb
	}
	var wg sync.WaitGroup
	for i, sb := range shards {
		wg.Go(func() {
			if err := sb.run(); err != nil {
				cancel(fmt.Errorf("shard %d: %w", i, err))
			}
		})
	}

	stats := &BuildStats{}
	prog := newProgress(opts.Progress, opts.Total, start)
	// Each batch goes to the shards' builders, then to the store.
	write := func(batch []corpus.Review) error {
		parts := make([][]*corpus.Review, len(shards))
		for i := range batch {
			r := &batch[i]
			k := engine.ShardOf(r.ID, len(shards))
			parts[k] = append(parts[k], r)
			stats.Reviews++
			stats.Paragraphs += corpus.Indexable(r.Paragraphs)
		}
		for k, part := range parts {
			if len(part) == 0 {
				continue
			}
			select {
			case shards[k].in <- part:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		if err := st.put(batch); err != nil {
			return err
		}
		prog.update(stats)
		return nil
	}
	runErr := newFeed(opts, stats, write).run(ctx, src)
	if runErr == nil {
		runErr = st.putAggregates(opts.aggregates())
	}
	for _, sb := range shards {
		close(sb.in)
	}
	wg.Wait()
	if runErr == nil && ctx.Err() != nil {
		runErr = context.Cause(ctx)
	}
	if runErr != nil {
		return nil, runErr
	}

	// Merge each shard's segments into one, in parallel.
	opts.Logger.Info("merging index segments", "shards", len(shards))
	errs := make([]error, len(shards))
	for i, sb := range shards {
		wg.Go(func() {
			if err := sb.finish(); err != nil {
				errs[i] = fmt.Errorf("finish shard %d: %w", i, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// The builders analyse when they flush, the last time in finish.
	words := shards[0].words
	for _, sb := range shards[1:] {
		words.merge(sb.words)
	}
	if err := writeLexicon(genDir, nil, words, analysis.NewStemmer()); err != nil {
		return nil, err
	}

	meta := newMeta(len(shards))
	if meta.Reviews, meta.Paragraphs, err = st.count(); err != nil {
		return nil, err
	}
	err = st.close()
	st = nil
	if err != nil {
		return nil, err
	}
	if err := compactStore(filepath.Join(genDir, storeFile)); err != nil {
		return nil, err
	}
	meta.BuiltAt = time.Now().UTC()
	meta.BuildSeconds = time.Since(start).Seconds()
	if err := writeMeta(genDir, meta); err != nil {
		return nil, err
	}
	stats.Elapsed = time.Since(start)
	stats.Bytes = dirSize(genDir)
	prog.finish(stats)
	opts.Logger.Info("index built", "dir", genDir, "reviews", stats.Reviews, "paragraphs", stats.Paragraphs,
		"elapsed", stats.Elapsed, "bytes", stats.Bytes)
	return stats, nil
}

// shardBuilder feeds reviews to one shard's offline builder.
type shardBuilder struct {
	b       bleve.Builder
	in      chan []*corpus.Review
	path    string // the shard's index
	tmp     string // the builder's working files
	mapping mapping.IndexMapping
	docs    int
	words   *wordCollector
}

// newShardBuilder starts the offline builder of shard i of genDir, with a
// mapping of its own whose analysis gathers the shard's words.
func newShardBuilder(genDir string, i int, batchSize int) (*shardBuilder, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	sb := &shardBuilder{
		in:      make(chan []*corpus.Review, 2),
		path:    shardPath(genDir, i),
		tmp:     filepath.Join(genDir, fmt.Sprintf("build-%d", i)),
		mapping: m,
	}
	if err := os.Mkdir(sb.tmp, 0o755); err != nil {
		return nil, err
	}
	sb.b, err = bleve.NewBuilder(sb.path, m, map[string]interface{}{
		"batchSize":       batchSize,
		"mergeMax":        32,
		"buildPathPrefix": sb.tmp,
	})
	if err != nil {
		return nil, err
	}
	// After NewBuilder: validating the mapping makes its analyzers anew.
	sb.words = newWordCollector()
	return sb, collectWords(m, sb.words)
}

// finish merges the shard's segments into its index. A shard that got no
// paragraph (a small corpus over many shards) becomes an empty index:
// bleve's builder cannot finish with no segment.
func (sb *shardBuilder) finish() error {
	defer os.RemoveAll(sb.tmp)
	if sb.docs > 0 {
		return sb.b.Close()
	}
	if err := os.RemoveAll(sb.path); err != nil {
		return err
	}
	ix, err := bleve.New(sb.path, sb.mapping)
	if err != nil {
		return err
	}
	return ix.Close()
}

// run indexes every paragraph of the reviews it receives until in is
// closed. After an error it keeps draining in, so the sender never blocks.
func (sb *shardBuilder) run() error {
	var err error
	for part := range sb.in {
		if err != nil {
			continue
		}
		for _, r := range part {
			for j, p := range r.Paragraphs {
				if corpus.Blank(p) {
					continue
				}
				if err = sb.b.Index(corpus.ParagraphID(r.ID, j), paragraphDoc(r, j, p)); err != nil {
					err = fmt.Errorf("index paragraph %s: %w", corpus.ParagraphID(r.ID, j), err)
					break
				}
				sb.docs++
			}
			if err != nil {
				break
			}
		}
	}
	return err
}

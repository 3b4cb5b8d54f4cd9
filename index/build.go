package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

// The garbage collector's settings while `pullquote index` builds (TuneGC):
// indexing makes many short-lived objects, so the collector may let the
// heap grow to GCPercent over what is live, up to a soft limit of
// BuildMemoryLimit. What is live is bounded by the batch size (the
// analysed paragraphs of one batch per shard), not by the corpus, so a
// build's memory stays flat in corpus size.
const (
	GCPercent        = 400
	BuildMemoryLimit = 768 << 20
)

// TuneGC sets the collector for a build (GCPercent, and BuildMemoryLimit
// unless GOMEMLIMIT is set) and returns a function that restores what was
// set before. `pullquote index` and the benchmark both build with it, to
// measure what users run.
func TuneGC() (restore func()) {
	percent := debug.SetGCPercent(GCPercent)
	limit := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(BuildMemoryLimit)
	}
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// BuildOptions tune Build and Add. The zero value is usable.
type BuildOptions struct {
	// BatchSize is how many paragraphs go into one bleve batch; 0 means
	// DefaultBatchSize.
	BatchSize int
	// Shards is how many bleve indexes to split paragraphs over (built in
	// parallel, searched in parallel); 0 means DefaultShards(). Add and
	// Delete use the shard count of the index.
	Shards int
	// Progress receives a progress bar (on a terminal) or progress lines,
	// and a final rate; nil means none.
	Progress io.Writer
	// Total is the expected number of paragraphs, for a bar with a
	// percentage; 0 when unknown.
	Total int
	// Logger logs the build's steps; nil means none.
	Logger *slog.Logger
	// Aggregates, if set, is called once after the source has yielded its
	// last review, for the page-level scores it stated
	// (corpus.Report.Aggregates): they are kept for the film pages, an
	// aggregate replacing the one of the same work, site, kind and label.
	Aggregates func() []corpus.Aggregate
}

// aggregates returns what o.Aggregates gives, or nothing.
func (o BuildOptions) aggregates() []corpus.Aggregate {
	if o.Aggregates == nil {
		return nil
	}
	return o.Aggregates()
}

// DefaultBatchSize is the default number of paragraphs per batch. Smaller
// batches hold less in memory while they are analysed (at 100k synthetic
// reviews, peak anonymous memory 3.6 GiB at 5,000 and 0.7 at 2,000 under
// BuildMemoryLimit) and make more segments to merge (the build ~6% slower).
const DefaultBatchSize = 2000

// DefaultShards returns the number of shards of a new index when none is
// asked for: one per CPU, at most 8. Shards are built in parallel, one
// offline builder each, and searched in parallel (Index.search), so a
// build uses every core and a query's latency falls with the core count.
// (On 2 cores, 2 shards build ~1.4× faster than 1 at 30k paragraphs.)
func DefaultShards() int { return min(runtime.NumCPU(), 8) }

// BuildStats says what a build or update did.
type BuildStats struct {
	// Reviews and Paragraphs count what was indexed.
	Reviews    int
	Paragraphs int
	// Replaced counts reviews that replaced an indexed review with the
	// same ID (Add), or a review earlier in the same input (Build).
	Replaced int
	// Duplicates counts reviews Build skipped because an earlier review in
	// the same input had the same ID (the first is kept).
	Duplicates int
	// Elapsed is the wall time taken.
	Elapsed time.Duration
	// Bytes is the size on disk of the index generation after the build.
	Bytes int64
}

// Rate returns paragraphs indexed per second.
func (s *BuildStats) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Paragraphs) / s.Elapsed.Seconds()
}

// genPrefix starts the name of every generation directory.
const genPrefix = "g-"

// generationName names a generation begun at t by this process.
func generationName(t time.Time) string {
	return fmt.Sprintf("%s%s-%d", genPrefix, t.UTC().Format("20060102T150405.000000"), os.Getpid())
}

func (o BuildOptions) withDefaults() BuildOptions {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Shards <= 0 {
		o.Shards = DefaultShards()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Build indexes every review src yields into a new generation in dir, then
// makes it the live one. The index that was live stays intact and
// searchable until the switch; if the build fails, is cancelled or is
// killed, it stays live, and the partial generation is removed (now, by
// the next write, or by Collect). The new generation is synced before it
// goes live (switchTo).
func Build(ctx context.Context, dir string, src corpus.Source, opts BuildOptions) (*BuildStats, error) {
	opts = opts.withDefaults()
	start := time.Now()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("build index %s: %w", dir, err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	old, _ := currentGeneration(dir)
	removeLeftovers(dir, old, opts.Logger) // what a killed write left

	gen := generationName(start)
	genDir := filepath.Join(dir, gen)
	stats, err := buildGeneration(ctx, genDir, src, opts, start)
	if err != nil {
		removeFailed(dir, gen, opts.Logger)
		return nil, fmt.Errorf("build index %s: %w", dir, err)
	}
	if err := switchTo(dir, gen); err != nil {
		removeFailed(dir, gen, opts.Logger)
		return nil, fmt.Errorf("build index %s: switch to new index: %w", dir, err)
	}
	opts.Logger.Info("index switched", "dir", dir, "generation", gen, "previous", old)
	removeLeftovers(dir, gen, opts.Logger)
	return stats, nil
}

// lockFile is the file of an index directory that writers lock.
const lockFile = "LOCK"

// lockDir takes the writers' lock of an index directory, failing at once
// if another process holds it.
func lockDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock index %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("index %s is being written by another pullquote process", dir)
		}
		return nil, fmt.Errorf("lock index %s: %w", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// dirSize returns the total size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

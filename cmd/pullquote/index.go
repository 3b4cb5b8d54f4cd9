package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"golang.org/x/text/encoding"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
)

// indexConfig is what the index flags say.
type indexConfig struct {
	dir     string
	backend string
	strict  bool
	add     bool
	gc      bool
	delete  stringList
	batch   int
	shards  int
	// replicas are the copies of each shard of a new OpenSearch index
	// (negative: one when the cluster has more than one data node).
	replicas int
	verbose  bool
	paths    []string
	// encoding is the character set of CSV and JSON Lines files.
	encoding encoding.Encoding
}

func parseIndexFlags(e env, args []string) (indexConfig, error) {
	var c indexConfig
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: pullquote index [--index DIR | --backend opensearch://… | sphinxql://…] [--strict] [--add] [PATH...]\n       pullquote index [--index DIR | --backend opensearch://… | sphinxql://…] --delete ID [--delete ID...]\n       pullquote index [--index DIR] --gc")
		fmt.Fprintln(e.stderr, "\nIndexes every paragraph of the reviews read from PATHs (files or folders; none:")
		fmt.Fprintln(e.stderr, "the embedded corpus). Without --add the index is rebuilt beside the old one,")
		fmt.Fprintln(e.stderr, "which keeps serving until the new one is complete. --gc removes what killed")
		fmt.Fprintln(e.stderr, "builds and adds left in DIR (every generation but the live one). See docs/index.md.")
		fmt.Fprintln(e.stderr, "With --backend opensearch://…, a new index is built on the cluster and swapped")
		fmt.Fprintln(e.stderr, "in behind the alias (--add writes into the live one); with sphinxql://…, every")
		fmt.Fprintln(e.stderr, "review is written into the cluster (replacing one with its ID; --add is")
		fmt.Fprintln(e.stderr, "implied; list every node). See docs/scale-out.md.\n\nflags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.dir, "index", envOr(e, "PULLQUOTE_INDEX", searchIndexDir), "index directory (env PULLQUOTE_INDEX)")
	backend := backendFlag(fs, e)
	fs.BoolVar(&c.strict, "strict", false, "fail on the first record that cannot be read instead of skipping it")
	fs.BoolVar(&c.add, "add", false, "add the reviews to the existing index, replacing reviews with the same ID")
	fs.Var(&c.delete, "delete", "delete the review with this ID (repeatable, or comma-separated)")
	fs.BoolVar(&c.gc, "gc", false, "remove what killed builds and adds left in the index directory (every generation but the live one), then stop")
	fs.IntVar(&c.batch, "batch", index.DefaultBatchSize, "paragraphs per indexing batch")
	fs.IntVar(&c.shards, "shards", index.DefaultShards(), "shards of a new index, built and searched in parallel (on OpenSearch: its primary shards)")
	fs.IntVar(&c.replicas, "replicas", -1, "copies of each shard of a new OpenSearch index (default: one when the cluster has more than one data node)")
	fs.BoolVar(&c.verbose, "v", false, "log the build's steps")
	encName := fs.String("encoding", "", "character set of CSV and JSON Lines files, e.g. latin1, windows-1252 (default UTF-8, rows that are not read as Windows-1252 with a warning)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	var err error
	if c.encoding, err = corpus.ParseEncoding(*encName); err != nil {
		return c, fmt.Errorf("index: --encoding: %w", err)
	}
	c.paths, c.backend = fs.Args(), *backend
	switch {
	case c.batch < 1:
		return c, fmt.Errorf("index: --batch must be at least 1, got %d", c.batch)
	case c.shards < 1 || c.shards > 64:
		return c, fmt.Errorf("index: --shards must be from 1 to 64, got %d", c.shards)
	case len(c.delete) > 0 && (c.add || len(c.paths) > 0):
		return c, errors.New("index: --delete takes no PATH and no --add")
	case c.gc && (c.add || len(c.delete) > 0 || len(c.paths) > 0 || c.backend != ""):
		return c, errors.New("index: --gc takes no PATH, --add, --delete or --backend")
	}
	return c, nil
}

// runIndex implements "pullquote index".
func runIndex(ctx context.Context, e env, args []string) error {
	c, err := parseIndexFlags(e, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	logger := slog.New(slog.DiscardHandler)
	if c.verbose {
		logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	copts := corpus.Options{Strict: c.strict, Logger: logger, Encoding: c.encoding}
	load := &corpus.Loader{Load: func(ctx context.Context, fn func(corpus.Review) error) (*corpus.Report, error) {
		if len(c.paths) == 0 {
			return corpus.LoadEmbedded(ctx, copts, fn)
		}
		return corpus.LoadPaths(ctx, c.paths, copts, fn)
	}}
	if c.gc {
		return collectIndex(e, c.dir)
	}
	if c.backend != "" {
		return indexBackend(ctx, e, c, load)
	}
	if len(c.delete) > 0 {
		n, err := index.DeleteFrom(ctx, c.dir, c.delete...)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "deleted %d of %d reviews from %s\n", n, len(c.delete), c.dir)
		return nil
	}

	defer index.TuneGC()()
	src := load.Source
	opts := index.BuildOptions{BatchSize: c.batch, Shards: c.shards, Progress: e.stderr, Logger: logger, Aggregates: load.Aggregates}
	if c.add {
		stats, err := index.AddTo(ctx, c.dir, src, opts)
		printCorpusReport(e, load.Report)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "%d reviews added, %d of them replacing indexed ones\n", stats.Reviews, stats.Replaced)
		return nil
	}
	stats, err := index.Build(ctx, c.dir, src, opts)
	printCorpusReport(e, load.Report)
	if err != nil {
		return err
	}
	if stats.Duplicates > 0 {
		fmt.Fprintf(e.stderr, "%d reviews skipped: their ID was seen earlier in the input\n", stats.Duplicates)
	}
	fmt.Fprintf(e.stderr, "index ready in %s\n", c.dir)
	return nil
}

// collectIndex implements "pullquote index --gc": it prints each path it
// removed, then a count.
func collectIndex(e env, dir string) error {
	removed, err := index.Collect(dir)
	for _, p := range removed {
		fmt.Fprintf(e.stderr, "removed %s\n", p)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s: %d removed, the live index kept\n", dir, len(removed))
	return nil
}

// printCorpusReport prints what the corpus load read and skipped.
func printCorpusReport(e env, rep *corpus.Report) {
	if rep == nil {
		return
	}
	fmt.Fprintf(e.stderr, "corpus: %d reviews from %d files, %d records skipped, %d warnings\n",
		rep.Reviews, rep.Files, len(rep.Skipped), len(rep.Warnings))
	const most = 10
	for i, s := range rep.Skipped {
		if i == most {
			fmt.Fprintf(e.stderr, "  ... and %d more (see pullquote corpus --stats)\n", len(rep.Skipped)-most)
			break
		}
		fmt.Fprintf(e.stderr, "  skipped %s\n", s.Error())
	}
}

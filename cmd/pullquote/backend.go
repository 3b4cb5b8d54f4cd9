package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

// backendFlag registers --backend, which names a Manticore or Sphinx
// cluster to use instead of an index directory (env PULLQUOTE_BACKEND).
func backendFlag(fs *flag.FlagSet, e env) *string {
	return fs.String("backend", e.getenv("PULLQUOTE_BACKEND"),
		"a Manticore or Sphinx cluster to use instead of the index directory: "+manticore.Scheme+"HOST:PORT[,HOST:PORT…]/INDEX (env PULLQUOTE_BACKEND; docs/scale-out.md)")
}

// openBackend opens pullquote's search over the cluster at backend.
func openBackend(ctx context.Context, backend string) (*searcher.Searcher, io.Closer, error) {
	addr, err := manticore.ParseAddress(backend)
	if err != nil {
		return nil, nil, fmt.Errorf("--backend: %w", err)
	}
	e, err := manticore.OpenEngine(ctx, addr)
	if err != nil {
		return nil, nil, err
	}
	return searcher.New(e), e, nil
}

// openSearcher opens the cluster at backend, or else the index in dir
// read-only.
func openSearcher(ctx context.Context, backend, dir string) (search.Searcher, io.Closer, error) {
	if backend != "" {
		return openBackend(ctx, backend)
	}
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		return nil, nil, err
	}
	return searcher.New(ix), ix, nil
}

// indexBackend writes what load reads into the cluster at backend (or
// deletes c.delete's reviews from it): every node of the cluster must be
// listed in the address.
func indexBackend(ctx context.Context, e env, c indexConfig, load *corpus.Loader) error {
	addr, err := manticore.ParseAddress(c.backend)
	if err != nil {
		return fmt.Errorf("index: --backend: %w", err)
	}
	nodes, err := manticore.Discover(ctx, addr)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	w, err := manticore.OpenWriter(nodes)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer w.Close()
	if len(c.delete) > 0 {
		n, err := w.Delete(ctx, c.delete...)
		if err != nil {
			return fmt.Errorf("index: %w", err)
		}
		fmt.Fprintf(e.stderr, "deleted %d of %d reviews from %s\n", n, len(c.delete), addr)
		return nil
	}
	st, err := w.Load(ctx, load.Source, manticore.LoadOptions{Batch: c.batch, Progress: e.stderr, Aggregates: load.Aggregates})
	printCorpusReport(e, load.Report)
	if err != nil {
		return fmt.Errorf("index: %w (the reviews written before stay)", err)
	}
	if st.Duplicates > 0 {
		fmt.Fprintf(e.stderr, "%d reviews skipped: their ID was seen earlier in the input\n", st.Duplicates)
	}
	fmt.Fprintf(e.stderr, "%d reviews written to %s in %s\n", st.Reviews, addr, st.Elapsed.Round(1e6))
	return nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

// backendFlag registers --backend, which names a cluster to use instead of
// an index directory (env PULLQUOTE_BACKEND).
func backendFlag(fs *flag.FlagSet, e env) *string {
	return fs.String("backend", e.getenv("PULLQUOTE_BACKEND"),
		"a cluster to use instead of the index directory: "+opensearch.Scheme+"HOST:PORT[,HOST:PORT…]/INDEX (or "+
			opensearch.SchemeTLS+"USER:PASSWORD@…) for OpenSearch, "+manticore.Scheme+"HOST:PORT[,HOST:PORT…]/INDEX for Manticore or Sphinx (env PULLQUOTE_BACKEND; docs/scale-out.md)")
}

// isOpenSearch reports whether backend names an OpenSearch cluster.
func isOpenSearch(backend string) bool {
	return strings.HasPrefix(backend, opensearch.Scheme) || strings.HasPrefix(backend, opensearch.SchemeTLS)
}

// openBackend opens pullquote's search over the cluster at backend, and
// names the cluster as it may be logged (no password).
func openBackend(ctx context.Context, e env, backend string) (*searcher.Searcher, io.Closer, string, error) {
	var eng engine.Engine
	var closer io.Closer = nopCloser{}
	var name string
	if isOpenSearch(backend) {
		addr, err := opensearch.ParseAddress(backend, e.getenv)
		if err != nil {
			return nil, nil, "", fmt.Errorf("--backend: %w", err)
		}
		os, err := opensearch.Open(ctx, addr)
		if err != nil {
			return nil, nil, "", err
		}
		eng, name = os, addr.String()
	} else {
		addr, err := manticore.ParseAddress(backend)
		if err != nil {
			return nil, nil, "", fmt.Errorf("--backend: %w", err)
		}
		m, err := manticore.OpenEngine(ctx, addr)
		if err != nil {
			return nil, nil, "", err
		}
		eng, closer, name = m, m, addr.String()
	}
	return searcher.New(eng), closer, name, nil
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// openSearcher opens the cluster at backend, or else the index in dir
// read-only.
func openSearcher(ctx context.Context, e env, backend, dir string) (search.Searcher, io.Closer, error) {
	if backend != "" {
		s, closer, _, err := openBackend(ctx, e, backend)
		return s, closer, err
	}
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		return nil, nil, err
	}
	return searcher.New(ix), ix, nil
}

// indexBackend writes what load reads into the cluster at backend (or
// deletes c.delete's reviews from it).
func indexBackend(ctx context.Context, e env, c indexConfig, load *corpus.Loader) error {
	if isOpenSearch(c.backend) {
		return indexOpenSearch(ctx, e, c, load)
	}
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

// indexOpenSearch builds a new index on the OpenSearch cluster and swaps
// it in, or with --add writes into the live one, or deletes reviews.
func indexOpenSearch(ctx context.Context, e env, c indexConfig, load *corpus.Loader) error {
	addr, err := opensearch.ParseAddress(c.backend, e.getenv)
	if err != nil {
		return fmt.Errorf("index: --backend: %w", err)
	}
	if len(c.delete) > 0 {
		n, err := opensearch.Delete(ctx, addr, c.delete...)
		if err != nil {
			return fmt.Errorf("index: %w", err)
		}
		fmt.Fprintf(e.stderr, "deleted %d paragraphs of %d reviews from %s\n", n, len(c.delete), addr)
		return nil
	}
	opts := opensearch.LoadOptions{Batch: c.batch, Progress: e.stderr, Aggregates: load.Aggregates,
		Index: opensearch.IndexOptions{Shards: c.shards, Replicas: c.replicas}}
	write, verb := opensearch.Build, "built and swapped in behind"
	if c.add {
		write, verb = opensearch.Add, "written to"
	}
	st, err := write(ctx, addr, load.Source, opts)
	printCorpusReport(e, load.Report)
	if err != nil {
		if c.add {
			return fmt.Errorf("index: %w (the reviews written before stay)", err)
		}
		return fmt.Errorf("index: %w (the live index is as it was)", err)
	}
	if st.Duplicates > 0 {
		fmt.Fprintf(e.stderr, "%d reviews skipped: their ID was seen earlier in the input\n", st.Duplicates)
	}
	fmt.Fprintf(e.stderr, "%d reviews (%d paragraphs) %s %s in %s (%.0f paragraphs/s)\n", st.Reviews, st.Paragraphs, verb, addr, st.Elapsed.Round(1e6), st.Rate())
	return nil
}

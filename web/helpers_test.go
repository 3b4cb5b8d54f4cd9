package web

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/opensearch/opensearchtest"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// BuildIndex builds an index of what src yields in a temporary directory,
// opens it read-only, as a server does, and returns pullquote's search
// over it; it is closed when the test ends. Exported for the web_test
// files.
func BuildIndex(tb testing.TB, src corpus.Source, opts index.BuildOptions) *searcher.Searcher {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := index.Build(context.Background(), dir, src, opts); err != nil {
		tb.Fatalf("build index: %v", err)
	}
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		tb.Fatalf("open index: %v", err)
	}
	tb.Cleanup(func() { ix.Close() })
	return searcher.New(ix)
}

// EmbeddedIndex is BuildIndex of the embedded corpus, with its pages'
// aggregates.
func EmbeddedIndex(tb testing.TB) *searcher.Searcher {
	tb.Helper()
	load := &corpus.Loader{Load: func(ctx context.Context, fn func(corpus.Review) error) (*corpus.Report, error) {
		return corpus.LoadEmbedded(ctx, corpus.Options{}, fn)
	}}
	return BuildIndex(tb, load.Source, index.BuildOptions{Aggregates: load.Aggregates})
}

// TestBackendEnv names the environment variable that runs the tests over
// a real index (the browser, facet and robustness tests) on another
// backend: "manticore" writes their corpus into a cluster of three real
// searchd and searches it through SphinxQL (scripts/test.sh runs them so
// a second time); empty, the embedded Bleve index.
const TestBackendEnv = "PULLQUOTE_TEST_BACKEND"

// OnManticore reports whether the tests run on the Manticore backend.
func OnManticore() bool { return os.Getenv(TestBackendEnv) == "manticore" }

// OnOpenSearch reports whether the tests run on the OpenSearch backend.
func OnOpenSearch() bool { return os.Getenv(TestBackendEnv) == "opensearch" }

// Backend is what src yields, searchable on the backend TestBackendEnv
// names: BuildIndex's index, a three-shard Manticore cluster's, or an
// index on one OpenSearch node.
func Backend(tb testing.TB, src corpus.Source, opts index.BuildOptions) search.Searcher {
	tb.Helper()
	switch b := os.Getenv(TestBackendEnv); b {
	case "":
		return BuildIndex(tb, src, opts)
	case "manticore":
		manticoretest.NeedSearchd(tb)
		s, _ := manticoretest.Searcher(tb, manticore.Cluster{Shards: 3, Replicas: 1}, src,
			manticore.LoadOptions{Batch: index.DefaultBatchSize, Aggregates: opts.Aggregates})
		return s
	case "opensearch":
		return openSearchBackend(tb, src, opts)
	default:
		tb.Fatalf("%s=%q: want manticore, opensearch or nothing", TestBackendEnv, b)
		return nil
	}
}

// EmbeddedBackend is Backend of the embedded corpus, with its pages'
// aggregates.
func EmbeddedBackend(tb testing.TB) search.Searcher {
	tb.Helper()
	load := &corpus.Loader{Load: func(ctx context.Context, fn func(corpus.Review) error) (*corpus.Report, error) {
		return corpus.LoadEmbedded(ctx, corpus.Options{}, fn)
	}}
	return Backend(tb, load.Source, index.BuildOptions{Aggregates: load.Aggregates})
}

// get serves one GET request through h and returns the response.
func get(tb testing.TB, h http.Handler, target string, header ...string) *http.Response {
	tb.Helper()
	return do(tb, h, http.MethodGet, target, header...)
}

func do(tb testing.TB, h http.Handler, method, target string, header ...string) *http.Response {
	tb.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(tb testing.TB, resp *http.Response) string {
	tb.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// decode reads a JSON body into a generic value.
func decode(tb testing.TB, resp *http.Response) map[string]any {
	tb.Helper()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		tb.Fatalf("decode JSON: %v", err)
	}
	return v
}

// newTestHandler returns a handler over a fresh fake, logging into a buffer.
func newTestHandler(tb testing.TB, opts Options) (http.Handler, *fakeSearcher, *bytes.Buffer) {
	tb.Helper()
	f := newFake()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	return NewHandler(logger, f, opts), f, &logs
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs from the golden file (run go test -update after checking):\n got %s\nwant %s", path, got, want)
	}
}

// httptestRequest is a GET of target from the peer address remote, with
// header pairs.
func httptestRequest(target, remote string, header ...string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return req
}

// serve runs req through h.
func serve(h http.Handler, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// serveStatus is the status of a GET of target from remote.
func serveStatus(h http.Handler, target, remote string) int {
	return serve(h, httptestRequest(target, remote)).StatusCode
}

// openSearchNode is the OpenSearch node the web tests share (started by
// the first test that needs it; stopped when the package's tests end).
var openSearchNode struct {
	once    sync.Once
	cluster *opensearchtest.Cluster
	indexes int
	mu      sync.Mutex
}

// openSearchBackend builds what src yields into a new index on the shared
// node and returns pullquote's search over it.
func openSearchBackend(tb testing.TB, src corpus.Source, opts index.BuildOptions) search.Searcher {
	tb.Helper()
	opensearchtest.Need(tb)
	n := &openSearchNode
	n.once.Do(func() { n.cluster = opensearchtest.StartShared(1) })
	if n.cluster == nil {
		tb.Fatal("the shared OpenSearch node did not start")
	}
	n.mu.Lock()
	n.indexes++
	addr := n.cluster.Address
	addr.Index = fmt.Sprintf("web%d", n.indexes)
	n.mu.Unlock()
	ctx := context.Background()
	if _, err := opensearch.Build(ctx, addr, src, opensearch.LoadOptions{Aggregates: opts.Aggregates, Index: opensearch.IndexOptions{Shards: 2}}); err != nil {
		tb.Fatal(err)
	}
	e, err := opensearch.Open(ctx, addr)
	if err != nil {
		tb.Fatal(err)
	}
	return searcher.New(e)
}

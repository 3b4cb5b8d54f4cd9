package opensearch_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/opensearch/opensearchtest"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/searcher"
)

// A search of several long words asks the cluster whether it holds them
// in one request, not one a word (engine.Priming): a misremembered quote
// of eight words was eight round trips before its search.
func TestWordsLookedUpTogether(t *testing.T) {
	c := opensearchtest.Start(t, 1)
	build(t, c.Address, enginetest.Embedded(t), 1, 0)
	node, err := url.Parse("http://" + c.Address.Nodes[0])
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var bodies []string
	proxy := httputil.NewSingleHostReverseProxy(node)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		mu.Lock()
		bodies = append(bodies, r.URL.Path+" "+string(b))
		mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	addr := c.Address
	addr.Nodes = []string{strings.TrimPrefix(srv.URL, "http://")}
	e, err := opensearch.Open(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	s := searcher.New(e)
	mu.Lock()
	bodies = nil
	mu.Unlock()
	resp, err := s.Search(context.Background(), search.Request{Query: "thrilling unfinished symphony dissident story"})
	if err != nil || resp.Total == 0 {
		t.Fatalf("search: %v, %+v", err, resp)
	}
	mu.Lock()
	defer mu.Unlock()
	single, together := 0, 0
	for _, b := range bodies {
		switch {
		case strings.Contains(b, `"counts"`) && strings.Contains(b, `"text.exact"`):
			together++
		case strings.Contains(b, `"track_total_hits":1`) && strings.Contains(b, `"text.exact"`):
			single++
		}
	}
	if together != 1 || single != 0 {
		t.Errorf("%d lookups of all the words and %d of one word, want 1 and 0; requests:\n%s", together, single, strings.Join(bodies, "\n"))
	}
}

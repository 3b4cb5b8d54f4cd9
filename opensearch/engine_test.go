package opensearch_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/opensearch"
	"github.com/pullquote/pullquote/opensearch/opensearchtest"
	"github.com/pullquote/pullquote/searcher"
)

// The OpenSearch engine passes the engine suite on a real node.
func TestEngineSuite(t *testing.T) {
	c := opensearchtest.Start(t, 1)
	n := 0
	enginetest.Run(t, enginetest.Config{
		Search: func(e engine.Engine) enginetest.Searcher { return searcher.New(e) },
		Open: func(t *testing.T, rs []corpus.Review, stated []corpus.Aggregate) engine.Engine {
			n++
			addr := c.Address
			addr.Index = fmt.Sprintf("suite%d", n)
			ctx := context.Background()
			if _, err := opensearch.Build(ctx, addr, corpus.Reviews(rs), opensearch.LoadOptions{
				Aggregates: func() []corpus.Aggregate { return stated },
				// One shard: each shard scores with its own statistics, and
				// on a corpus this small two shards' near-ties fall
				// otherwise; counts over several shards are tested on
				// three nodes (fault_test.go) and by the web tests.
				Index: opensearch.IndexOptions{Shards: 1},
				// One request at a time: documents keep the input's order,
				// which breaks ties in score, so the test is repeatable.
				Workers: 1,
			}); err != nil {
				t.Fatal(err)
			}
			e, err := opensearch.Open(ctx, addr)
			if err != nil {
				t.Fatal(err)
			}
			return e
		},
		OwnRanking: "Lucene's BM25 counts a word's frequency as it is where Bleve's takes its square root, so a paragraph that says the word twice ranks above the shortest that says it once",
	})
}

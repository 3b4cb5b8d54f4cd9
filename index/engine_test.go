package index

import (
	"context"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/searcher"
)

// The Bleve index passes the engine suite: it answers as the fake that
// reads every paragraph, typos and all.
func TestEngineSuite(t *testing.T) {
	enginetest.Run(t, enginetest.Config{
		Search: func(e engine.Engine) enginetest.Searcher { return searcher.New(e) },
		Open: func(t *testing.T, rs []corpus.Review, stated []corpus.Aggregate) engine.Engine {
			dir := t.TempDir()
			opts := BuildOptions{Shards: 2, Aggregates: func() []corpus.Aggregate { return stated }}
			if _, err := Build(context.Background(), dir, corpus.Reviews(rs), opts); err != nil {
				t.Fatal(err)
			}
			ix, err := OpenReadOnly(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ix.Close() })
			return ix
		},
	})
}

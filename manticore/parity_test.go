package manticore_test

import (
	"testing"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"
	"github.com/pullquote/pullquote/searcher"

	"github.com/pullquote/pullquote/corpus"
)

// The Manticore backend passes the engine suite on three shards of real
// searchd: the same totals, facets, orders and film counts as the fake
// that reads every paragraph, but for what it is known to lack
// (docs/scale-out.md): typo variants and suggestions, and an any-words
// fallback that takes any word or phrase.
func TestEngineSuite(t *testing.T) {
	manticoretest.NeedSearchd(t)
	enginetest.Run(t, enginetest.Config{
		Search: func(e engine.Engine) enginetest.Searcher { return searcher.New(e) },
		Open: func(t *testing.T, rs []corpus.Review, stated []corpus.Aggregate) engine.Engine {
			e, _ := manticoretest.Engine(t, manticore.Cluster{Shards: 3, Replicas: 1}, corpus.Reviews(rs),
				manticore.LoadOptions{Batch: 2000, Aggregates: func() []corpus.Aggregate { return stated }})
			return e
		},
		NoTypos:       true,
		QuorumOfWords: true,
	})
}

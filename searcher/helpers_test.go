package searcher

import (
	"context"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/engine/enginetest"
	"github.com/pullquote/pullquote/search"
)

// The searcher's tests run on enginetest.Fake, an engine that reads every
// paragraph: what they check is the searcher's own work, whatever the
// engine (every real engine is held to the fake by enginetest.Run).

// newTestEngine returns a fake engine holding rs.
func newTestEngine(tb testing.TB, rs []corpus.Review) *enginetest.Fake {
	tb.Helper()
	return enginetest.NewFake(rs)
}

// embeddedIndex returns a fake engine holding the embedded corpus, and
// the corpus.
func embeddedIndex(tb testing.TB) (*enginetest.Fake, []corpus.Review) {
	tb.Helper()
	rs := enginetest.Embedded(tb)
	return newTestEngine(tb, rs), rs
}

func mustSearch(tb testing.TB, e engine.Engine, req search.Request) *search.Response {
	tb.Helper()
	resp, err := New(e).Search(context.Background(), req)
	if err != nil {
		tb.Fatalf("Search(%+v): %v", req, err)
	}
	return resp
}

// Package shared runs a piece of work once for all the callers that ask
// for it at once (golang.org/x/sync/singleflight), the way the answer
// cache and the film pages share a search or a page.
package shared

import (
	"context"
	"errors"

	"golang.org/x/sync/singleflight"
)

// Do runs work once for the callers that ask for key at once and gives
// each its result. A caller whose own context ends stops waiting; one
// whose work was given up because the caller running it left (its
// context canceled or past its deadline) runs it again under its own.
// work runs under the context of the caller that runs it.
func Do[T any](ctx context.Context, g *singleflight.Group, key string, work func(context.Context) (T, error)) (T, error) {
	var zero T
	for {
		ch := g.DoChan(key, func() (any, error) { return work(ctx) })
		select {
		case <-ctx.Done():
			return zero, ctx.Err()
		case r := <-ch:
			if r.Err != nil {
				if ctx.Err() == nil && (errors.Is(r.Err, context.Canceled) || errors.Is(r.Err, context.DeadlineExceeded)) {
					continue // the runner's client left, not ours
				}
				return zero, r.Err
			}
			return r.Val.(T), nil
		}
	}
}

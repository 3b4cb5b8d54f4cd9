package corpus

import "context"

// Source yields reviews to index, calling fn once per review, and stops at
// the first error fn returns. For example:
//
//	src := func(ctx context.Context, fn func(Review) error) error {
//		_, err := LoadEmbedded(ctx, Options{}, fn)
//		return err
//	}
type Source func(ctx context.Context, fn func(Review) error) error

// Reviews returns a Source that yields rs.
func Reviews(rs []Review) Source {
	return func(ctx context.Context, fn func(Review) error) error {
		for _, r := range rs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// Loader adapts a load (a call of LoadEmbedded or
// LoadPaths) to an index build or a cluster load: pass Source as the
// source and Aggregates as the aggregates (index.BuildOptions). Report
// holds the load's report once it has run.
type Loader struct {
	Load   func(ctx context.Context, fn func(Review) error) (*Report, error)
	Report *Report
}

// Source runs the load (a Source).
func (l *Loader) Source(ctx context.Context, fn func(Review) error) error {
	rep, err := l.Load(ctx, fn)
	l.Report = rep
	return err
}

// Aggregates returns the aggregates the load's pages stated.
func (l *Loader) Aggregates() []Aggregate {
	if l.Report == nil {
		return nil
	}
	return l.Report.Aggregates
}

package corpus

import "context"

// Batches reads src and hands fn its reviews in batches of at least size
// indexable paragraphs (the last may hold fewer), each batch a slice of
// its own that fn may keep. A review whose ID came earlier in the input is
// skipped, the first kept, as an index build keeps it; Batches returns how
// many were. It stops at the first error of src or fn.
func Batches(ctx context.Context, src Source, size int, fn func([]Review) error) (duplicates int, err error) {
	seen := map[string]bool{}
	var pending []Review
	n := 0
	err = src(ctx, func(r Review) error {
		if seen[r.ID] {
			duplicates++
			return nil
		}
		seen[r.ID] = true
		pending = append(pending, r)
		if n += Indexable(r.Paragraphs); n >= size {
			b := pending
			pending, n = nil, 0
			return fn(b)
		}
		return nil
	})
	if err == nil && len(pending) > 0 {
		err = fn(pending)
	}
	return duplicates, err
}

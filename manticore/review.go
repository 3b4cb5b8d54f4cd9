package manticore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Review returns one whole review: its paragraphs, looked up by their
// document IDs (paragraph IDs hashed, as the writer wrote them), and its
// record. Its first lookAhead paragraphs are asked for first; any of its
// rows says how many it has, and the rest are asked for then.
//
// A review is on one shard. While no replica of that shard answers, the
// error wraps search.ErrUnavailable, naming it: the review may well be
// there, so it is not reported missing (ErrNotFound), nor returned
// without the paragraphs the shard holds. Shards that do not answer but
// hold other reviews cost the lookup the agent timeout, nothing more.
func (e *Engine) Review(ctx context.Context, id string) (*corpus.Review, error) {
	var rev *corpus.Review
	var paragraphs []string
	n := 0 // the review's paragraphs, as its rows say
	read := func(from, to int) error {
		st := &statement{
			sql: fmt.Sprintf("SELECT paragraph, paragraphs, body, review, review_id FROM %s WHERE id IN (%s) LIMIT 0, %d OPTION max_matches=%d",
				e.addr.Index, strings.Join(paragraphDocIDs(id, from, to), ","), to-from, max(1000, to-from)),
			scan: func(rows *sql.Rows) error {
				var p, count int
				var body, record, rid string
				if err := rows.Scan(&p, &count, &body, &record, &rid); err != nil {
					return err
				}
				if rid != id {
					return nil // another paragraph's ID hashed alike
				}
				if rev == nil {
					rev = &corpus.Review{}
					if err := json.Unmarshal([]byte(record), rev); err != nil {
						return fmt.Errorf("review %s: record: %w", id, err)
					}
				}
				n = max(n, count)
				for len(paragraphs) <= p {
					paragraphs = append(paragraphs, "")
				}
				paragraphs[p] = body
				return nil
			},
		}
		known := rev != nil
		missing, err := e.runAll(ctx, []*statement{st}, func() {})
		switch {
		case err != nil:
			return fmt.Errorf("%s: review %s: %w", e.addr, id, err)
		case rev != nil && !known:
			return nil // the first row of the review: its shard answered
		case e.lacks(missing, id):
			return e.unavailable("review "+id, missing)
		}
		return nil
	}
	if err := read(0, lookAhead); err != nil {
		return nil, err
	}
	if rev == nil {
		return nil, fmt.Errorf("review %q: %w", id, search.ErrNotFound)
	}
	if n > lookAhead {
		if err := read(lookAhead, n); err != nil {
			return nil, err
		}
	}
	for len(paragraphs) < n {
		paragraphs = append(paragraphs, "") // blank ones, not indexed
	}
	rev.Paragraphs = paragraphs
	return rev, nil
}

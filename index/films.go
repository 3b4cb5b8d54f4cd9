package index

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
	bolt "go.etcd.io/bbolt"
)

var (
	// bucketFilms holds a filmRecord per work, kept by every put and del.
	bucketFilms = []byte("films")
	// bucketAggregates holds the aggregates the pages stated, by work,
	// site, kind and label.
	bucketAggregates = []byte("aggregates")
)

// filmRecord counts what the store holds of one work. put adds a review
// to it and del takes it out again, in the transaction that writes the
// review, so it never disagrees with the reviews.
type filmRecord struct {
	Reviews    int                       `json:"reviews"`
	Paragraphs int                       `json:"paragraphs"`
	Sites      map[string]map[string]int `json:"sites"`            // site → kind → reviews
	Scores     map[string]int            `json:"scores,omitempty"` // normalised score → reviews
	Days       map[string]int            `json:"days,omitempty"`   // YYYY-MM-DD → reviews
}

// dayLayout keys filmRecord.Days.
const dayLayout = "2006-01-02"

// count adds (sign 1) or removes (sign -1) a review with n indexed
// paragraphs.
func (f *filmRecord) count(r *corpus.Review, n, sign int) {
	f.Reviews += sign
	f.Paragraphs += sign * n
	if f.Sites == nil {
		f.Sites = map[string]map[string]int{}
	}
	kinds := f.Sites[r.Site]
	if kinds == nil {
		kinds = map[string]int{}
		f.Sites[r.Site] = kinds
	}
	bump(kinds, string(r.Kind), sign)
	if len(kinds) == 0 {
		delete(f.Sites, r.Site)
	}
	if r.Score != nil {
		if f.Scores == nil {
			f.Scores = map[string]int{}
		}
		bump(f.Scores, strconv.FormatFloat(r.Score.Value, 'f', -1, 64), sign)
	}
	if !r.Date.IsZero() {
		if f.Days == nil {
			f.Days = map[string]int{}
		}
		bump(f.Days, r.Date.UTC().Format(dayLayout), sign)
	}
}

// bump adds d to m[k], deleting the key when it reaches 0.
func bump(m map[string]int, k string, d int) {
	if m[k] += d; m[k] <= 0 {
		delete(m, k)
	}
}

// filmDeltas gathers a transaction's changes to film records, to write
// each touched record once.
type filmDeltas map[string][]filmDelta

type filmDelta struct {
	review *corpus.Review
	n      int
	sign   int
}

func (d filmDeltas) add(r *corpus.Review, n, sign int) {
	if r.Work == "" {
		return // a review of no named film is on no film page
	}
	d[r.Work] = append(d[r.Work], filmDelta{r, n, sign})
}

// apply writes the changes into the films bucket of tx.
func (d filmDeltas) apply(tx *bolt.Tx) error {
	b := tx.Bucket(bucketFilms)
	for _, work := range slices.Sorted(maps.Keys(d)) {
		var f filmRecord
		if data := b.Get([]byte(work)); data != nil {
			if err := json.Unmarshal(data, &f); err != nil {
				return fmt.Errorf("decode film record %q: %w", work, err)
			}
		}
		for _, c := range d[work] {
			f.count(c.review, c.n, c.sign)
		}
		if f.Reviews <= 0 {
			if err := b.Delete([]byte(work)); err != nil {
				return fmt.Errorf("delete film record %q: %w", work, err)
			}
			continue
		}
		data, err := json.Marshal(f)
		if err != nil {
			return fmt.Errorf("encode film record %q: %w", work, err)
		}
		if err := b.Put([]byte(work), data); err != nil {
			return fmt.Errorf("store film record %q: %w", work, err)
		}
	}
	return nil
}

// aggregateKey keys an aggregate: a page stating the same score of the same
// work again (a re-import, an updated page) replaces it.
func aggregateKey(a corpus.Aggregate) []byte {
	return []byte(strings.Join([]string{a.Work, a.Site, string(a.Kind), a.Label}, "\x00"))
}

// putAggregates keeps the aggregates the pages stated, replacing those with
// the same key. Aggregates of no named work are left out.
func (s *store) putAggregates(aggs []corpus.Aggregate) error {
	if len(aggs) == 0 {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAggregates)
		for _, a := range aggs {
			if a.Work == "" {
				continue
			}
			data, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("encode aggregate of %q: %w", a.Work, err)
			}
			if err := b.Put(aggregateKey(a), data); err != nil {
				return fmt.Errorf("store aggregate of %q: %w", a.Work, err)
			}
		}
		return nil
	})
}

// films reads every film record and stated aggregate.
func (s *store) films() ([]search.FilmCounts, error) {
	films := search.FilmTally{}
	err := s.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketFilms).ForEach(func(k, v []byte) error {
			var rec filmRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("decode film record %q: %w", k, err)
			}
			f := films.Film(string(k))
			f.Reviews, f.Paragraphs = rec.Reviews, rec.Paragraphs
			for site, kinds := range rec.Sites {
				for kind, n := range kinds {
					f.Sites = append(f.Sites, search.SiteKindCount{Site: site, Kind: kind, Reviews: n})
				}
			}
			for v, n := range rec.Scores {
				score, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return fmt.Errorf("film record %q: score %q: %w", k, v, err)
				}
				f.Scores = append(f.Scores, search.ScoreCount{Score: score, Reviews: n})
			}
			for d, n := range rec.Days {
				day, err := time.Parse(dayLayout, d)
				if err != nil {
					return fmt.Errorf("film record %q: day %q: %w", k, d, err)
				}
				f.Days = append(f.Days, search.DayCount{Day: day, Reviews: n})
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketAggregates).ForEach(func(k, v []byte) error {
			var a corpus.Aggregate
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("decode aggregate %q: %w", k, err)
			}
			f := films.Film(a.Work)
			f.Stated = append(f.Stated, a)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return films.Films(), nil
}

// Films returns what the index holds of every film: the aggregates its
// pages stated and the counts of its reviews (search.FilmLister).
func (ix *Index) Films(ctx context.Context) ([]search.FilmCounts, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fs, err := ix.store.films()
	if err != nil {
		return nil, fmt.Errorf("films of index %s: %w", ix.dir, err)
	}
	return fs, nil
}

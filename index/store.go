package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/golang/snappy"
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
	bolt "go.etcd.io/bbolt"
)

// storeFile is the side store's file name inside a generation directory.
const storeFile = "store.bolt"

var (
	bucketReviews    = []byte("reviews")
	bucketParagraphs = []byte("paragraphs")
)

// store is the side store: what is shown but not searched. It keeps each
// review's record (without its paragraphs) and each paragraph's text, keyed
// by review ID and paragraph ID.
type store struct {
	db *bolt.DB
}

// storedReview is a review record as kept in the store: the review without
// its paragraphs, and how many it has.
type storedReview struct {
	corpus.Review
	N int `json:"n"`
}

// storedParagraph is one paragraph with its review's fields, as the
// searcher needs it to fill a search.Hit.
type storedParagraph struct {
	ID        string
	ReviewID  string
	Paragraph int
	Text      string
	// Review is the paragraph's review without its Paragraphs.
	Review *corpus.Review
}

// hit returns a search.Hit filled from p (no highlight, relevance or Also).
func (p storedParagraph) hit() search.Hit {
	return search.HitOf(p.Review, p.ID, p.Paragraph, p.Text)
}

// splitParagraphID splits a paragraph ID into its review ID and position.
func splitParagraphID(id string) (string, int, error) {
	k := strings.LastIndexByte(id, '-')
	if k < 0 {
		return "", 0, fmt.Errorf("paragraph ID %q: no position: %w", id, search.ErrNotFound)
	}
	n, err := strconv.Atoi(id[k+1:])
	if err != nil || n < 0 {
		return "", 0, fmt.Errorf("paragraph ID %q: bad position: %w", id, search.ErrNotFound)
	}
	return id[:k], n, nil
}

// openStore opens (creating if need be) the store file at path.
func openStore(path string, readOnly bool) (*store, error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: readOnly})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("open store %s: in use by another pullquote process", path)
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if !readOnly {
		err = db.Update(func(tx *bolt.Tx) error {
			for _, b := range [][]byte{bucketReviews, bucketParagraphs, bucketFilms, bucketAggregates} {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("init store %s: %w", path, err)
		}
	}
	return &store{db: db}, nil
}

func (s *store) close() error { return s.db.Close() }

// put writes reviews and their paragraphs in one transaction, and counts
// them in their films' records. It does not remove what an older version
// of a review had: call del first when replacing.
func (s *store) put(reviews []corpus.Review) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		rb, pb := tx.Bucket(bucketReviews), tx.Bucket(bucketParagraphs)
		rb.FillPercent, pb.FillPercent = 0.9, 0.9
		films := filmDeltas{}
		for i := range reviews {
			r := &reviews[i]
			films.add(r, corpus.Indexable(r.Paragraphs), 1)
			rec := storedReview{Review: *r, N: len(r.Paragraphs)}
			rec.Paragraphs = nil
			data, err := json.Marshal(rec)
			if err != nil {
				return fmt.Errorf("encode review %s: %w", r.ID, err)
			}
			if err := rb.Put([]byte(r.ID), data); err != nil {
				return fmt.Errorf("store review %s: %w", r.ID, err)
			}
			for j, p := range r.Paragraphs {
				if err := pb.Put([]byte(corpus.ParagraphID(r.ID, j)), snappy.Encode(nil, []byte(p))); err != nil {
					return fmt.Errorf("store paragraph %s: %w", corpus.ParagraphID(r.ID, j), err)
				}
			}
		}
		return films.apply(tx)
	})
}

// del removes reviews and their paragraphs, and takes them out of their
// films' records, returning for each removed review how many paragraphs it
// had (IDs not found are left out).
func (s *store) del(ids []string) (map[string]int, error) {
	removed := make(map[string]int)
	err := s.db.Update(func(tx *bolt.Tx) error {
		rb, pb := tx.Bucket(bucketReviews), tx.Bucket(bucketParagraphs)
		films := filmDeltas{}
		for _, id := range ids {
			data := rb.Get([]byte(id))
			if data == nil {
				continue
			}
			var rec storedReview
			if err := json.Unmarshal(data, &rec); err != nil {
				return fmt.Errorf("decode review %s: %w", id, err)
			}
			indexed := 0
			for j := 0; j < rec.N; j++ {
				key := []byte(corpus.ParagraphID(id, j))
				if text, err := decodeText(pb.Get(key)); err == nil && !corpus.Blank(text) {
					indexed++
				}
				if err := pb.Delete(key); err != nil {
					return err
				}
			}
			films.add(&rec.Review, indexed, -1)
			if err := rb.Delete([]byte(id)); err != nil {
				return err
			}
			removed[id] = rec.N
		}
		return films.apply(tx)
	})
	return removed, err
}

// review reads one review with its paragraphs.
func (s *store) review(id string) (*corpus.Review, error) {
	var r *corpus.Review
	err := s.db.View(func(tx *bolt.Tx) error {
		rec, err := getReview(tx, id)
		if err != nil {
			return err
		}
		pb := tx.Bucket(bucketParagraphs)
		rec.Paragraphs = make([]string, rec.N)
		for j := range rec.N {
			text, err := decodeText(pb.Get([]byte(corpus.ParagraphID(id, j))))
			if err != nil {
				return fmt.Errorf("review %s paragraph %d: %w", id, j, err)
			}
			rec.Paragraphs[j] = text
		}
		r = &rec.Review
		return nil
	})
	return r, err
}

func getReview(tx *bolt.Tx, id string) (*storedReview, error) {
	data := tx.Bucket(bucketReviews).Get([]byte(id))
	if data == nil {
		return nil, fmt.Errorf("review %q: %w", id, search.ErrNotFound)
	}
	var rec storedReview
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("decode review %s: %w", id, err)
	}
	return &rec, nil
}

// paragraphs reads paragraphs by ID, in the order given, each with its
// review's fields. A missing ID fails with an error wrapping
// search.ErrNotFound.
func (s *store) paragraphs(ids []string) ([]storedParagraph, error) {
	out := make([]storedParagraph, 0, len(ids))
	err := s.db.View(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bucketParagraphs)
		reviews := make(map[string]*corpus.Review)
		for _, id := range ids {
			rid, n, err := splitParagraphID(id)
			if err != nil {
				return err
			}
			data := pb.Get([]byte(id))
			if data == nil {
				return fmt.Errorf("paragraph %q: %w", id, search.ErrNotFound)
			}
			text, err := decodeText(data)
			if err != nil {
				return fmt.Errorf("paragraph %s: %w", id, err)
			}
			r := reviews[rid]
			if r == nil {
				rec, err := getReview(tx, rid)
				if err != nil {
					return err
				}
				r = &rec.Review
				reviews[rid] = r
			}
			out = append(out, storedParagraph{ID: id, ReviewID: rid, Paragraph: n, Text: text, Review: r})
		}
		return nil
	})
	return out, err
}

// text returns one paragraph's text.
func (s *store) text(id string) (string, error) {
	var text string
	err := s.db.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketParagraphs).Get([]byte(id))
		if data == nil {
			return fmt.Errorf("paragraph %q: %w", id, search.ErrNotFound)
		}
		var err error
		text, err = decodeText(data)
		return err
	})
	return text, err
}

// decodeText decodes a paragraph's stored text (Snappy-compressed).
func decodeText(data []byte) (string, error) {
	text, err := snappy.Decode(nil, data)
	if err != nil {
		return "", fmt.Errorf("corrupt stored text: %w", err)
	}
	return string(text), nil
}

// compactStore rewrites the store file at path densely (full pages, no
// free space), for a finished build.
func compactStore(path string) error {
	tmp := path + ".compact"
	src, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("compact store %s: %w", path, err)
	}
	defer src.Close()
	dst, err := bolt.Open(tmp, 0o644, &bolt.Options{Timeout: 2 * time.Second, NoSync: true})
	if err != nil {
		return fmt.Errorf("compact store %s: %w", path, err)
	}
	var size int64
	err = bolt.Compact(dst, src, 64<<20)
	if err == nil {
		err = dst.Sync()
	}
	if err == nil {
		err = dst.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// bbolt grows its file in large steps; drop the unused tail.
		err = os.Truncate(tmp, size)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compact store %s: %w", path, err)
	}
	return nil
}

// count returns the numbers of reviews and paragraphs in the store.
func (s *store) count() (reviews, paragraphs int, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		reviews = tx.Bucket(bucketReviews).Stats().KeyN
		paragraphs = tx.Bucket(bucketParagraphs).Stats().KeyN
		return nil
	})
	return reviews, paragraphs, err
}

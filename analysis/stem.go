package analysis

import (
	"hash/maphash"
	"sync"

	"github.com/kljensen/snowball/english"
)

// stemShards and stemShardCap bound the stem memo: at most
// stemShards*stemShardCap words are remembered.
const (
	stemShards   = 64
	stemShardCap = 4096
)

// Stemmer stems lower-case English words with Snowball (Porter2, as
// github.com/kljensen/snowball implements it). Stemming is the hot spot of
// analysis, and vocabularies are Zipfian, so it remembers word → stem in a
// bounded, sharded memo that is safe for concurrent use.
type Stemmer struct {
	seed   maphash.Seed
	shards [stemShards]stemShard
}

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
}

// NewStemmer returns a stemmer with an empty memo.
func NewStemmer() *Stemmer {
	return &Stemmer{seed: maphash.MakeSeed()}
}

// Stem returns the stem of a lower-case word. Words of one or two bytes
// are their own stems.
func (s *Stemmer) Stem(word string) string {
	if len(word) <= 2 {
		return word
	}
	return s.stem([]byte(word))
}

// stem returns word's stem (of three bytes or more), from the memo when it
// can.
func (s *Stemmer) stem(word []byte) string {
	sh := &s.shards[maphash.Bytes(s.seed, word)%stemShards]
	sh.mu.RLock()
	stem, ok := sh.m[string(word)]
	sh.mu.RUnlock()
	if ok {
		return stem
	}
	w := string(word)
	stem = english.Stem(w, true)
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= stemShardCap {
		// Forget everything in this shard rather than track recency: the
		// frequent words come straight back.
		sh.m = make(map[string]string, 256)
	}
	sh.m[w] = stem
	sh.mu.Unlock()
	return stem
}

// stemTokens replaces each term but the keywords' with its stem.
func (s *Stemmer) stemTokens(toks []Token) {
	for i := range toks {
		t := &toks[i]
		if t.KeyWord || len(t.Term) <= 2 {
			continue
		}
		if stem := s.stem(t.Term); stem != string(t.Term) {
			if len(stem) <= len(t.Term) {
				t.Term = append(t.Term[:0], stem...)
			} else {
				t.Term = []byte(stem)
			}
		}
	}
}

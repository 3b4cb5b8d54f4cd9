package index

import (
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/kljensen/snowball/english"
)

// SnowballName is the name the memoised Snowball English stemmer is
// registered under in bleve's registry. bleve's own "stemmer_en_snowball"
// uses another implementation; this one uses github.com/kljensen/snowball.
const SnowballName = "pullquote_snowball_en"

// stemShards and stemShardCap bound the stem memo: at most
// stemShards*stemShardCap words are remembered.
const (
	stemShards   = 64
	stemShardCap = 4096
)

// SnowballFilter stems each token with the Snowball English stemmer,
// leaving tokens marked KeyWord alone. Stemming is the hot spot of
// analysis, and vocabularies are Zipfian, so it remembers word → stem in a
// bounded, sharded memo that is safe for concurrent use.
type SnowballFilter struct {
	seed   maphash.Seed
	shards [stemShards]stemShard
}

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
}

// NewSnowballFilter returns a stemmer with an empty memo.
func NewSnowballFilter() *SnowballFilter {
	return &SnowballFilter{seed: maphash.MakeSeed()}
}

// Filter replaces each token's term with its stem.
func (f *SnowballFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if tok.KeyWord || len(tok.Term) <= 2 {
			continue
		}
		stem := f.Stem(tok.Term)
		if stem != string(tok.Term) {
			tok.Term = append(tok.Term[:0], stem...)
		}
	}
	return input
}

// Stem returns the stem of a lower-case word, from the memo when it can.
func (f *SnowballFilter) Stem(word []byte) string {
	sh := &f.shards[maphash.Bytes(f.seed, word)%stemShards]
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

// stemOf returns word's stem as AnalyzerStemmed makes it with f (it
// leaves words of two letters alone).
func stemOf(f *SnowballFilter, word string) string {
	if len(word) <= 2 {
		return word
	}
	return f.Stem([]byte(word))
}

// SnowballFilterConstructor builds a SnowballFilter for bleve's registry.
func SnowballFilterConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
	return NewSnowballFilter(), nil
}

func init() {
	if err := registry.RegisterTokenFilter(SnowballName, SnowballFilterConstructor); err != nil {
		panic(err)
	}
}

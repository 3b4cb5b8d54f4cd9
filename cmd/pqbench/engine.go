package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// Engine names.
const (
	enginePullquote = "pullquote"
	engineBleve     = "bleve"
	engineSQLite    = "sqlite"
	enginePostgres  = "postgres"
	engineSphinx    = "sphinx"
	engineSphinx2   = "sphinx-2parts" // two index parts, two indexers, one distributed index
	// pullquote on its Manticore backend: one searchd, and three (a
	// distributed index over three local shards).
	enginePQSphinx  = "pullquote+sphinx"
	enginePQSphinx3 = "pullquote+sphinx-3"
	// pullquote on its OpenSearch backend, one node and three (one replica),
	// and OpenSearch's own faceted query on one node.
	enginePQOpenSearch  = "pullquote+opensearch"
	enginePQOpenSearch3 = "pullquote+opensearch-3"
	engineOpenSearch    = "opensearch"
)

// Query classes, in display order.
const (
	classWord     = "word"
	classThree    = "three"
	classPhrase   = "phrase"
	classTypo     = "typo"
	classQuote    = "quote"
	classFiltered = "filtered"
	// Drawn from real review text (the rt-pixar quotes), not the corpus:
	// the synthetic corpus is word salad, where every phrase is rare.
	classCommon = "common" // a phrase frequent in real reviews ("one of the best"), quoted
	classLine   = "line"   // a line of a real review, pasted as words
)

// corpusClasses are drawn from the corpus (drawQueries), the others from
// real text (realTextQueries).
var (
	corpusClasses = []string{classWord, classThree, classPhrase, classTypo, classQuote, classFiltered}
	classes       = append(slices.Clone(corpusClasses), classCommon, classLine)
)

var classNames = map[string]string{
	classWord:     "one common word",
	classThree:    "three words",
	classPhrase:   "a phrase",
	classTypo:     "a typo",
	classQuote:    "a misremembered quote",
	classFiltered: "words + outlet + score filter",
	classCommon:   "a common real phrase",
	classLine:     "a real line",
}

// query is one benchmark query, the same for every engine. Every query asks
// for the top 10 with highlighted fragments and the three facets (outlet
// top terms, score bands, years), each facet counted without its own filter.
type query struct {
	Class string   `json:"class"`
	Words []string `json:"words"` // lower-case words; a phrase when Class is phrase or common
	// Outlet and MinScore filter the filtered class; MinScore < 0 means none.
	Outlet   string  `json:"outlet,omitempty"`
	MinScore float64 `json:"min_score"`
}

func (q query) filtered() bool { return q.Outlet != "" }

// phrase reports whether the words are a "phrase", in order.
func (q query) phrase() bool { return q.Class == classPhrase || q.Class == classCommon }

// answer is what an engine returns for a query, checked for sameness of
// work across engines.
type answer struct {
	Total      int // matching paragraphs
	Hits       int // returned, at most 10
	Highlights int // hits with a <mark> in their fragment
	Outlets    int // outlet facet values
	Bands      int // non-zero score bands
	Years      int // non-zero years
}

// builder builds an engine's index from a corpus file into dir.
type builder interface {
	build(ctx context.Context, corpusPath, dir string) (paragraphs int, err error)
}

// booter is a builder that starts servers before it builds (a JVM
// cluster): the time they took to start is not counted as the build's.
type booter interface {
	booted() time.Duration
}

// querier answers queries over a built index.
type querier interface {
	query(ctx context.Context, q query) (answer, error)
	close() error
}

// para is one paragraph with the review fields the peers index.
type para struct {
	ID     string
	Text   string
	Outlet string
	Score  *float64
	Year   int // 0 when unknown
	Date   time.Time
}

// readCorpus streams the JSON Lines corpus at path, one review at a time.
func readCorpus(ctx context.Context, path string, fn func(corpus.Review) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open corpus: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if line%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var rv corpus.Review
		if err := json.Unmarshal(sc.Bytes(), &rv); err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if err := fn(rv); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// readParas streams the corpus as paragraphs: those pullquote indexes
// (corpus.Blank ones are not), so every peer holds the same.
func readParas(ctx context.Context, path string, fn func(para) error) error {
	return readCorpus(ctx, path, func(rv corpus.Review) error {
		for i, text := range rv.Paragraphs {
			if corpus.Blank(text) {
				continue
			}
			p := para{ID: fmt.Sprintf("%s/%d", rv.ID, i), Text: text, Outlet: rv.Outlet, Date: rv.Date}
			if rv.Score != nil {
				v := rv.Score.Value
				p.Score = &v
			}
			if !rv.Date.IsZero() {
				p.Year = rv.Date.Year()
			}
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	})
}

// bandMins are the minimums of the scored bands of search.ScoreBands, in
// its order; band index len(bandMins) is "no score".
var bandMins = func() []float64 {
	var out []float64
	for _, b := range search.ScoreBands {
		if !b.Missing {
			out = append(out, b.Min)
		}
	}
	return out
}()

// bandOf returns the band index of a score.
func bandOf(s *float64) int {
	if s == nil {
		return len(bandMins)
	}
	return slices.Index(bandMins, search.BandOf(*s))
}

// sqlBand is the SQL expression of a row's band index, from its score
// column: the peers count bands as search.ScoreBands has them.
func sqlBand(column string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CASE WHEN %s IS NULL THEN %d", column, len(bandMins))
	for i, m := range bandMins[:len(bandMins)-1] {
		fmt.Fprintf(&b, " WHEN %s >= %g THEN %d", column, m, i)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(bandMins)-1)
	return b.String()
}

package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pullquote/pullquote/analysis"

	"github.com/blevesearch/bleve/v2"
	"github.com/pullquote/pullquote/corpus"
)

// Index is an open index directory: the bleve index of paragraphs (one or
// more shards), the lexicon of its words and the side store of review
// records and paragraph text.
//
// The directory holds a CURRENT file naming the live generation, a
// subdirectory per generation (meta.json, store.bolt, words.fst, shard-N/), and a LOCK
// file that writers hold. Build writes a new generation beside the live
// one and switches CURRENT by rename, so readers never see a partial index.
type Index struct {
	dir    string
	gen    string
	meta   Meta
	shards []bleve.Index
	store  *store
	lex    atomic.Pointer[lexicon] // replaced by Add
	// an analyses text as the index did: a phrase's words checked in a
	// hit, the lexicon's words stemmed.
	an *analysis.Analyzer

	mu sync.Mutex // serialises Add and Delete
	// changes counts the starts and ends of Add and Delete (Version).
	changes atomic.Uint64

	facetCache facetCache  // whole-index facet counts, for browsing (facet_cache.go)
	columns    columnCache // facet values by document, per shard snapshot (facet_count.go)
}

// currentFile names the live generation inside an index directory.
const currentFile = "CURRENT"

// Open opens the index in dir. An index built with another SchemaVersion,
// or a directory with no index, gives an error telling the user to run
// `pullquote index`.
func Open(dir string) (*Index, error) { return open(dir, false) }

// OpenReadOnly opens the index in dir for reading only: any number of
// readers (a server, `pullquote search`, `pullquote check`) may have it
// open at once, and Add and Delete fail.
func OpenReadOnly(dir string) (*Index, error) { return open(dir, true) }

func open(dir string, readOnly bool) (*Index, error) {
	gen, err := currentGeneration(dir)
	if err != nil {
		return nil, err
	}
	return openGeneration(dir, gen, readOnly)
}

// openGeneration opens generation gen of the index in dir.
func openGeneration(dir, gen string, readOnly bool) (*Index, error) {
	genDir := filepath.Join(dir, gen)
	meta, err := readMeta(genDir, dir)
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dir, gen: gen, meta: meta, an: analysis.New()}
	// The store first: it fails after a short wait if another process has
	// the index open, where bleve would wait for ever.
	ix.store, err = openStore(filepath.Join(genDir, storeFile), readOnly)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	lex, err := readLexicon(genDir)
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("open index %s: %w: rebuild it with `pullquote index --index %s`", dir, err, dir)
	}
	ix.lex.Store(lex)
	for i := range meta.Shards {
		b, err := bleve.OpenUsing(shardPath(genDir, i), map[string]interface{}{"read_only": readOnly})
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("open index %s: shard %d: %w", dir, i, err)
		}
		ix.shards = append(ix.shards, b)
	}
	return ix, nil
}

// currentGeneration reads the name of the live generation of dir.
func currentGeneration(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("no index in %s: build one with `pullquote index --index %s`", dir, dir)
	}
	if err != nil {
		return "", fmt.Errorf("open index %s: %w", dir, err)
	}
	gen := strings.TrimSpace(string(data))
	if !strings.HasPrefix(gen, genPrefix) || strings.ContainsAny(gen, `/\`) {
		return "", fmt.Errorf("open index %s: %s names %q, not a generation: rebuild it with `pullquote index --index %s`", dir, currentFile, gen, dir)
	}
	return gen, nil
}

func shardPath(genDir string, i int) string {
	return filepath.Join(genDir, "shard-"+strconv.Itoa(i))
}

// Close closes the bleve index and the side store.
func (ix *Index) Close() error {
	var errs []error
	for i, s := range ix.shards {
		if err := s.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close index %s shard %d: %w", ix.dir, i, err))
		}
	}
	ix.shards = nil
	if ix.store != nil {
		if err := ix.store.close(); err != nil {
			errs = append(errs, fmt.Errorf("close index %s store: %w", ix.dir, err))
		}
		ix.store = nil
	}
	return errors.Join(errs...)
}

// Version names what the index holds: its generation and the adds and
// deletes made to it through ix. It moves when a write starts and again
// when it ends, so an answer computed while a write ran is never taken for
// an answer about either state (search/cache keys its answers by it).
func (ix *Index) Version() string {
	return ix.gen + "." + strconv.FormatUint(ix.changes.Load(), 10)
}

// Meta returns the index's metadata.
func (ix *Index) Meta() Meta { return ix.meta }

// Dir returns the index directory.
func (ix *Index) Dir() string { return ix.dir }

// Review returns one whole review by ID, or an error wrapping
// search.ErrNotFound.
func (ix *Index) Review(ctx context.Context, id string) (*corpus.Review, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ix.store.review(id)
}

// paragraph returns one paragraph's text and review fields by paragraph ID.
func (ix *Index) paragraph(id string) (storedParagraph, error) {
	ps, err := ix.store.paragraphs([]string{id})
	if err != nil {
		return storedParagraph{}, err
	}
	return ps[0], nil
}

// paragraphs returns paragraphs by ID in the order given (for the top
// hits), reading the store once.
func (ix *Index) paragraphs(ids []string) ([]storedParagraph, error) {
	return ix.store.paragraphs(ids)
}

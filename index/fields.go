// Package index is the Bleve engine, pullquote's embedded default: it
// turns reviews into one Bleve document per paragraph (analysed by package
// analysis), builds and opens the index directory (generations of Bleve
// shards, the lexicon, the side store, meta.json), adds and deletes
// reviews, follows a directory's live generation (Live), and implements
// engine.Engine over it with every optional power (a lexicon, keyword
// resolution, corrections, a version, snapshots).
//
// It is not pullquote's search: parsing, typo variants, rerank, collapse,
// highlights and facet assembly are package searcher's, the same over any
// engine; searcher.New(ix) searches an Index. Only this package and the
// benchmark import Bleve.
package index

// Field names of a paragraph document: only what a search matches, filters,
// counts or sorts on (what a hit shows comes from the side store). Both the
// builder and the searcher use these; change them only with SchemaVersion.
const (
	FieldText     = "text"      // analysed with analysis.Stemmed, with positions (for "phrases")
	FieldExact    = "exact"     // the words as written (analysis.Exact) but the stop words, no positions: a "phrase"'s words looked up as typed
	FieldWork     = "work"      // keyword, facet
	FieldOutlet   = "outlet"    // keyword, facet
	FieldAuthor   = "author"    // keyword, facet
	FieldKind     = "kind"      // keyword, facet
	FieldDate     = "date"      // datetime, facet; absent when unknown
	FieldScore    = "score"     // numeric 0–100, facet; absent when unknown
	FieldHasScore = "has_score" // keyword "t"/"f", for the "no score" band
	FieldHelpful  = "helpful"   // numeric, helpful yes votes, for sorting
	FieldBand     = "band"      // keyword, facet: the score band's minimum ("80", "60", "40", "0"); absent when no score
	FieldMonth    = "month"     // keyword, facet: "2006-01"; absent when no date
)

// SchemaVersion is recorded in meta.json; an index of another version must be rebuilt.
//
// 2: band and month facet fields; 3: film records and stated aggregates in
// the store, no unread fields; 4: positions on the stemmed field, stop
// words indexed as they are, no text_exact field, the lexicon (words.fst);
// 5: words split by package analysis (UAX #29 of a newer Unicode: an emoji
// modifier stays with the word it follows); 6: the exact field (words as
// written, no positions, no stop words), so a quoted word is a term
// lookup rather than a check of every paragraph with its stem.
const SchemaVersion = 6

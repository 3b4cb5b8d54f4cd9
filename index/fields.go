// Package index is the only package that imports bleve and snowball. It turns
// reviews into one bleve document per paragraph, builds and opens the index
// directory (bleve index, side store, meta.json), and implements
// search.Searcher over it.
package index

// Field names of a paragraph document: only what a search matches, filters,
// counts or sorts on (what a hit shows comes from the side store). Both the
// builder and the searcher use these; change them only with SchemaVersion.
const (
	FieldText     = "text"      // analysed with AnalyzerStemmed, with positions (for "phrases")
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

	// AnalyzerStemmed is unicode tokens, lower case, accent folding,
	// possessives, Snowball English stems of all but the English stop
	// words (kept as they are).
	AnalyzerStemmed = "pullquote_en"
	// AnalyzerExact is the same without stemming: the words of the
	// lexicon (lexicon.go), and the words a "phrase" is checked against in
	// the text of its hits.
	AnalyzerExact = "pullquote_exact"
)

// SchemaVersion is recorded in meta.json; an index of another version must be rebuilt.
//
// 2: band and month facet fields; 3: film records and stated aggregates in
// the store, no unread fields; 4: positions on the stemmed field, stop
// words indexed as they are, no text_exact field, the lexicon (words.fst).
const SchemaVersion = 4

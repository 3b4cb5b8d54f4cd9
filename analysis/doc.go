// Package analysis is how pullquote reads text into words, the same for
// the searcher and for every engine: Unicode words (UAX #29), lower case,
// accents folded, possessives and apostrophes normalised, and Snowball
// English stems of every word but the English stop words, which are kept
// as they are (their positions make "one of the best" a phrase of four
// words).
//
// It imports no engine. The Bleve index registers Stemmed under
// StemmedName in Bleve's registry (index/analyzer.go); an engine that
// analyses text itself (Manticore, OpenSearch) is configured to match it,
// and the engine test suite (engine/enginetest) holds it to that.
//
// It is not where query syntax lives (search.Parse), nor where words are
// matched to an index's vocabulary (the engines' lexicons).
package analysis

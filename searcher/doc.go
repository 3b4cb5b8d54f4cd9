// Package searcher is pullquote's search over any engine (engine.Engine):
// it parses the query text, plans it (stems, typo variants and prefixes
// from the engine's lexicon when it has one, phrases, exclusions, the
// any-words fallback), asks the engine for candidates and facet counts
// (disjunctive: a selected facet counted by a retrieval without its own
// filter), reranks the best candidates of a multi-word query by how much
// of the quote they hold in order, collapses copies of a paragraph,
// highlights by re-analysing the page's paragraphs, and suggests
// spellings.
//
// It imports no engine and no Bleve: an engine is chosen by the command
// (searcher.New(index) or searcher.New(manticore engine)). Its tests run on
// enginetest.Fake.
package searcher

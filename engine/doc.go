// Package engine is the boundary between pullquote's search and the
// engines under it: the Engine interface, what is asked of it (Retrieval,
// Match, the facets) and what it answers (Retrieved, FacetCounts), the
// optional powers an engine may bring (extras.go), and the rules every
// engine shares (ShardOf). An engine is a package of its own that imports
// this one: index (Bleve, on one machine) and manticore (SphinxQL); the
// searcher (package searcher) uses any of them through it.
//
// It holds no engine and no search logic. enginetest is the behaviour
// suite every engine passes, with a fake engine that scans.
package engine

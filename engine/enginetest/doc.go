// Package enginetest holds every engine to one behaviour, as fstest.TestFS
// holds a file system: Run searches the embedded corpus and the rt-pixar
// export through pullquote's search over the engine under test and over
// Fake, an engine that reads every paragraph and so is plainly right, and
// compares totals, the any-words fallback, every facet count, field
// orders, relevance, highlights and film counts. The Bleve index, the
// Manticore and the OpenSearch engines run it (TestEngineSuite in each);
// what one is known to answer otherwise it says in its Config, and
// docs/scale-out.md says why. Fake is also the engine the searcher's own
// tests run on.
//
// It is for tests: nothing outside a _test.go file imports it.
package enginetest

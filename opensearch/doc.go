// Package opensearch is pullquote's OpenSearch engine: engine.Engine over
// an OpenSearch (or Elasticsearch-API) cluster through its REST API, and
// the writer that builds an index there and swaps it in behind an alias.
//
// The cluster does what it is for: shards, replicas and their promotion,
// BM25, aggregations for the facets and film counts, aliases for atomic
// rebuilds. The analysis is configured to read text as package analysis
// does (mapping.go), and the engine suite (engine/enginetest) holds it to
// that. It speaks plain HTTP and JSON (net/http): the few endpoints it uses
// (_search, _bulk, _aliases, index creation) need no client library, and a
// failed node is tried past by the same loop for every call.
//
// It imports neither Bleve nor package index.
package opensearch

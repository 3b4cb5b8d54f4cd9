package opensearch

import (
	"context"
	"net/url"
)

// CreateIndex creates a paragraph index named name.
func CreateIndex(ctx context.Context, addr Address, name string, o IndexOptions) error {
	return newClient(addr).do(ctx, "PUT", "/"+url.PathEscape(name), indexBody(o), nil)
}

// Token is one token of an analysis (Analyze).
type Token struct {
	Term     string `json:"token"`
	Start    int    `json:"start_offset"`
	End      int    `json:"end_offset"`
	Position int    `json:"position"`
}

// Analyze returns text's tokens as the named analyzer of index reads them
// (pq_stemmed, pq_exact): for tests that hold OpenSearch's analysis to
// package analysis.
func Analyze(ctx context.Context, addr Address, index, analyzer, text string) ([]Token, error) {
	var out struct {
		Tokens []Token `json:"tokens"`
	}
	err := newClient(addr).do(ctx, "POST", "/"+url.PathEscape(index)+"/_analyze", map[string]any{"analyzer": analyzer, "text": text}, &out)
	return out.Tokens, err
}

// Get reads one answer of the cluster into out (for tests and tools: a
// node's health, an index's settings).
func Get(ctx context.Context, addr Address, path string, out any) error {
	return newClient(addr).do(ctx, "GET", path, nil, out)
}

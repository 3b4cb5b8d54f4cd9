package web

import (
	"os"
	"testing"
)

// TestMain stops the OpenSearch node the tests shared, if they started one.
func TestMain(m *testing.M) {
	code := m.Run()
	openSearchNode.cluster.Stop()
	os.Exit(code)
}

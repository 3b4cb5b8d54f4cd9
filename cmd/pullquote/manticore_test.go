package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// "manticore config" writes a config for each node and prints how to start
// them; a bad value is refused, naming its flag.
func TestManticoreConfigCommand(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), []string{"pullquote", "manticore", "config", "--shards", "3", "--replicas", "2", "--dir", dir}, getenv, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		t.Fatalf("manticore config: %v\n%s", err, stderr.String())
	}
	for k := range 6 {
		conf := filepath.Join(dir, "node-"+string(rune('0'+k)), "searchd.conf")
		data, err := os.ReadFile(conf)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stdout.String(), "searchd --config "+conf) {
			t.Errorf("output does not say how to start %s:\n%s", conf, stdout.String())
		}
		if !strings.Contains(string(data), "type = distributed") || !strings.Contains(string(data), "|") {
			t.Errorf("%s has no distributed index with mirrors:\n%s", conf, data)
		}
	}
	err = run(context.Background(), []string{"pullquote", "manticore", "config", "--replicas", "9", "--dir", dir}, getenv, strings.NewReader(""), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "--replicas") {
		t.Errorf("9 replicas: %v, want an error naming --replicas", err)
	}
}

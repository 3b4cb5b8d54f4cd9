package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/index"
)

// runIndexCmd runs pullquote with args and returns its stderr.
func runIndexCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), append([]string{"pullquote"}, args...), getenv, strings.NewReader(""), &stdout, &stderr)
	return stderr.String(), err
}

func TestIndexCommand(t *testing.T) {
	dir := t.TempDir()
	out, err := runIndexCmd(t, "index", "--index", dir)
	if err != nil {
		t.Fatalf("index: %v\n%s", err, out)
	}
	for _, want := range []string{"paragraphs/s", "corpus:", "index ready in " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("index output lacks %q:\n%s", want, out)
		}
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	before := ix.Meta()
	ix.Close()
	if before.Reviews == 0 || before.Paragraphs < before.Reviews {
		t.Fatalf("meta after build = %+v", before)
	}

	out, err = runIndexCmd(t, "index", "--index", dir, "--add")
	if err != nil {
		t.Fatalf("index --add: %v\n%s", err, out)
	}
	if !strings.Contains(out, "replacing indexed ones") {
		t.Errorf("index --add output:\n%s", out)
	}
	ix, err = index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if after := ix.Meta(); after.Reviews != before.Reviews || after.Paragraphs != before.Paragraphs {
		t.Errorf("re-adding the same corpus changed the counts: %+v, then %+v", before, after)
	}
	ix.Close()

	out, err = runIndexCmd(t, "index", "--index", dir, "--delete", "no-such-review")
	if err != nil || !strings.Contains(out, "deleted 0 of 1") {
		t.Errorf("index --delete: %v\n%s", err, out)
	}
}

func TestIndexCommandBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"index", "--shards", "0"},
		{"index", "--batch", "-1"},
		{"index", "--delete", "x", "--add"},
		{"index", "--index", t.TempDir(), "--add"}, // no index there yet
		{"index", "--gc", "--add"},
		{"index", "--gc", "--delete", "x"},
		{"index", "--gc", "more.jsonl"},
		{"index", "--index", t.TempDir(), "--gc"}, // no index there
	} {
		if out, err := runIndexCmd(t, args...); err == nil {
			t.Errorf("%v succeeded:\n%s", args, out)
		}
	}
}

// index --gc removes a generation a killed build left and says so; the
// live index still opens.
func TestIndexCommandGC(t *testing.T) {
	dir := t.TempDir()
	if out, err := runIndexCmd(t, "index", "--index", dir); err != nil {
		t.Fatalf("index: %v\n%s", err, out)
	}
	left := filepath.Join(dir, "g-19700101T000000.000000-1")
	if err := os.MkdirAll(filepath.Join(left, "shard-0", "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := runIndexCmd(t, "index", "--index", dir, "--gc")
	if err != nil {
		t.Fatalf("index --gc: %v\n%s", err, out)
	}
	for _, want := range []string{"removed " + left + "\n", dir + ": 1 removed, the live index kept"} {
		if !strings.Contains(out, want) {
			t.Errorf("index --gc output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(left); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the leftover generation is still there: %v", err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("open the index after --gc: %v", err)
	}
	if m := ix.Meta(); m.Reviews == 0 {
		t.Errorf("meta after --gc = %+v", m)
	}
	ix.Close()
	if out, err := runIndexCmd(t, "index", "--index", dir, "--gc"); err != nil || !strings.Contains(out, ": 0 removed") {
		t.Errorf("index --gc again: %v\n%s", err, out)
	}
}

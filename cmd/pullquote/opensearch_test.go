package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/opensearch/opensearchtest"
	"github.com/pullquote/pullquote/search"
)

// Every command that reads or writes an index does so on a real
// OpenSearch node with --backend opensearch://…: index builds the embedded
// corpus into a new index behind the alias (and again, swapping), search
// and check find it, serve serves the API over it (its password never
// logged), and --delete removes a review.
func TestCommandsOnOpenSearch(t *testing.T) {
	c := opensearchtest.Start(t, 1)
	backend := c.Address.String()

	for range 2 { // a rebuild swaps the alias to a new index
		_, stderr, err := runCmd(nil, "index", "--backend", backend)
		if err != nil || !strings.Contains(stderr, "28 reviews (84 paragraphs) built and swapped in behind "+backend) {
			t.Fatalf("index: %v\n%s", err, stderr)
		}
	}
	searchTotal := func(env map[string]string, args ...string) search.ResponseJSON {
		t.Helper()
		stdout, stderr, err := runCmd(env, append([]string{"search", "--json"}, args...)...)
		if err != nil {
			t.Fatalf("search: %v\n%s", err, stderr)
		}
		var res search.ResponseJSON
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := searchTotal(map[string]string{"PULLQUOTE_BACKEND": backend}, "unfinished", "symphony")
	if res.Total != 1 || res.Partial || !strings.Contains(res.Hits[0].Highlight, "<mark>unfinished</mark> <mark>symphony</mark>") {
		t.Errorf("search: %+v", res)
	}
	if stdout, _, err := runCmd(nil, "check", "--backend", backend, `"A thrilling unfinished symphony" — Kenneth Turan`); err != nil || !strings.Contains(stdout, "exact") {
		t.Errorf("check: %v\n%s", err, stdout)
	}

	base, logs, stop := startServe(t, nil, "--backend", strings.Replace(backend, "://", "://reader:s3cret@", 1))
	resp, err := http.Get(base + "/api/search?q=unfinished+symphony")
	if err != nil {
		t.Fatal(err)
	}
	var served search.ResponseJSON
	if err := json.NewDecoder(resp.Body).Decode(&served); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	stop()
	if served.Total != 1 {
		t.Errorf("serve: %+v", served)
	}
	if strings.Contains(logs.String(), "s3cret") {
		t.Errorf("serve logged the password:\n%s", logs)
	}

	id := res.Hits[0].ReviewID
	if _, stderr, err := runCmd(nil, "index", "--backend", backend, "--delete", id); err != nil || !strings.Contains(stderr, "deleted 1 paragraphs of 1 reviews") {
		t.Errorf("delete: %v\n%s", err, stderr)
	}
	after := searchTotal(nil, "--backend", backend, `"unfinished symphony"`)
	if after.Total != 0 {
		t.Errorf("after delete: %+v", after)
	}
	if _, _, err := runCmd(nil, "search", "--backend", "opensearch://nowhere", "x"); err == nil || !strings.Contains(err.Error(), "--backend") {
		t.Errorf("bad address: %v", err)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"
	"github.com/pullquote/pullquote/search"
)

// runCmd runs pullquote with args and the environment env.
func runCmd(env map[string]string, args ...string) (stdout, stderr string, err error) {
	var out, errw bytes.Buffer
	err = run(context.Background(), append([]string{"pullquote"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), &out, &errw)
	return out.String(), errw.String(), err
}

// Every command that reads or writes an index does so on a cluster of
// three real searchd with --backend (or PULLQUOTE_BACKEND): index writes
// the embedded corpus into the shards, search and check find it, serve
// serves the API over it, and --delete removes a review. A bad address
// and an address that lacks a node fail, naming the flag and the shard.
func TestCommandsOnABackend(t *testing.T) {
	manticoretest.NeedSearchd(t)
	running := manticoretest.StartCluster(t, manticore.Cluster{Shards: 3, Replicas: 1})
	addr := manticore.Address{Index: manticore.Index}
	for _, n := range running {
		addr.Nodes = append(addr.Nodes, n.SQL)
	}
	backend := addr.String()

	_, stderr, err := runCmd(nil, "index", "--backend", backend)
	if err != nil || !strings.Contains(stderr, "28 reviews written to "+backend) {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	for _, env := range []map[string]string{nil, {"PULLQUOTE_BACKEND": backend}} {
		args := []string{"search", "--json", "unfinished", "symphony"}
		if env == nil {
			args = append(args, "--backend", backend)
		}
		stdout, stderr, err := runCmd(env, args...)
		if err != nil {
			t.Fatalf("search: %v\n%s", err, stderr)
		}
		var res search.ResponseJSON
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Partial || !strings.Contains(res.Hits[0].Highlight, "<mark>unfinished</mark> <mark>symphony</mark>") {
			t.Errorf("search (env %v): %+v", env, res)
		}
	}
	if stdout, _, err := runCmd(nil, "check", "--backend", backend, `"A thrilling unfinished symphony" — Kenneth Turan`); err != nil || !strings.Contains(stdout, "exact") {
		t.Errorf("check: %v\n%s", err, stdout)
	}

	base, _, stop := startServe(t, nil, "--backend", backend)
	resp, err := http.Get(base + "/api/search?q=unfinished+symphony")
	if err != nil {
		t.Fatal(err)
	}
	var res search.ResponseJSON
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if res.Total != 1 {
		t.Errorf("serve: %+v", res)
	}
	stop()

	id := res.Hits[0].ReviewID
	if _, stderr, err := runCmd(nil, "index", "--backend", backend, "--delete", id); err != nil || !strings.Contains(stderr, "deleted 1 of 1") {
		t.Errorf("delete: %v\n%s", err, stderr)
	}
	if stdout, _, err := runCmd(nil, "search", "--backend", backend, "--json", `"unfinished symphony"`); err != nil || !strings.Contains(stdout, `"total": 0,`) {
		t.Errorf("after delete: %v\n%s", err, stdout)
	}

	if _, _, err := runCmd(nil, "search", "--backend", "mysql://127.0.0.1:1/x", "film"); err == nil || !strings.Contains(err.Error(), "--backend") {
		t.Errorf("bad address: %v, want an error naming --backend", err)
	}
	partial := manticore.Address{Nodes: addr.Nodes[:2], Index: manticore.Index}
	if _, _, err := runCmd(nil, "index", "--backend", partial.String()); err == nil || !strings.Contains(err.Error(), "shard2") {
		t.Errorf("a node left out: %v, want an error naming shard2", err)
	}
}

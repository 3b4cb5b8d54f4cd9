package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pullquote/pullquote/search/admission"
	"github.com/pullquote/pullquote/search/cache"
	"github.com/pullquote/pullquote/web"
)

func TestParseServeFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    serveConfig
		wantErr string
	}{
		{"defaults", nil, nil, dflt(serveConfig{addr: "localhost:8080", index: defaultIndexDir, logFormat: "text"}), ""},
		{"env fallbacks", nil, map[string]string{
			"PULLQUOTE_ADDR": "127.0.0.1:9000", "PULLQUOTE_INDEX": "/srv/idx",
			"PULLQUOTE_ALLOW_ORIGIN": "https://a.example, https://b.example", "PULLQUOTE_LOG_FORMAT": "json",
		}, dflt(serveConfig{addr: "127.0.0.1:9000", index: "/srv/idx", indexNamed: true, logFormat: "json", origins: stringList{"https://a.example", "https://b.example"}}), ""},
		{"flags beat env", []string{"--addr", ":1", "--index", "x", "--allow-origin", "https://c.example", "--allow-origin", "http://localhost:3000"},
			map[string]string{"PULLQUOTE_ADDR": ":2", "PULLQUOTE_ALLOW_ORIGIN": "https://a.example"},
			dflt(serveConfig{addr: ":1", index: "x", indexNamed: true, logFormat: "text", origins: stringList{"https://c.example", "http://localhost:3000"}}), ""},
		{"star means any", []string{"--allow-origin", "*"}, nil, dflt(serveConfig{addr: "localhost:8080", index: defaultIndexDir, logFormat: "text"}), ""},
		{"serving limits", []string{"--cache-mb", "8", "--max-searches", "3", "--search-queue", "-1", "--rate", "2.5", "--burst", "10", "--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "192.0.2.1"}, nil,
			serveConfig{addr: "localhost:8080", index: defaultIndexDir, logFormat: "text", cacheMB: 8, proxies: stringList{"10.0.0.0/8", "192.0.2.1"}, web: web.Options{
				CacheBytes: 8 << 20, Admission: admission.Options{Running: 3, Queue: -1}, Rate: 2.5, Burst: 10,
				TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32")},
			}}, ""},
		{"cache off", []string{"--cache-mb", "0"}, nil, serveConfig{addr: "localhost:8080", index: defaultIndexDir, logFormat: "text", web: web.Options{CacheBytes: -1}}, ""},
		{"bad proxy", []string{"--trusted-proxy", "proxy.example"}, nil, serveConfig{}, `--trusted-proxy "proxy.example"`},
		{"negative rate", []string{"--rate", "-1"}, nil, serveConfig{}, "--rate"},
		{"bad origin", []string{"--allow-origin", "example.com"}, nil, serveConfig{}, `--allow-origin "example.com"`},
		{"bad log format", []string{"--log-format", "xml"}, nil, serveConfig{}, `--log-format "xml"`},
		{"stray argument", []string{"extra"}, nil, serveConfig{}, `unexpected argument "extra"`},
		{"unknown flag", []string{"--port", "1"}, nil, serveConfig{}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			e := env{getenv: func(k string) string { return tt.env[k] }, stderr: &stderr, stdout: io.Discard}
			got, err := parseServeFlags(e, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// dflt fills in the serving defaults a config without those flags has.
func dflt(c serveConfig) serveConfig {
	c.cacheMB = cache.DefaultBytes >> 20
	c.web.CacheBytes = cache.DefaultBytes
	return c
}

// syncBuffer is a bytes.Buffer safe for the server's log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeBuildsIndexAndShutsDown runs "pullquote serve" whole, as the
// README's first command: with no index named and none in data/index it
// builds the embedded corpus, serves real results, and returns cleanly
// when its context ends (as on SIGINT/SIGTERM).
func TestServeBuildsIndexAndShutsDown(t *testing.T) {
	t.Chdir(t.TempDir())
	base, logs, stop := startServe(t, nil)

	resp, err := http.Get(base + "/api/search?q=unfinished+symphony")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total uint64 `json:"total"`
		Hits  []struct {
			Highlight string `json:"highlight"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if res.Total == 0 || !strings.Contains(res.Hits[0].Highlight, "<mark>") {
		t.Errorf("search on the built index: %+v", res)
	}
	if !strings.Contains(logs.String(), `"msg":"request"`) || !strings.Contains(logs.String(), `"path":"/api/search"`) {
		t.Errorf("no JSON request log:\n%s", logs)
	}

	stop()
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// A named index is served or serve fails saying why; so is the default
// folder once something is in it: the embedded corpus is never served in
// place of an index that was asked for, or whose build failed.
func TestServeNeverServesTheDemoInstead(t *testing.T) {
	failed := t.TempDir() // a build that failed leaves its lock behind
	if err := os.WriteFile(filepath.Join(failed, "LOCK"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		dir  string // "" for data/index under a fresh working folder
		args []string
		env  map[string]string
		want string
	}{
		{"named, empty", "", []string{"--index", "empty"}, nil, "empty holds no index"},
		{"named by the environment", "", nil, map[string]string{"PULLQUOTE_INDEX": "elsewhere"}, "elsewhere holds no index"},
		{"named, a failed build", failed, []string{"--index", failed}, nil, failed + " holds no index"},
		{"the default, a failed build", "data/index", nil, nil, "data/index holds no finished index"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if tt.dir == "data/index" {
				if err := os.MkdirAll(tt.dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(tt.dir, "LOCK"), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var logs syncBuffer
			err := run(context.Background(), append([]string{"pullquote", "serve", "--addr", "127.0.0.1:0"}, tt.args...),
				func(k string) string { return tt.env[k] }, strings.NewReader(""), io.Discard, &logs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("serve: %v, want an error saying %q", err, tt.want)
			}
			if strings.Contains(logs.String(), "embedded corpus") {
				t.Errorf("built the embedded corpus:\n%s", logs.String())
			}
			if _, err := os.Stat(filepath.Join(cmp.Or(tt.dir, "data/index"), "CURRENT")); err == nil {
				t.Errorf("an index was built")
			}
		})
	}
}

// startServe runs "pullquote serve" with args on a free port, logging as
// JSON, and returns its address, its logs and a stop that cancels it (as
// SIGINT would) and fails the test unless it returns cleanly.
func startServe(t *testing.T, env map[string]string, args ...string) (base string, logs *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"pullquote", "serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...),
			func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, logs)
	}()
	urlRE := regexp.MustCompile(`"url":"(http://[^"]+)"`)
	for deadline := time.Now().Add(60 * time.Second); base == ""; {
		if m := urlRE.FindStringSubmatch(logs.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve returned early: %v\n%s", err, logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return base, logs, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve after shutdown: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not shut down")
		}
	}
}

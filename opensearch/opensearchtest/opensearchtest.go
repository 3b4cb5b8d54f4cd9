// Package opensearchtest runs real OpenSearch nodes for tests, through
// scripts/opensearch.sh (OpenSearch 2.19 from Maven Central's jars, one
// JVM a node on loopback).
package opensearchtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/internal/freeport"
	"github.com/pullquote/pullquote/opensearch"
)

// Need skips the test when Java or Maven is missing, outside CI (where
// their absence fails it).
func Need(tb testing.TB) {
	tb.Helper()
	for _, bin := range []string{"java", "javac", "mvn"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") != "" {
				tb.Fatalf("%s is missing: OpenSearch's tests need a JDK and Maven", bin)
			}
			tb.Skipf("%s is missing", bin)
		}
	}
}

// Cluster is a running local cluster.
type Cluster struct {
	// Address is the backend address the script printed.
	Address opensearch.Address
	// Dir holds each node's home (node-K) and PID file.
	Dir  string
	Port int
	N    int
}

// Start starts n nodes and returns the cluster once it is green; it is
// stopped when the test ends.
func Start(tb testing.TB, n int) *Cluster {
	tb.Helper()
	Need(tb)
	dir := tb.TempDir()
	c, err := start(dir, n)
	tb.Cleanup(func() { c.Stop() })
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// StartShared starts n nodes for the tests of a package, in a directory of
// its own, or returns nil (and says why on standard error) when they do
// not start; its caller stops them (Stop) when the tests end (TestMain).
func StartShared(n int) *Cluster {
	dir, err := os.MkdirTemp("", "opensearchtest-")
	if err == nil {
		var c *Cluster
		if c, err = start(dir, n); err == nil {
			return c
		}
		c.Stop()
	}
	fmt.Fprintln(os.Stderr, "opensearchtest:", err)
	return nil
}

// start starts n nodes with their homes in dir.
func start(dir string, n int) (*Cluster, error) {
	c := &Cluster{Dir: dir, N: n}
	port, err := freeport.Base(100 + n)
	if err != nil {
		return c, err
	}
	c.Port = port
	out, err := script("up", "--nodes", fmt.Sprint(n), "--dir", c.Dir, "--port", fmt.Sprint(port))
	if err != nil {
		return c, fmt.Errorf("start OpenSearch: %w\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if c.Address, err = opensearch.ParseAddress(lines[len(lines)-1], nil); err != nil {
		return c, fmt.Errorf("start OpenSearch: %w\n%s", err, out)
	}
	return c, nil
}

// Stop stops the cluster's nodes.
func (c *Cluster) Stop() {
	if c != nil {
		script("down", "--dir", c.Dir)
	}
}

// script runs scripts/opensearch.sh with args and returns its standard
// output (its standard error, on failure, in the error).
func script(args ...string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "opensearch.sh"), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("opensearch.sh %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		dir = up
	}
}

// Kill kills node k at once (SIGKILL), as a crash would.
func (c *Cluster) Kill(tb testing.TB, k int) {
	tb.Helper()
	pidFile := filepath.Join(c.Dir, fmt.Sprintf("node-%d", k), "pid")
	data, err := os.ReadFile(pidFile)
	if err != nil {
		tb.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		tb.Fatalf("%s: %v", pidFile, err)
	}
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
		p.Wait()
	}
}

// Restart starts node k again (after Kill), in the background, as up
// started it; Stop stops it with the others.
func (c *Cluster) Restart(tb testing.TB, k int) {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	home := filepath.Join(c.Dir, fmt.Sprintf("node-%d", k))
	log, err := os.OpenFile(filepath.Join(home, "stdout.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		tb.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command(filepath.Join(root, "scripts", "opensearch.sh"), "node", "--node", fmt.Sprint(k), "--nodes", fmt.Sprint(c.N), "--dir", c.Dir, "--port", fmt.Sprint(c.Port))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go cmd.Wait()
	if err := os.WriteFile(filepath.Join(home, "pid"), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// StartOn starts len(hosts) nodes, node K bound to hosts[K] and run with
// the command prefix wrap[K] (nil: none; `ip netns exec NAME`: inside a
// network namespace), and returns the cluster once node 0 reports it
// green; it is stopped when the test ends. Address lists the nodes that
// run without a prefix.
func StartOn(tb testing.TB, hosts []string, wrap [][]string) *Cluster {
	tb.Helper()
	Need(tb)
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	port, err := freeport.Base(100 + len(hosts))
	if err != nil {
		tb.Fatal(err)
	}
	c := &Cluster{Dir: tb.TempDir(), Port: port, N: len(hosts)}
	tb.Cleanup(c.Stop)
	c.Address = opensearch.Address{Index: opensearch.DefaultIndex}
	for k, h := range hosts {
		home := filepath.Join(c.Dir, fmt.Sprintf("node-%d", k))
		if err := os.MkdirAll(home, 0o755); err != nil {
			tb.Fatal(err)
		}
		args := append(append([]string{}, wrap[k]...), filepath.Join(root, "scripts", "opensearch.sh"), "node",
			"--node", fmt.Sprint(k), "--nodes", fmt.Sprint(len(hosts)), "--dir", c.Dir, "--port", fmt.Sprint(port),
			"--hosts", strings.Join(hosts, ","))
		log, err := os.Create(filepath.Join(home, "stdout.log"))
		if err != nil {
			tb.Fatal(err)
		}
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			tb.Fatal(err)
		}
		log.Close()
		go cmd.Wait()
		os.WriteFile(filepath.Join(home, "pid"), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644)
		if len(wrap[k]) == 0 {
			c.Address.Nodes = append(c.Address.Nodes, fmt.Sprintf("%s:%d", h, port+k))
		}
	}
	c.Wait(tb, len(hosts), true, 180*time.Second)
	return c
}

// Wait waits until the cluster has n nodes (and, with green, is green),
// failing the test after within.
func (c *Cluster) Wait(tb testing.TB, n int, green bool, within time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(within)
	for {
		var h struct {
			Status string `json:"status"`
			Nodes  int    `json:"number_of_nodes"`
		}
		err := opensearch.Get(context.Background(), c.Address, "/_cluster/health", &h)
		if err == nil && h.Nodes == n && (!green || h.Status == "green") {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the cluster did not have %d nodes (green: %v) within %s: %v %+v", n, green, within, err, h)
		}
		time.Sleep(time.Second)
	}
}

package manticore

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

// needSearchd skips a test where Sphinx's searchd is not installed, and
// fails it on CI (scripts/deps.sh installs it).
func needSearchd(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("searchd"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// freeBase finds a port base with n consecutive free loopback ports.
func freeBase(t *testing.T, n int) int {
	t.Helper()
	for try := 0; try < 20; try++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if base+n > 65535 {
			continue
		}
		free := true
		for p := base; p < base+n && free; p++ {
			if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p)); err != nil {
				free = false
			} else {
				l.Close()
			}
		}
		if free {
			return base
		}
	}
	t.Fatal("no free ports")
	return 0
}

// node is a running searchd.
type node struct {
	Node
	cmd *exec.Cmd
	db  *sql.DB
}

// start runs searchd on n's config in the foreground and connects to it.
func start(t *testing.T, n Node) *node {
	t.Helper()
	cmd := exec.Command("searchd", "--config", n.Config, "--nodetach")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sn := &node{Node: n, cmd: cmd}
	t.Cleanup(sn.stop)
	db, err := sql.Open("mysql", "tcp("+n.SQL+")/?interpolateParams=true")
	if err != nil {
		t.Fatal(err)
	}
	sn.db = db
	deadline := time.Now().Add(20 * time.Second)
	for db.Ping() != nil {
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(strings.TrimSuffix(n.Config, "searchd.conf") + "searchd.log")
			t.Fatalf("searchd on %s did not answer: %s", n.SQL, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return sn
}

// startCluster writes c's configs and starts every node.
func startCluster(t *testing.T, c Cluster) ([]Node, []*node) {
	t.Helper()
	nodes, err := c.Write()
	if err != nil {
		t.Fatal(err)
	}
	var running []*node
	for _, n := range nodes {
		running = append(running, start(t, n))
	}
	return nodes, running
}

// stop ends searchd, at once and for good.
func (n *node) stop() {
	if n.db != nil {
		n.db.Close()
	}
	if n.cmd.ProcessState == nil {
		n.cmd.Process.Kill()
		n.cmd.Wait()
	}
}

// count runs a full-text query through the distributed index on n and
// returns its total and the warning searchd gave, if any.
func (n *node) count(t *testing.T, match string) (int, string) {
	t.Helper()
	conn, err := n.db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(context.Background(), "SELECT id FROM "+Index+" WHERE MATCH(?) LIMIT 1000", match)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for rows.Next() {
		total++
	}
	rows.Close()
	var warning string
	if rows, err := conn.QueryContext(context.Background(), "SHOW WARNINGS"); err == nil {
		for rows.Next() {
			var level, code, msg string
			if rows.Scan(&level, &code, &msg) == nil {
				warning += msg
			}
		}
		rows.Close()
	}
	return total, warning
}

// A cluster of two shards with two replicas each runs as written: every
// node answers through the distributed index for all shards, stop words
// are indexed as they are (a phrase with another stop word does not
// match) and accents folded. When a node dies, an answer without its shard
// always carries a warning; with a mirror, asking again gets a complete
// answer; without one, never (the backend's partial answer).
func TestClusterRuns(t *testing.T) {
	needSearchd(t)
	for _, replicas := range []int{2, 1} {
		t.Run(fmt.Sprintf("replicas=%d", replicas), func(t *testing.T) {
			c := Cluster{Shards: 2, Replicas: replicas, BasePort: freeBase(t, 2*2*replicas), Dir: t.TempDir()}
			_, running := startCluster(t, c)
			// Ten paragraphs a shard, on every replica of it.
			for _, n := range running {
				for i := range 10 {
					id := 1 + 2*i + n.Shard // odd IDs on shard 0, even on shard 1
					_, err := n.db.Exec("INSERT INTO "+ShardName(n.Shard)+" (id, text, body, outlet, band) VALUES (?, ?, ?, ?, ?)",
						id, "The vérité of a thrilling symphony", "…", "Variety", 80)
					if err != nil {
						t.Fatalf("insert into node %s: %v", n.SQL, err)
					}
				}
			}
			for _, n := range running {
				for _, q := range []string{"symphony", "symphonies", "verite", `"the verite of"`} {
					if got, w := n.count(t, q); got != 20 {
						t.Errorf("node %s, %q: %d rows (%s), want 20", n.SQL, q, got, w)
					}
				}
				if got, _ := n.count(t, `"a verite of"`); got != 0 {
					t.Errorf("node %s: a phrase with another stop word found %d rows", n.SQL, got)
				}
			}
			// The node of shard 1, replica 0 dies. No answer is short
			// without a warning; with a mirror, asking again (as the
			// backend will on a warning) gets every row within a few tries.
			running[1].stop()
			complete := false
			for try := 0; try < 20 && !complete; try++ {
				got, warning := running[0].count(t, "symphony")
				switch {
				case got < 20 && warning == "":
					t.Fatalf("a short answer without a warning: %d rows", got)
				case got == 20 && warning != "":
					t.Fatalf("a complete answer with a warning: %q", warning)
				case replicas == 1 && got != 10:
					t.Fatalf("without a mirror: %d rows, want shard 0's 10", got)
				}
				complete = got == 20
			}
			if complete != (replicas > 1) {
				t.Errorf("with %d replicas: complete answer %v", replicas, complete)
			}
		})
	}
}

func TestClusterValidate(t *testing.T) {
	for _, c := range []Cluster{
		{Shards: 0, Replicas: 1, BasePort: 9306, Dir: "x"},
		{Shards: 3, Replicas: 0, BasePort: 9306, Dir: "x"},
		{Shards: 3, Replicas: 1, BasePort: 80, Dir: "x"},
		{Shards: 3, Replicas: 1, BasePort: 65533, Dir: "x"},
		{Shards: 3, Replicas: 1, BasePort: 9306},
	} {
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--") {
			t.Errorf("%+v: %v, want an error naming the parameter", c, err)
		}
	}
	if err := (Cluster{Shards: 3, Replicas: 2, BasePort: 9306, Dir: "x"}).Validate(); err != nil {
		t.Error(err)
	}
}

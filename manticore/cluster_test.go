package manticore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"
)

// count runs a full-text query through the distributed index on n and
// returns its total and the warning searchd gave, if any.
func count(t *testing.T, n *manticoretest.Node, match string) (int, string) {
	t.Helper()
	conn, err := n.DB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(context.Background(), "SELECT id FROM "+manticore.Index+" WHERE MATCH(?) LIMIT 1000", match)
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
	manticoretest.NeedSearchd(t)
	for _, replicas := range []int{2, 1} {
		t.Run(fmt.Sprintf("replicas=%d", replicas), func(t *testing.T) {
			running := manticoretest.StartCluster(t, manticore.Cluster{Shards: 2, Replicas: replicas})
			// Ten paragraphs a shard, on every replica of it.
			for _, n := range running {
				for i := range 10 {
					id := 1 + 2*i + n.Shard // odd IDs on shard 0, even on shard 1
					_, err := n.DB.Exec("INSERT INTO "+manticore.ShardName(n.Shard)+" (id, text, body, outlet, band) VALUES (?, ?, ?, ?, ?)",
						id, "The vérité of a thrilling symphony", "…", "Variety", 80)
					if err != nil {
						t.Fatalf("insert into node %s: %v", n.SQL, err)
					}
				}
			}
			for _, n := range running {
				for _, q := range []string{"symphony", "symphonies", "verite", `"the verite of"`} {
					if got, w := count(t, n, q); got != 20 {
						t.Errorf("node %s, %q: %d rows (%s), want 20", n.SQL, q, got, w)
					}
				}
				if got, _ := count(t, n, `"a verite of"`); got != 0 {
					t.Errorf("node %s: a phrase with another stop word found %d rows", n.SQL, got)
				}
			}
			// The node of shard 1, replica 0 dies. No answer is short
			// without a warning; with a mirror, asking again (as the
			// backend will on a warning) gets every row within a few tries.
			running[1].Kill()
			complete := false
			for try := 0; try < 20 && !complete; try++ {
				got, warning := count(t, running[0], "symphony")
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
	for _, c := range []manticore.Cluster{
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
	if err := (manticore.Cluster{Shards: 3, Replicas: 2, BasePort: 9306, Dir: "x"}).Validate(); err != nil {
		t.Error(err)
	}
}

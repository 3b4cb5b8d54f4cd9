package manticore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/engine"

	"github.com/pullquote/pullquote/manticore"
	"github.com/pullquote/pullquote/manticore/manticoretest"

	"github.com/pullquote/pullquote/corpus"
)

// embedded loads the embedded corpus.
func embedded(t *testing.T) []corpus.Review {
	t.Helper()
	var rs []corpus.Review
	if _, err := corpus.LoadEmbedded(context.Background(), corpus.Options{}, func(r corpus.Review) error {
		rs = append(rs, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return rs
}

// total counts the paragraphs a node's distributed index holds (a full
// scan).
func total(t *testing.T, n *manticoretest.Node) int {
	t.Helper()
	conn, err := n.DB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(context.Background(), "SELECT id FROM "+manticore.Index+" LIMIT 0")
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	meta, err := conn.QueryContext(context.Background(), "SHOW META")
	if err != nil {
		t.Fatal(err)
	}
	defer meta.Close()
	for meta.Next() {
		var name, value string
		if err := meta.Scan(&name, &value); err != nil {
			t.Fatal(err)
		}
		if name == "total_found" {
			var n int
			for _, c := range value {
				n = 10*n + int(c-'0')
			}
			return n
		}
	}
	t.Fatal("no total_found in SHOW META")
	return 0
}

func paragraphs(rs []corpus.Review) int {
	n := 0
	for _, r := range rs {
		n += corpus.Indexable(r.Paragraphs)
	}
	return n
}

// The writer puts every paragraph of the embedded corpus in the shard its
// review's ID picks, on every replica; writing it again changes nothing; a
// review written shorter loses its old paragraphs; deleted reviews are
// gone. A dead node fails the write of its shard's reviews, naming it, and
// what was written stays.
func TestWriterWritesShards(t *testing.T) {
	manticoretest.NeedSearchd(t)
	ctx := context.Background()
	rs := embedded(t)
	c := manticore.Cluster{Shards: 3, Replicas: 2}
	running := manticoretest.StartCluster(t, c)
	w, err := manticore.OpenWriter(manticoretest.Nodes(running))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	want := paragraphs(rs)
	for range 2 { // the second time changes nothing
		if err := w.Write(ctx, rs); err != nil {
			t.Fatal(err)
		}
		if got := total(t, running[0]); got != want {
			t.Errorf("%d paragraphs through the distributed index, want %d", got, want)
		}
	}
	// Each replica of a shard holds that shard's reviews' paragraphs.
	for _, n := range running {
		var mine []corpus.Review
		for _, r := range rs {
			if engine.ShardOf(r.ID, c.Shards) == n.Shard {
				mine = append(mine, r)
			}
		}
		var got int
		row := n.DB.QueryRow("SELECT COUNT(*) FROM " + manticore.ShardName(n.Shard))
		if err := row.Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != paragraphs(mine) {
			t.Errorf("node %s holds %d paragraphs of shard %d, want %d", n.SQL, got, n.Shard, paragraphs(mine))
		}
	}
	// A review written again with one paragraph loses the others.
	long := rs[0]
	for _, r := range rs {
		if len(r.Paragraphs) > len(long.Paragraphs) {
			long = r
		}
	}
	short := long
	short.Paragraphs = long.Paragraphs[:1]
	if err := w.Write(ctx, []corpus.Review{short}); err != nil {
		t.Fatal(err)
	}
	want -= paragraphs([]corpus.Review{long}) - 1
	if got := total(t, running[0]); got != want {
		t.Errorf("after a shorter review: %d paragraphs, want %d", got, want)
	}
	// Deleting two reviews (and one that is not there).
	n, err := w.Delete(ctx, rs[1].ID, rs[2].ID, "no-such-review")
	if err != nil || n != 2 {
		t.Fatalf("delete: %d found, %v; want 2", n, err)
	}
	want -= paragraphs(rs[1:3])
	if got := total(t, running[0]); got != want {
		t.Errorf("after deleting: %d paragraphs, want %d", got, want)
	}
	// A node dies: writing its shard's reviews fails, naming it; the
	// paragraphs already written stay.
	dead := running[len(running)-1]
	dead.Kill()
	var victim corpus.Review
	for _, r := range rs[3:] {
		if engine.ShardOf(r.ID, c.Shards) == dead.Shard {
			victim = r
			break
		}
	}
	err = w.Write(ctx, []corpus.Review{victim})
	if err == nil || !strings.Contains(err.Error(), dead.SQL) {
		t.Errorf("writing to a dead node: %v, want an error naming %s", err, dead.SQL)
	}
	// Counted on the live replica of each shard (through the distributed
	// index, a query may pick the dead mirror and come back short, warned).
	got := 0
	for s := range c.Shards {
		n := running[s] // replica 0 of shard s
		var k int
		if err := n.DB.QueryRow("SELECT COUNT(*) FROM " + manticore.ShardName(s)).Scan(&k); err != nil {
			t.Fatal(err)
		}
		got += k
	}
	if got != want {
		t.Errorf("after the failed write: %d paragraphs, want %d", got, want)
	}
}

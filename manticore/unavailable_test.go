package manticore

import (
	"errors"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// A review lookup that misses shards fails only when the review may be
// on one of them: its own shard, a shard the engine cannot name, or any
// when the layout's names are not the writer's.
func TestLacks(t *testing.T) {
	id := "r1"
	own := ShardName(engine.ShardOf(id, 3))
	var other string
	for i := range 3 {
		if ShardName(i) != own {
			other = ShardName(i)
		}
	}
	written := []string{"shard0", "shard1", "shard2"}
	for _, c := range []struct {
		name    string
		names   []string
		missing []string
		want    bool
	}{
		{"nothing missing", written, nil, false},
		{"its shard", written, []string{own}, true},
		{"another shard", written, []string{other}, false},
		{"another and its own", written, []string{other, own}, true},
		{"an agent not named", written, []string{"agent 10.0.0.9:9312"}, true},
		{"names not the writer's", []string{"a", "b", "c"}, []string{"b"}, true},
		{"names not the writer's, nothing missing", []string{"a", "b", "c"}, nil, false},
	} {
		e := &Engine{names: c.names}
		if got := e.lacks(c.missing, id); got != c.want {
			t.Errorf("%s: lacks(%v) = %v, want %v", c.name, c.missing, got, c.want)
		}
	}
}

// The error of shards that did not answer wraps search.ErrUnavailable
// and names each shard with its agents.
func TestUnavailable(t *testing.T) {
	e := &Engine{
		addr:   Address{Nodes: []string{"10.0.0.1:9306"}, Index: Index},
		shards: map[string]string{"10.0.0.2:9309": "shard1", "10.0.0.4:9309": "shard1", "10.0.0.3:9309": "shard2"},
	}
	err := e.unavailable("review r1", []string{"shard1"})
	if !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("%v does not wrap ErrUnavailable", err)
	}
	if want := "review r1: shard1 (10.0.0.2:9309, 10.0.0.4:9309) did not answer"; !strings.Contains(err.Error(), want) {
		t.Errorf("%q, want it to say %q", err, want)
	}
}

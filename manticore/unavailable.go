package manticore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// shardOf is the shard that holds review id, as the writer places it
// (engine.ShardOf over the shards the distributed index names, named by
// ShardName), or "" when the cluster's shards are not named so.
func (e *Engine) shardOf(id string) string {
	if len(e.names) == 0 {
		return ""
	}
	name := ShardName(engine.ShardOf(id, len(e.names)))
	if !slices.Contains(e.names, name) {
		return ""
	}
	return name
}

// lacks reports whether the shards missing from an answer may include
// review id's: its own, or one the engine cannot name (an agent of a
// layout it did not read, or any shard when it cannot tell which one
// holds the review).
func (e *Engine) lacks(missing []string, id string) bool {
	s := e.shardOf(id)
	for _, m := range missing {
		if s == "" || m == s || !slices.Contains(e.names, m) {
			return true
		}
	}
	return false
}

// unavailable is the error of a request that needs shards that did not
// answer (what names the request): it wraps search.ErrUnavailable, which
// the web layer answers with 503 and Retry-After, and names each shard
// with the agents that serve it, for whoever looks at the log.
func (e *Engine) unavailable(what string, missing []string) error {
	named := make([]string, len(missing))
	for i, s := range missing {
		var agents []string
		for a, name := range e.shards {
			if name == s {
				agents = append(agents, a)
			}
		}
		slices.Sort(agents)
		named[i] = s
		if len(agents) > 0 {
			named[i] += " (" + strings.Join(agents, ", ") + ")"
		}
	}
	return fmt.Errorf("%s: %s: %s did not answer: %w", e.addr, what, strings.Join(named, ", "), search.ErrUnavailable)
}

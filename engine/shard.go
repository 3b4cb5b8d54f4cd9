package engine

import "hash/fnv"

// ShardOf returns the shard (0 to n-1) of a review: a stable hash of its
// ID, so every engine and every writer puts a review in the same place and
// a rewrite finds it there.
func ShardOf(reviewID string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(reviewID))
	return int(h.Sum32() % uint32(n))
}

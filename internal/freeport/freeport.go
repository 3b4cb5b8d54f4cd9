// Package freeport finds free loopback ports for the servers tests and
// benchmarks start (searchd, OpenSearch nodes).
package freeport

import (
	"fmt"
	"math/rand/v2"
	"net"
)

// The range bases are drawn from: below the kernel's default ephemeral
// ports (32768–60999), so no client connection (nor the TIME-WAIT a load
// test leaves by the thousand) holds one.
const (
	low  = 20000
	high = 32768
)

// Base finds a base port with n consecutive free loopback ports, for a
// local cluster's nodes.
func Base(n int) (int, error) {
	if n < 1 || n > high-low {
		return 0, fmt.Errorf("%d consecutive ports: want 1 to %d", n, high-low)
	}
	for range 50 {
		base := low + rand.IntN(high-low-n)
		free := true
		for p := base; p < base+n && free; p++ {
			if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p)); err != nil {
				free = false
			} else {
				l.Close()
			}
		}
		if free {
			return base, nil
		}
	}
	return 0, fmt.Errorf("no %d consecutive free ports from %d to %d", n, low, high)
}

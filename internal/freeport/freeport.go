// Package freeport finds free loopback ports for the servers tests and
// benchmarks start (searchd, OpenSearch nodes).
package freeport

import (
	"fmt"
	"net"
)

// Base finds a base port with n consecutive free loopback ports, for
// a local cluster's nodes.
func Base(n int) (int, error) {
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		base := l.Addr().(*net.TCPAddr).Port
		l.Close()
		free := base+n <= 65535
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
	return 0, fmt.Errorf("no %d consecutive free ports", n)
}

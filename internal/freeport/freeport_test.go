package freeport

import (
	"fmt"
	"net"
	"testing"
)

func TestBase(t *testing.T) {
	base, err := Base(10)
	if err != nil {
		t.Fatal(err)
	}
	if base < low || base+10 > high {
		t.Fatalf("base %d outside %d–%d", base, low, high)
	}
	for p := base; p < base+10; p++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			t.Fatalf("port %d of the base is not free: %v", p, err)
		}
		l.Close()
	}
	if _, err := Base(0); err == nil {
		t.Error("Base(0) gave no error")
	}
}

// Package netns makes network namespaces for tests: a host of the test's
// own, joined to this one by a virtual Ethernet link that a test can cut,
// so a server in it can be cut off the network rather than only killed.
package netns

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Namespace is a network namespace joined to this one by a pair of
// virtual Ethernet links: a node started in it (StartIn) has an address
// of its own, Inside, that this side reaches through the link, so a test
// can cut the node off the network (Cut) rather than only kill it.
type Namespace struct {
	Name   string
	Inside string // the namespace's address
	Host   string // this side's address on the link, which the namespace reaches
	link0  string // this side's end of the link
	inner  string // the namespace's end
}

// New makes a namespace (root and iproute2 needed: the test is skipped
// without them, as a container may forbid it), removed when the test ends.
func New(tb testing.TB) *Namespace {
	tb.Helper()
	id := os.Getpid()%200 + 20
	ns := &Namespace{
		Name:   fmt.Sprintf("pqtest%d", id),
		Inside: fmt.Sprintf("10.231.%d.2", id),
		Host:   fmt.Sprintf("10.231.%d.1", id),
		link0:  fmt.Sprintf("pqh%d", id),
		inner:  fmt.Sprintf("pqn%d", id),
	}
	ip := func(args ...string) error {
		out, err := exec.Command("ip", args...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	// The kernel frees a deleted namespace's end of the link later, so a
	// namespace made again at once (the next test of the process) would
	// find the link still there: this side's end is deleted with it, which
	// takes both ends at once.
	remove := func() {
		exec.Command("ip", "netns", "del", ns.Name).Run()
		exec.Command("ip", "link", "del", ns.link0).Run()
	}
	remove() // a crashed run's
	if err := ip("netns", "add", ns.Name); err != nil {
		tb.Skipf("no network namespaces here: %v", err)
	}
	tb.Cleanup(remove)
	for _, args := range [][]string{
		{"link", "add", ns.link0, "type", "veth", "peer", "name", ns.inner},
		{"link", "set", ns.inner, "netns", ns.Name},
		{"addr", "add", ns.Host + "/30", "dev", ns.link0},
		{"link", "set", ns.link0, "up"},
		{"netns", "exec", ns.Name, "ip", "addr", "add", ns.Inside + "/30", "dev", ns.inner},
		{"netns", "exec", ns.Name, "ip", "link", "set", ns.inner, "up"},
		{"netns", "exec", ns.Name, "ip", "link", "set", "lo", "up"},
	} {
		if err := ip(args...); err != nil {
			tb.Fatal(err)
		}
	}
	return ns
}

// Cut takes the namespace's end of the link down, as a pulled cable
// would: what is sent to Inside goes unanswered.
func (ns *Namespace) Cut(tb testing.TB) { ns.link(tb, "down") }

// Mend brings the link back.
func (ns *Namespace) Mend(tb testing.TB) { ns.link(tb, "up") }

func (ns *Namespace) link(tb testing.TB, state string) {
	tb.Helper()
	if out, err := exec.Command("ip", "netns", "exec", ns.Name, "ip", "link", "set", ns.inner, state).CombinedOutput(); err != nil {
		tb.Fatalf("link %s: %v: %s", state, err, out)
	}
}

// Exec is the command prefix that runs a command inside the namespace.
func (ns *Namespace) Exec() []string { return []string{"ip", "netns", "exec", ns.Name} }

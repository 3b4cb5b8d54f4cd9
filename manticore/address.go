package manticore

import (
	"fmt"
	"net"
	"strings"
)

// Address is where a cluster is queried: the SphinxQL addresses of one or
// more of its nodes and the distributed index to query, written
// sphinxql://HOST:PORT[,HOST:PORT…]/INDEX (the form of --backend and
// PULLQUOTE_BACKEND). Searches go to the first node that answers (any
// node's distributed index covers every shard); writes need every node,
// and learn each one's shard from it.
type Address struct {
	Nodes []string
	Index string
}

// Scheme is the scheme of an Address.
const Scheme = "sphinxql://"

// ParseAddress parses s, an Address.
func ParseAddress(s string) (Address, error) {
	rest, ok := strings.CutPrefix(s, Scheme)
	if !ok {
		return Address{}, fmt.Errorf("backend %q: want %sHOST:PORT[,HOST:PORT…]/INDEX", s, Scheme)
	}
	hosts, idx, _ := strings.Cut(rest, "/")
	a := Address{Index: idx}
	if a.Index == "" {
		a.Index = Index
	}
	for _, c := range a.Index {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return Address{}, fmt.Errorf("backend %q: index name %q: want letters, digits and _", s, a.Index)
		}
	}
	for _, h := range strings.Split(hosts, ",") {
		host, port, err := net.SplitHostPort(strings.TrimSpace(h))
		if err != nil || host == "" || port == "" {
			return Address{}, fmt.Errorf("backend %q: node %q: want HOST:PORT", s, h)
		}
		a.Nodes = append(a.Nodes, net.JoinHostPort(host, port))
	}
	return a, nil
}

// String is a in the form ParseAddress reads.
func (a Address) String() string {
	return Scheme + strings.Join(a.Nodes, ",") + "/" + a.Index
}

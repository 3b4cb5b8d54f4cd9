package opensearch

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Schemes of an Address: plain HTTP, or HTTPS.
const (
	Scheme    = "opensearch://"
	SchemeTLS = "opensearchs://"
)

// DefaultIndex is the alias searched when the address names none.
const DefaultIndex = "pullquote"

// Address is a cluster: the HTTP addresses of one or more of its nodes, the
// alias pullquote's index is behind, and how to reach them, written
// opensearch[s]://[USER:PASSWORD@]HOST:PORT[,HOST:PORT…]/INDEX (--backend,
// PULLQUOTE_BACKEND). The user and password may instead come from
// OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD. Requests go to the first
// node that answers.
type Address struct {
	Nodes []string
	Index string
	TLS   bool
	User  string
	// Password is never printed (String leaves it out).
	Password string
}

// ParseAddress parses s, an Address; getenv supplies the credentials
// when s names none (nil: none).
func ParseAddress(s string, getenv func(string) string) (Address, error) {
	var a Address
	rest, ok := strings.CutPrefix(s, Scheme)
	if !ok {
		if rest, ok = strings.CutPrefix(s, SchemeTLS); !ok {
			return a, fmt.Errorf("backend %q: want %sHOST:PORT[,HOST:PORT…]/INDEX (or %s…)", redact(s), Scheme, SchemeTLS)
		}
		a.TLS = true
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		cred, err := url.PathUnescape(rest[:at])
		if err != nil {
			return a, fmt.Errorf("backend %q: credentials: %w", redact(s), err)
		}
		a.User, a.Password, _ = strings.Cut(cred, ":")
		rest = rest[at+1:]
	} else if getenv != nil {
		a.User, a.Password = getenv("OPENSEARCH_USERNAME"), getenv("OPENSEARCH_PASSWORD")
	}
	hosts, idx, _ := strings.Cut(rest, "/")
	a.Index = idx
	if a.Index == "" {
		a.Index = DefaultIndex
	}
	for _, c := range a.Index {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return a, fmt.Errorf("backend %q: index %q: want lower-case letters, digits, _ and -", redact(s), a.Index)
		}
	}
	for _, h := range strings.Split(hosts, ",") {
		host, port, err := net.SplitHostPort(strings.TrimSpace(h))
		if err != nil || host == "" || port == "" {
			return a, fmt.Errorf("backend %q: node %q: want HOST:PORT", redact(s), h)
		}
		a.Nodes = append(a.Nodes, net.JoinHostPort(host, port))
	}
	return a, nil
}

// String is a in the form ParseAddress reads, without the password.
func (a Address) String() string {
	scheme := Scheme
	if a.TLS {
		scheme = SchemeTLS
	}
	user := ""
	if a.User != "" {
		user = url.PathEscape(a.User) + "@"
	}
	return scheme + user + strings.Join(a.Nodes, ",") + "/" + a.Index
}

// redact is an address as the user wrote it, its password hidden.
func redact(s string) string {
	at := strings.LastIndexByte(s, '@')
	i := strings.Index(s, "://")
	if at < 0 || i < 0 || at < i {
		return s
	}
	user, _, _ := strings.Cut(s[i+3:at], ":")
	return s[:i+3] + user + ":***" + s[at:]
}

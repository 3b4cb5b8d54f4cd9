package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// clientLimits is a token bucket per client address. Buckets idle for
// longer than it takes to refill are dropped, so memory follows the
// clients of the last few minutes, not every client ever seen.
type clientLimits struct {
	rate    rate.Limit
	burst   int
	trusted []netip.Prefix

	mu      sync.Mutex
	buckets map[netip.Addr]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// newClientLimits returns limits of perSecond requests with bursts of
// burst per client, or nil (no limits) when perSecond is 0.
func newClientLimits(perSecond float64, burst int, trusted []netip.Prefix) *clientLimits {
	if perSecond <= 0 {
		return nil
	}
	if burst < 1 {
		burst = max(1, int(perSecond))
	}
	return &clientLimits{rate: rate.Limit(perSecond), burst: burst, trusted: trusted, buckets: map[netip.Addr]*bucket{}}
}

// allow takes a token from addr's bucket; when there is none it returns how
// long until there is.
func (c *clientLimits) allow(addr netip.Addr, now time.Time) (bool, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep(now)
	b := c.buckets[addr]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(c.rate, c.burst)}
		c.buckets[addr] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep drops the buckets that have refilled since they were last used
// (they are as good as new), at most once a minute.
func (c *clientLimits) sweep(now time.Time) {
	if now.Sub(c.swept) < time.Minute {
		return
	}
	c.swept = now
	full := time.Duration(float64(c.burst)/float64(c.rate)*float64(time.Second)) + time.Second
	for a, b := range c.buckets {
		if now.Sub(b.seen) > full {
			delete(c.buckets, a)
		}
	}
}

// client returns the address a request comes from: the connection's peer,
// or, when the peer is a trusted proxy, the nearest address in
// X-Forwarded-For that is not one.
func (c *clientLimits) client(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	addr = addr.Unmap()
	if !c.isTrusted(addr) {
		return addr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return addr // a forged or broken header: trust no further
		}
		if hop = hop.Unmap(); !c.isTrusted(hop) {
			return hop
		}
		addr = hop
	}
	return addr
}

func (c *clientLimits) isTrusted(a netip.Addr) bool {
	for _, p := range c.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// limitClients refuses a client past its rate with 429 and Retry-After on
// the routes that search or read the index; static files, the widget's
// script, /healthz and /metrics are never limited.
func (s *server) limitClients(next http.Handler) http.Handler {
	if s.clients == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !limited(r.URL.Path) || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		if ok, wait := s.clients.allow(s.clients.client(r), time.Now()); !ok {
			s.metrics.rateLimited.Inc()
			err := &limitedError{retryAfter: wait}
			if isAPI(r) {
				s.apiError(w, r, err)
			} else {
				s.pageError(w, r, err)
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limited reports whether requests to path count against a client's rate.
func limited(path string) bool {
	switch {
	case path == "/healthz", path == "/metrics", path == "/embed.js", path == "/favicon.ico",
		strings.HasPrefix(path, "/static/"):
		return false
	}
	return true
}

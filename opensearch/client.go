package opensearch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pullquote/pullquote/search"
)

// client sends requests to a cluster's nodes over HTTP, to the first that
// answers: a node that cannot be reached is tried past, and the next
// request starts from the node that answered last.
type client struct {
	addr Address
	http *http.Client
	next atomic.Int64
}

func newClient(addr Address) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	// A node cut off the network answers nothing: try the next after a
	// short wait rather than the default half minute.
	tr.DialContext = (&net.Dialer{Timeout: 2 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return &client{addr: addr, http: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// Error is an error OpenSearch answered, with its status and reason.
type Error struct {
	Status int
	Type   string
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("opensearch: %d %s: %s", e.Status, e.Type, e.Reason)
}

// Is makes a 503 (no copy of a shard to search, a cluster without a
// manager) search.ErrUnavailable: the web answers it 503 with Retry-After.
func (e *Error) Is(target error) bool {
	return target == search.ErrUnavailable && e.Status == http.StatusServiceUnavailable
}

// do sends one request (body nil, a []byte sent as is, or a value sent as
// JSON) and decodes a 2xx answer into out (when not nil). An error answer
// is an *Error; a node that cannot be reached is tried past, and when
// none can, the error names every one.
func (c *client) do(ctx context.Context, method, path string, body any, out any) error {
	var data []byte
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		data, contentType = b, "application/x-ndjson"
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			return fmt.Errorf("opensearch: encode %s %s: %w", method, path, err)
		}
	}
	scheme := "http://"
	if c.addr.TLS {
		scheme = "https://"
	}
	n := len(c.addr.Nodes)
	first := int(c.next.Load() % int64(n))
	var errs []error
	for i := range n {
		k := (first + i) % n
		actx, cancel := ctx, context.CancelFunc(func() {})
		if strings.HasSuffix(path, "/_search") {
			// A node cut off the network holds a request on an open
			// connection until the client gives up: a search tries the
			// next node after searchAttempt instead.
			actx, cancel = context.WithTimeout(ctx, searchAttempt)
		}
		req, err := http.NewRequestWithContext(actx, method, scheme+c.addr.Nodes[k]+path, bytes.NewReader(data))
		if err != nil {
			cancel()
			return err
		}
		if data != nil {
			req.Header.Set("Content-Type", contentType)
		}
		if c.addr.User != "" {
			req.SetBasicAuth(c.addr.User, c.addr.Password)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			cancel()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			errs = append(errs, fmt.Errorf("%s: %w", c.addr.Nodes[k], err))
			continue
		}
		err = decode(resp, method, path, out)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.addr.Nodes[k], err))
			continue // the answer stopped coming: another node
		}
		c.next.Store(int64(k))
		return err
	}
	return fmt.Errorf("opensearch: %s %s: no node answered: %w: %w", method, path, search.ErrUnavailable, errors.Join(errs...))
}

// searchAttempt bounds one node's answer to a search before the next node
// is asked: far above a search's time on a healthy cluster (a common word
// at 1M paragraphs on three nodes: p99 0.15 s), and three nodes tried
// within the web's 10-second deadline.
const searchAttempt = 3 * time.Second

// decode reads resp into out, or its error.
func decode(resp *http.Response, method, path string, out any) error {
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("opensearch: %s %s: read answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error json.RawMessage `json:"error"`
		}
		oe := &Error{Status: resp.StatusCode, Reason: strings.TrimSpace(string(data))}
		if json.Unmarshal(data, &e) == nil && len(e.Error) > 0 {
			var detail struct {
				Type      string `json:"type"`
				Reason    string `json:"reason"`
				RootCause []struct {
					Reason string `json:"reason"`
				} `json:"root_cause"`
			}
			if json.Unmarshal(e.Error, &detail) == nil {
				oe.Type, oe.Reason = detail.Type, detail.Reason
				if len(detail.RootCause) > 0 && detail.RootCause[0].Reason != detail.Reason {
					oe.Reason += " (" + detail.RootCause[0].Reason + ")"
				}
			} else {
				oe.Reason = string(e.Error)
			}
		}
		return fmt.Errorf("%s %s: %w", method, path, oe)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("opensearch: %s %s: decode answer: %w", method, path, err)
	}
	return nil
}

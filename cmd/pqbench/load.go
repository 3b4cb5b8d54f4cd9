package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pullquote/pullquote/search/admission"
	"github.com/pullquote/pullquote/web"
)

// runChildServe serves the pullquote index at -dir with the real web
// handler on a loopback port, prints "ADDR host:port", and serves until
// its standard input closes.
func runChildServe(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	c, fs, _ := parseChild(childServe, args)
	if err := fs.Parse(args); err != nil {
		return err
	}
	q, err := openPullquote(c.dir)
	if err != nil {
		return err
	}
	defer q.close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// The round-robin load measures the engine: no cache, and a queue that
	// never refuses. The replay measures the product as served.
	opts := web.Options{CacheBytes: -1, Admission: admission.Options{Queue: 1 << 16, MaxWait: time.Minute}}
	if c.cacheMB > 0 {
		opts.CacheBytes = c.cacheMB << 20
	}
	if c.served {
		opts.Admission = admission.Options{}
	}
	srv := &http.Server{Handler: web.NewHandler(slog.New(slog.DiscardHandler), q.s, opts), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "ADDR %s\n", ln.Addr())
	go func() { io.Copy(io.Discard, stdin); srv.Close() }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		srv.Close()
		return ctx.Err()
	}
}

// apiURL is the /api/search address for q, with the same parameters the
// page uses.
func apiURL(base string, q query) string {
	req := request(q)
	v := url.Values{"q": {req.Query}}
	if q.filtered() {
		v.Set("outlet", q.Outlet)
		v.Set("score", fmt.Sprintf("%g..", q.MinScore))
	}
	return base + "/api/search?" + v.Encode()
}

// loadOut is what a load child reports.
type loadOut struct {
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"first_error,omitempty"`
	Seconds     float64 `json:"seconds"`
	RPS         float64 `json:"rps"`
	P50         float64 `json:"p50_ms"`
	P99         float64 `json:"p99_ms"`
}

// runChildLoad sends /api/search requests for every query, round robin,
// from -c workers for -d, and reports throughput and errors. Any status but
// 200 is an error.
func runChildLoad(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet(childLoad, flag.ContinueOnError)
	base := fs.String("url", "", "server base URL")
	conc := fs.Int("c", 1, "concurrency")
	dur := fs.Duration("d", 10*time.Second, "duration")
	qpath := fs.String("queries", "", "queries JSON file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	qs, err := readQueries(*qpath)
	if err != nil {
		return err
	}
	urls := make([]string, len(qs))
	for i, q := range qs {
		urls[i] = apiURL(*base, q)
	}
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, DisableCompression: true},
		Timeout:   30 * time.Second,
	}
	var (
		mu   sync.Mutex
		lats []float64
		out  = loadOut{Concurrency: *conc}
		wg   sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(*dur)
	for w := range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var my []float64
			var errs int
			var first string
			for i := w * len(urls) / *conc; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				t := time.Now()
				err := get(ctx, client, urls[i%len(urls)])
				my = append(my, float64(time.Since(t).Nanoseconds())/1e6)
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			lats = append(lats, my...)
			out.Errors += errs
			if out.FirstError == "" {
				out.FirstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.Seconds = time.Since(start).Seconds()
	out.Requests = len(lats)
	out.RPS = float64(out.Requests) / out.Seconds
	sort.Float64s(lats)
	out.P50, out.P99 = percentile(lats, 50), percentile(lats, 99)
	return json.NewEncoder(stdout).Encode(out)
}

func get(ctx context.Context, c *http.Client, u string) error {
	r, err := getReply(ctx, c, u)
	if err != nil {
		return err
	}
	if r.status != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", u, r.statusLine, r.head)
	}
	return nil
}

// reply is what a GET brought back: its status, its Retry-After header
// and the start of its body, for an error message.
type reply struct {
	status     int
	statusLine string
	retryAfter string
	head       string
}

// getReply GETs u and reads its body to the end, so the connection is
// reused.
func getReply(ctx context.Context, c *http.Client, u string) (reply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return reply{}, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	body := bufio.NewReader(resp.Body)
	var head [64]byte
	n, _ := io.ReadFull(body, head[:])
	if _, err := io.Copy(io.Discard, body); err != nil {
		return reply{}, err
	}
	return reply{resp.StatusCode, resp.Status, resp.Header.Get("Retry-After"), strings.TrimSpace(string(head[:n]))}, nil
}

// percentile returns the p-th percentile of sorted xs (nearest rank).
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

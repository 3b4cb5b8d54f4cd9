package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

// replayOut is what a replay child reports: the served product under a
// realistic mix, as a public widget and API see it.
type replayOut struct {
	Concurrency int     `json:"concurrency"`
	Cache       bool    `json:"cache"`
	Distinct    int     `json:"distinct_requests"`
	Requests    int     `json:"requests"`
	Seconds     float64 `json:"seconds"`
	RPS         float64 `json:"rps"`
	OK          int     `json:"ok"`
	// P50, P99 and Max are of the admitted (200) searches, in ms.
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
	// RefusedP99 is how long a 503 or 429 took to come back, in ms: a
	// search that cannot be served is refused early, not at its deadline.
	RefusedP99 float64 `json:"refused_p99_ms"`
	// Busy and Limited count 503 and 429 answers; NoRetryAfter those of
	// them without a Retry-After header (each one is a fault).
	Busy         int     `json:"busy_503"`
	Limited      int     `json:"limited_429"`
	NoRetryAfter int     `json:"no_retry_after"`
	Errors       int     `json:"errors"`
	FirstError   string  `json:"first_error,omitempty"`
	HitRate      float64 `json:"cache_hit_rate"`
	// HealthzP99 is /healthz's p99 meanwhile, probed every 50 ms from
	// another process (probeHealthz) so that the load client's own
	// scheduling delay is not counted.
	HealthzP99 float64 `json:"healthz_p99_ms"`
}

// tailSize is how many distinct tail queries the replay draws: far more
// than the default cache holds (~64 MiB of answers, a few thousand), so
// that the tail misses as it would on a public site.
const tailSize = 30000

// replayMix is the distinct requests of the replay, most frequent first: a
// few widget presets (an iframe and an API call with a preset film score
// floor, as one popular page sends for every visitor, and the film card
// a widget with data-work asks for: /api/films/{film}), then every drawn
// query and tailSize queries from real review text (the rt-pixar quotes;
// pairs of the drawn queries' words where they are absent), shuffled, for
// the long tail.
func replayMix(base string, qs []query, films []string, rtDir string, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 0x2e91a7))
	var out []string
	for i := 0; i < 5 && i < len(qs); i++ {
		w := strings.Fields(strings.Trim(request(qs[i]).Query, `"`))
		if len(w) == 0 {
			continue
		}
		out = append(out, base+"/embed?"+url.Values{"q": {w[0] + " "}, "min_score": {"60"}, "size": {"5"}}.Encode())
		out = append(out, base+"/api/search?"+url.Values{"q": {w[0] + " "}, "score": {"60.."}, "size": {"5"}}.Encode())
	}
	for _, f := range films {
		out = append(out, base+"/api/films/"+url.PathEscape(f))
	}
	tail := make([]string, 0, len(qs))
	for _, q := range qs {
		tail = append(tail, apiURL(base, q))
	}
	texts := realQueries(rtDir, tailSize, r)
	if len(texts) == 0 {
		texts = wordPairs(qs, tailSize, r)
	}
	for _, t := range texts {
		tail = append(tail, base+"/api/search?"+url.Values{"q": {t}}.Encode())
	}
	r.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	return append(out, tail...)
}

// topFilms returns the slugs of the server's n most reviewed films, none
// when it lists none.
func topFilms(ctx context.Context, c *http.Client, base string, n int) []string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/films?size="+strconv.Itoa(n), nil)
	if err != nil {
		return nil
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var list struct {
		Films []struct{ Slug string } `json:"films"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&list) != nil {
		return nil
	}
	var out []string
	for _, f := range list.Films {
		out = append(out, f.Slug)
	}
	return out
}

// realQueries draws n queries from real review quotes in dir (the rt-pixar
// export): two to four consecutive words, a quarter of them as a "phrase".
// None when dir is absent.
func realQueries(dir string, n int, r *rand.Rand) []string {
	if _, err := os.Stat(dir); err != nil || dir == "" {
		return nil
	}
	var texts []string
	_, err := corpus.LoadPaths(context.Background(), []string{dir}, corpus.Options{}, func(rv corpus.Review) error {
		texts = append(texts, rv.Paragraphs...)
		return nil
	})
	if err != nil || len(texts) == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for len(out) < n {
		w := strings.Fields(texts[r.IntN(len(texts))])
		k := 2 + r.IntN(3)
		if len(w) < k {
			continue
		}
		i := r.IntN(len(w) - k + 1)
		q := strings.Join(w[i:i+k], " ")
		if r.IntN(4) == 0 {
			q = `"` + strings.Trim(q, `"“”.,;:!?`) + `"`
		}
		out = append(out, q)
	}
	return out
}

// wordPairs draws n two-word queries from the drawn queries' words.
func wordPairs(qs []query, n int, r *rand.Rand) []string {
	var words []string
	for _, q := range qs {
		words = append(words, q.Words...)
	}
	if len(words) == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = words[r.IntN(len(words))] + " " + words[r.IntN(len(words))]
	}
	return out
}

// runChildReplay sends the replay mix from -c workers for -d, each request
// drawn from a Zipf distribution over the mix (s = 1.1: the presets take
// most of the traffic, the tail is long), and reads the cache's hit rate
// from /metrics.
func runChildReplay(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet(childReplay, flag.ContinueOnError)
	base := fs.String("url", "", "server base URL")
	conc := fs.Int("c", 16, "concurrency")
	dur := fs.Duration("d", 60*time.Second, "duration")
	qpath := fs.String("queries", "", "queries JSON file")
	rt := fs.String("rt", "", "folder of real reviews to draw tail queries from")
	seed := fs.Uint64("seed", 1, "seed")
	cache := fs.Bool("cache", true, "whether the server caches (reported only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	qs, err := readQueries(*qpath)
	if err != nil {
		return err
	}
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: *conc + 1, MaxConnsPerHost: *conc + 1, DisableCompression: true},
		Timeout:   30 * time.Second,
	}
	mix := replayMix(*base, qs, topFilms(ctx, client, *base, 3), *rt, *seed)
	hits0, miss0 := cacheCounts(ctx, client, *base)
	out := replayOut{Concurrency: *conc, Cache: *cache, Distinct: len(mix)}
	var (
		mu            sync.Mutex
		lats, refused []float64
		wg            sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(*dur)
	for w := range *conc {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(*seed, uint64(w)))
			z := rand.NewZipf(r, 1.1, 1, uint64(len(mix)-1))
			var my, myRefused []float64
			var o replayOut
			for time.Now().Before(deadline) && ctx.Err() == nil {
				u := mix[z.Uint64()]
				t := time.Now()
				r, err := getReply(ctx, client, u)
				status, retry := r.status, r.retryAfter
				o.Requests++
				switch {
				case err != nil:
					o.Errors++
					if o.FirstError == "" {
						o.FirstError = err.Error()
					}
				case status == http.StatusOK:
					o.OK++
					my = append(my, float64(time.Since(t).Nanoseconds())/1e6)
				case status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests:
					myRefused = append(myRefused, float64(time.Since(t).Nanoseconds())/1e6)
					if status == http.StatusServiceUnavailable {
						o.Busy++
					} else {
						o.Limited++
					}
					if retry == "" {
						o.NoRetryAfter++
					}
				default:
					o.Errors++
					if o.FirstError == "" {
						o.FirstError = fmt.Sprintf("GET %s: status %d", u, status)
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			lats, refused = append(lats, my...), append(refused, myRefused...)
			out.Requests += o.Requests
			out.OK += o.OK
			out.Busy += o.Busy
			out.Limited += o.Limited
			out.NoRetryAfter += o.NoRetryAfter
			out.Errors += o.Errors
			if out.FirstError == "" {
				out.FirstError = o.FirstError
			}
		})
	}
	wg.Wait()
	out.Seconds = time.Since(start).Seconds()
	out.RPS = float64(out.Requests) / out.Seconds
	sort.Float64s(lats)
	sort.Float64s(refused)
	out.P50, out.P99, out.RefusedP99 = percentile(lats, 50), percentile(lats, 99), percentile(refused, 99)
	if len(lats) > 0 {
		out.Max = lats[len(lats)-1]
	}
	if hits1, miss1 := cacheCounts(ctx, client, *base); hits1+miss1 > hits0+miss0 {
		out.HitRate = (hits1 - hits0) / (hits1 + miss1 - hits0 - miss0)
	}
	return json.NewEncoder(stdout).Encode(out)
}

// probeHealthz GETs base/healthz every 50 ms until stop closes and returns
// the p99 of the answers' times in ms.
func probeHealthz(ctx context.Context, base string, stop <-chan struct{}) float64 {
	client := &http.Client{Timeout: 10 * time.Second}
	var lats []float64
	for {
		t := time.Now()
		if err := get(ctx, client, base+"/healthz"); err == nil {
			lats = append(lats, float64(time.Since(t).Nanoseconds())/1e6)
		}
		select {
		case <-stop:
			sort.Float64s(lats)
			return percentile(lats, 99)
		case <-ctx.Done():
			return 0
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// cacheCounts reads the cache's hit and miss counters from /metrics.
func cacheCounts(ctx context.Context, c *http.Client, base string) (hits, misses float64) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return 0, 0
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			continue
		}
		switch name {
		case "pullquote_cache_hits_total":
			hits = v
		case "pullquote_cache_misses_total":
			misses = v
		}
	}
	return hits, misses
}

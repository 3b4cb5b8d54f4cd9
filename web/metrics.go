package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what /metrics shows, in the Prometheus text format: requests
// by route and status, search latency, the answer cache, the admission
// gate and rate limiting, and the Go runtime. Each handler has its own
// registry (no global state).
type metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	searches    *prometheus.HistogramVec
	rateLimited prometheus.Counter
}

func (s *server) newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pullquote_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		searches: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "pullquote_search_duration_seconds", Help: "Time to answer a search, cached or not, by outcome (ok, invalid, busy, error).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"outcome"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pullquote_rate_limited_total", Help: "Requests refused with 429 for going past a client's rate.",
		}),
	}
	cache, gate := s.searcher, s.gate
	m.registry.MustRegister(
		m.requests, m.searches, m.rateLimited,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "pullquote_cache_hits_total", Help: "Searches answered from the answer cache.",
		}, func() float64 { return float64(cache.Stats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "pullquote_cache_misses_total", Help: "Searches not in the answer cache.",
		}, func() float64 { return float64(cache.Stats().Misses) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "pullquote_cache_runs_total", Help: "Searches run for cache misses (identical misses at once share one run).",
		}, func() float64 { return float64(cache.Stats().Runs) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pullquote_cache_bytes", Help: "Estimated bytes of answers in the cache.",
		}, func() float64 { return float64(cache.Stats().Bytes) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pullquote_cache_entries", Help: "Answers in the cache.",
		}, func() float64 { return float64(cache.Stats().Entries) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pullquote_searches_running", Help: "Searches running now.",
		}, func() float64 { return float64(gate.Stats().Running) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pullquote_searches_queued", Help: "Searches waiting for a free slot now.",
		}, func() float64 { return float64(gate.Stats().Waiting) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "pullquote_searches_rejected_total", Help: "Searches refused with 503 because the running and queued searches were at their bound.",
		}, func() float64 { return float64(gate.Stats().Rejected) }),
	)
	return m
}

// handler serves /metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{DisableCompression: true}) // compressed by s.compress
}

// observeSearch records one search's time by outcome.
func (m *metrics) observeSearch(start time.Time, err error) {
	outcome := "ok"
	if err != nil {
		switch status, _ := statusOf(err); status {
		case http.StatusBadRequest:
			outcome = "invalid"
		case http.StatusServiceUnavailable:
			outcome = "busy"
		default:
			outcome = "error"
		}
	}
	m.searches.WithLabelValues(outcome).Observe(time.Since(start).Seconds())
}

// countRequests counts each request by its route's path template (so
// /reviews/{id} is one series however many reviews there are).
func (m *metrics) countRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := "other"
		if cr := mux.CurrentRoute(r); cr != nil {
			if t, err := cr.GetPathTemplate(); err == nil {
				route = t
			}
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
	})
}

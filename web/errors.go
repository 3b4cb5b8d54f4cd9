package web

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/pullquote/pullquote/search"
)

// statusOf is the one place that maps an error to an HTTP status and the
// message a user may see. Internal errors get a generic message; their
// detail goes to the log only.
func statusOf(err error) (int, string) {
	var (
		inv     *search.InvalidError
		busy    *search.BusyError
		limited *limitedError
	)
	switch {
	case errors.As(err, &inv):
		return http.StatusBadRequest, inv.Error()
	case errors.As(err, &busy):
		return http.StatusServiceUnavailable, "the server is busy; try again in a moment"
	case errors.As(err, &limited):
		return http.StatusTooManyRequests, "too many requests from your address; try again in a moment"
	case errors.Is(err, search.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, search.ErrUnavailable):
		return http.StatusServiceUnavailable, "part of the index is not answering; try again in a moment"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the search took too long; try again"
	}
	return http.StatusInternalServerError, "internal error"
}

// retryAfter is when a client refused by err may try again, 0 when err
// is not a refusal. Every 503 and 429 has one.
func retryAfter(err error) time.Duration {
	var (
		busy    *search.BusyError
		limited *limitedError
	)
	switch {
	case errors.As(err, &busy):
		return busy.RetryAfter
	case errors.As(err, &limited):
		return limited.retryAfter
	case errors.Is(err, search.ErrUnavailable):
		return search.UnavailableRetry
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return search.DeadlineRetry
	}
	return 0
}

// limitedError refuses a client past its rate limit (ratelimit.go).
type limitedError struct{ retryAfter time.Duration }

func (e *limitedError) Error() string { return "rate limited for " + e.retryAfter.String() }

// refused reports whether err refuses a request by design (the admission
// gate is full, the client is past its rate) rather than a fault.
func refused(err error) bool {
	var (
		busy    *search.BusyError
		limited *limitedError
	)
	return errors.As(err, &busy) || errors.As(err, &limited)
}

// failed maps err to its status and message, logs it when the fault is
// ours, and tells a refused client when to retry (Retry-After, in whole
// seconds). Every handler reports errors through it. A refusal by design
// is no fault: its access line is at INFO and the refusals are counted
// in one summary line a while (refusalLog).
func (s *server) failed(w http.ResponseWriter, r *http.Request, err error) (int, string) {
	status, msg := statusOf(err)
	if refused(err) {
		if n, ok := r.Context().Value(noteKey{}).(*requestNote); ok {
			n.refused = true
		}
		s.refusals.add(r.Context(), s.logger, status, time.Now())
	} else {
		logError(s.logger, r, status, err)
	}
	if d := retryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
	return status, msg
}

// logError logs err when its status says the fault is ours. A request the
// client gave up on (the page's script aborts stale searches as you type)
// is not a fault.
func logError(logger *slog.Logger, r *http.Request, status int, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return
	}
	if status >= 500 {
		logger.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", status), slog.String("error", err.Error()))
	}
}

// errorJSON is the body of every API error.
type errorJSON struct {
	Error string `json:"error"`
}

// apiError writes err as JSON with its status.
func (s *server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := s.failed(w, r, err)
	writeJSON(w, status, errorJSON{Error: msg})
}

// pageError renders err as an HTML page with its status; for the results
// fragment, as a fragment (the page's script swaps a 400's fragment in and
// says any other refusal itself).
func (s *server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := s.failed(w, r, err)
	if r.URL.Path == "/partials/results" {
		s.render(w, r, status, "results.html", &searchPage{Error: msg, Compact: r.URL.Query().Get("compact") == "1"})
		return
	}
	s.render(w, r, status, "error.html", errorPage{
		pageBase: s.base(r, http.StatusText(status)),
		Status:   status,
		Message:  msg,
	})
}

// errorPage is the view of error.html.
type errorPage struct {
	pageBase
	Status  int
	Message string
}

// refusalEvery is how often the summary of refused requests is logged, at
// most.
const refusalEvery = 10 * time.Second

// refusalLog counts refused requests and logs how many, by status, at most
// once every refusalEvery: under overload thousands of refusals a second
// are a WARN line every ten seconds, not an ERROR line each. The first
// refusal after a quiet spell is logged at once; the exact counts are in
// /metrics.
type refusalLog struct {
	mu     sync.Mutex
	last   time.Time // of the last summary
	counts map[int]int
}

// add counts one refusal with status at now, logging the counts since the
// last summary when refusalEvery has passed since it.
func (l *refusalLog) add(ctx context.Context, logger *slog.Logger, status int, now time.Time) {
	l.mu.Lock()
	if l.counts == nil {
		l.counts = map[int]int{}
	}
	l.counts[status]++
	if !l.last.IsZero() && now.Sub(l.last) < refusalEvery {
		l.mu.Unlock()
		return
	}
	var attrs []slog.Attr
	if !l.last.IsZero() {
		attrs = append(attrs, slog.Duration("since_last", now.Sub(l.last)))
	}
	for _, st := range slices.Sorted(maps.Keys(l.counts)) {
		attrs = append(attrs, slog.Int("status_"+strconv.Itoa(st), l.counts[st]))
	}
	l.counts, l.last = map[int]int{}, now
	l.mu.Unlock()
	logger.LogAttrs(ctx, slog.LevelWarn, "requests refused", attrs...)
}

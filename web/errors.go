package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/pullquote/pullquote/search"
)

// statusOf is the one place that maps an error to an HTTP status and the
// message a user may see. Internal errors get a generic message; their
// detail goes to the log only.
func statusOf(err error) (int, string) {
	var inv *search.InvalidError
	switch {
	case errors.As(err, &inv):
		return http.StatusBadRequest, inv.Error()
	case errors.Is(err, search.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the search took too long; try again"
	}
	return http.StatusInternalServerError, "internal error"
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
	status, msg := statusOf(err)
	logError(s.logger, r, status, err)
	writeJSON(w, status, errorJSON{Error: msg})
}

// pageError renders err as an HTML page with its status.
func (s *server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := statusOf(err)
	logError(s.logger, r, status, err)
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

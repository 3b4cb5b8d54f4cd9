package web

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// requestTimeout bounds the work one request may cause.
const requestTimeout = 10 * time.Second

// cspPage is the Content-Security-Policy of every page: scripts, styles and
// fetches from this origin only, no inline code, no framing. The templates
// hold no inline scripts, styles or style attributes, so the UI satisfies it.
const cspPage = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-src 'self'; frame-ancestors 'none'"

// frameAncestors is the frame-ancestors source list of /embed.
func (s *server) frameAncestors() string {
	if len(s.opts.AllowOrigins) == 0 {
		return "*"
	}
	return "'self' " + strings.Join(s.opts.AllowOrigins, " ")
}

// securityHeaders sets the CSP and its companions on every response.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		switch {
		case r.URL.Path == "/embed":
			// The iframe widget: framable by the allowed origins.
			h.Set("Content-Security-Policy", strings.Replace(cspPage, "frame-ancestors 'none'", "frame-ancestors "+s.frameAncestors(), 1))
		default:
			h.Set("Content-Security-Policy", cspPage)
			h.Set("X-Frame-Options", "DENY")
		}
		if r.URL.Path == "/embed.js" || strings.HasPrefix(r.URL.Path, "/static/") || strings.HasPrefix(r.URL.Path, "/api/") {
			// Other sites load the widget's script and styles and read the API.
			h.Set("Cross-Origin-Resource-Policy", "cross-origin")
			if !strings.HasPrefix(r.URL.Path, "/api/") {
				h.Set("Access-Control-Allow-Origin", "*") // public files; tools on the host page may read them
			}
		} else {
			h.Set("Cross-Origin-Resource-Policy", "same-origin")
		}
		next.ServeHTTP(w, r)
	})
}

// allowed reports whether origin may read the API.
func (s *server) allowed(origin string) bool {
	return len(s.opts.AllowOrigins) == 0 || slices.Contains(s.opts.AllowOrigins, origin)
}

// cors lets the allowed origins read /api/* responses and answers their
// preflight requests.
func (s *server) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAPI(r) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		if len(s.opts.AllowOrigins) == 0 {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Add("Vary", "Origin")
			if o := r.Header.Get("Origin"); o != "" && s.allowed(o) {
				h.Set("Access-Control-Allow-Origin", o)
			}
		}
		if r.Method == http.MethodOptions {
			s.preflight(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// preflight answers CORS preflight requests on /api/*.
func (s *server) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Content-Type")
	h.Set("Access-Control-Max-Age", "600")
	h.Set("Allow", "GET, HEAD, POST, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

// limits refuses oversized query strings and bounds each request's time.
func (s *server) limits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := len(r.URL.RawQuery); n > maxRawQuery {
			err := invalid("query string", "%d bytes, at most %d allowed", n, maxRawQuery)
			if isAPI(r) {
				s.apiError(w, r, err)
			} else {
				s.pageError(w, r, err)
			}
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// recoverPanics turns a panic into a logged 500 with a generic message.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		note := &requestNote{}
		r = r.WithContext(context.WithValue(r.Context(), noteKey{}, note))
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		level := slog.LevelInfo
		if sw.status >= 500 && r.Context().Err() == nil && !note.refused { // not a client that left, nor a refusal by design
			level = slog.LevelError
		}
		s.logger.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("query_bytes", len(r.URL.RawQuery)),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("took", time.Since(start)),
			slog.String("remote", r.RemoteAddr))
	})
}

// requestNote is what a handler tells the access log about its request
// (in the request's context under noteKey).
type requestNote struct {
	// refused is set when the request was refused by design (see
	// refused), not failed.
	refused bool
}

// noteKey is the context key of a request's *requestNote.
type noteKey struct{}

// notFound serves unknown paths: JSON under /api, a page elsewhere.
func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		s.apiNotFound(w, r)
		return
	}
	s.render(w, r, http.StatusNotFound, "error.html", errorPage{
		pageBase: s.base(r, "Not found"), Status: http.StatusNotFound,
		Message: "There is no page at this address.",
	})
}

func (s *server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusNotFound, errorJSON{Error: "no such endpoint: " + r.URL.Path})
}

func (s *server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		s.apiMethodNotAllowed(w, r)
		return
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
}

func (s *server) apiMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD, OPTIONS")
	writeJSON(w, http.StatusMethodNotAllowed, errorJSON{Error: "method " + r.Method + " not allowed; the API is read-only (POST only on /api/check)"})
}

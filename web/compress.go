package web

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
)

// compressible are the content types worth compressing.
var compressible = []string{"text/html", "text/css", "application/json", "text/javascript", "application/javascript", "text/plain", "image/svg+xml"}

// gzipWriter compresses a response once its header says it is compressible.
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (w *gzipWriter) WriteHeader(code int) {
	if !w.decided {
		w.decided = true
		h := w.Header()
		ct := h.Get("Content-Type")
		ok := code != http.StatusNoContent && code != http.StatusNotModified && h.Get("Content-Encoding") == ""
		if ok && slices.ContainsFunc(compressible, func(c string) bool { return strings.HasPrefix(ct, c) }) {
			h.Set("Content-Encoding", "gzip")
			h.Del("Content-Length")
			w.gz, _ = gzip.NewWriterLevel(w.ResponseWriter, gzip.DefaultCompression)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if !w.decided {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(b))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// compress gzips HTML, JSON, JavaScript and CSS for clients that accept it
// (a results page shrinks to a fifth).
func (s *server) compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Method == http.MethodHead || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		next.ServeHTTP(gw, r)
		if gw.gz != nil {
			_ = gw.gz.Close()
		}
	})
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) listed, and not
// with q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if name = strings.TrimSpace(name); !strings.EqualFold(name, "gzip") && name != "*" {
			continue
		}
		q, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !found {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

// assetHashes are the content hashes of the embedded static files, by
// path under static/, computed once: they are the files' ETags and the
// version in the URLs the pages use (see assetURL), so a browser keeps a
// file until it changes.
func assetHashes(files fs.FS) map[string]string {
	out := map[string]string{}
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := files.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		out[p] = hex.EncodeToString(h.Sum(nil))[:12]
		return nil
	})
	return out
}

// assetURL is the address of a static file with its content hash, which
// may be cached for a year (the "asset" template function).
func assetURL(name string) string {
	return "/static/" + name + "?v=" + staticHashes[name]
}

// assets serves the embedded static files: an ETag from the content hash
// (a revalidation is a 304), cached a year when asked for by the versioned
// URL the pages use, an hour otherwise (the widget's stylesheet is loaded
// by a fixed address). Any other path is not found: no listing of a
// folder, and no path the file system refuses (invalid UTF-8, "..") can
// reach it and come back a server error.
func (s *server) assets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean(strings.TrimPrefix(r.URL.Path, "/"))
		h, ok := staticHashes[name]
		if !ok {
			s.notFound(w, r)
			return
		}
		w.Header().Set("ETag", `"`+h+`"`)
		if r.URL.Query().Get("v") == h {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		s.static.ServeHTTP(w, r)
	})
}

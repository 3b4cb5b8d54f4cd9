package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCompression(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	for _, target := range []string{"/?q=clever", "/api/search?q=clever", "/static/app.css", "/static/app.js", "/embed.js", "/api/openapi.json"} {
		plain := body(t, get(t, h, target))
		resp := get(t, h, target, "Accept-Encoding", "br, gzip;q=0.8")
		if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Content-Encoding %q, Vary %q; want gzip, Accept-Encoding", target, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
			continue
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if target != "/?q=clever" && target != "/api/search?q=clever" && string(got) != plain { // searches report their time
			t.Errorf("%s: the gzipped body differs from the plain one", target)
		}
		if len(got) == 0 {
			t.Errorf("%s: empty", target)
		}
	}
	for _, ae := range []string{"", "identity", "gzip;q=0"} {
		if resp := get(t, h, "/static/app.css", "Accept-Encoding", ae); resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("Accept-Encoding %q: compressed anyway", ae)
		}
	}
}

func TestStaticAssetsAreVersioned(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	page := body(t, get(t, h, "/"))
	url := assetURL("app.css")
	if !strings.Contains(page, `href="`+url+`"`) || !strings.Contains(url, "?v="+staticHashes["app.css"]) || len(staticHashes["app.css"]) != 12 {
		t.Fatalf("the page does not link the stylesheet by its content hash (%s)", url)
	}
	resp := get(t, h, url)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || etag != `"`+staticHashes["app.css"]+`"` || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("%s: %d, ETag %q, Cache-Control %q", url, resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
	}
	if cc := get(t, h, "/static/embed.css").Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("an unversioned address is cached for good: %q", cc)
	}
	if again := get(t, h, "/static/app.css", "If-None-Match", etag); again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating with the ETag: %d, want 304", again.StatusCode)
	}
}

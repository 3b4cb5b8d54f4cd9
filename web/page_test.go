package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

func TestPage(t *testing.T) {
	tests := []struct {
		name   string
		target string
		status int
		want   []string // substrings the page must hold
		not    []string // and must not
	}{
		{"landing", "/", 200,
			[]string{`<form id="search-form"`, `method="get"`, `Find the review that said it.`, `<label for="q"`,
				`<a href="/?q=%22busily&#43;devising%22" data-nav>&#34;busily devising&#34;</a>`, `<a href="/?work=Never&#43;Sorry" data-nav>reviews of Never Sorry</a>`},
			[]string{`class="hit"`}},
		{"results", "/?q=clever", 200,
			[]string{`4 results for “clever”`, `<mark>clever</mark>`, `class="badge great"`, `Kerry Lengel`, `Phoenix New Times`,
				`<time datetime="2012-08-09">9 Aug 2012</time>`, `href="/reviews/r1#p0"`, `data-quote="“The metaphor is plain`,
				`name="score" value="80..100" form="search-form"`, `name="outlet" value="Variety" form="search-form"`,
				`aria-live="polite"`, `<option value="relevance" selected>`},
			nil},
		{"escaped user text", "/?q=cat+%3Cscript%3E", 200,
			[]string{`cat &lt;script&gt;`}, []string{`<script>`}},
		{"escaped paragraph and author", "/?q=camera", 200,
			[]string{`&lt;really&gt;`, `moviefan &lt;b&gt;99&lt;/b&gt;`, `<span class="tag spoiler">Spoiler</span>`, `12 of 15 found this helpful`, `class="badge good"`},
			[]string{`<really>`, `<b>99</b>`}},
		{"selected filters are ticked", "/?q=clever&outlet=Variety&score=0..39.999", 200,
			[]string{`1 result for “clever”`, `value="Variety" form="search-form" checked`, `value="0..39.999" form="search-form" checked`, `class="badge poor"`},
			[]string{`value="80..100" form="search-form" checked`}},
		{"year links and kept dates", "/?q=clever&from=2012-01-01&to=2012-12-31", 200,
			[]string{`name="from" value="2012-01-01" form="search-form"`, `aria-current="true" class="selected">2012`, `Any date`},
			nil},
		{"no empty facet rows but the ticked", "/?q=documentary&score=0..39.999", 200,
			[]string{`value="0..39.999" form="search-form" checked`, `value="80..100" form="search-form"`},
			[]string{`value="40..59.999" form="search-form"`}}, // no documentary scores 40–59 and it is not ticked
		{"iframe snippet may copy", "/embed/demo", 200, []string{`allow=&#34;clipboard-write&#34;`}, nil},
		{"active filters as chips", "/?q=clever&outlet=Variety&score=0..39.999&from=2011-01-01&to=2011-12-31", 200,
			[]string{`aria-label="Active filters"`, `<span>Outlet: Variety</span> <a href="/?from=2011-01-01&amp;q=clever&amp;score=0..39.999&amp;to=2011-12-31"`,
				`<span>Score: 0–39</span>`, `<span>Date: 2011</span>`, `<a href="/?q=clever" data-nav>Clear all</a>`},
			nil},
		{"no filters, no chips", "/?q=clever", 200, nil, []string{`aria-label="Active filters"`}},
		{"empty state names the filter", "/?q=cat&outlet=Variety", 200,
			[]string{`No review says that with outlet Variety.`, `<a href="/?q=cat" data-nav>Remove the filter</a>`}, nil},
		{"film facet, ticked first", "/?q=clever&work=Other+Film", 200,
			[]string{`<legend>Film</legend>`, `<input type="checkbox" name="work" value="Other Film" form="search-form" checked>`,
				`<span class="facet-label">Other Film</span><span class="count" data-facet-count>1</span>`, `name="work" value="Never Sorry"`},
			[]string{`<input type="hidden" name="work"`}},
		{"empty state suggests", "/?q=clevr+kat", 200,
			[]string{`No review says that.`, `href="/?q=clever&#43;cat"`, `Try <a`}, nil},
		{"pagination", "/?q=clever&size=1&page=2", 200,
			[]string{`rel="prev"`, `rel="next"`, `aria-current="page">2<`, `href="/?q=clever&amp;size=1"`}, nil},
		{"bad parameter shows the form and error", "/?q=cat&score=500", 400,
			[]string{`role="alert"`, `invalid score`, `value="cat"`}, nil},
		// A refused parameter is not kept for the next search, nor is a
		// default: a hidden size=0 refused every search after one error.
		{"a refused search keeps no default", "/partials/results?q=cat&sort=bogus", 400,
			[]string{`invalid sort`}, []string{`name="size"`, `name="sort"`}},
		{"a refused parameter is not kept", "/partials/results?q=cat&size=500&kind=user", 400,
			[]string{`invalid size`, `<input type="hidden" name="kind" value="user" form="search-form">`}, []string{`name="size"`}},
		{"a refused kind is not kept, the size is", "/partials/results?q=cat&kind=robot&size=20", 400,
			[]string{`invalid kind`, `<input type="hidden" name="size" value="20" form="search-form">`}, []string{`name="kind"`}},
		{"a size asked for is kept", "/?q=cat&size=20", 200,
			[]string{`<input type="hidden" name="size" value="20" form="search-form">`}, nil},
		{"a long query is searched by its first words", "/?q=" + strings.Repeat("cat+", 69) + "camera", 200,
			[]string{`Searched the first 64 of 70 words.`, `value="` + strings.Repeat("cat ", 69) + `camera"`, `class="hit"`},
			[]string{`role="alert"`, `invalid q`}},
		{"review page", "/reviews/r3", 200,
			[]string{`<p id="p0" class="para">A cat &amp; a camera`, `moviefan &lt;b&gt;99&lt;/b&gt;`, `Back to search`}, nil},
		{"missing review", "/reviews/nope", 404, []string{`404`, `not found`}, nil},
		{"unknown page", "/nope", 404, []string{`There is no page at this address.`}, nil},
		{"embed frame", "/embed?min_score=80&theme=dark", 200,
			[]string{`data-theme="dark"`, `name="score" value="80..100"`, `name="theme" value="dark"`, `data-partial="/partials/results?compact=1"`},
			[]string{`class="facets"`}},
		{"embed demo", "/embed/demo", 200,
			[]string{`&lt;script src=&#34;http://example.com/embed.js&#34; data-size=&#34;5&#34;`, `<script src="/embed.js"`, `<iframe class="demo-frame" src="/embed?`}, nil},
		{"partial", "/partials/results?q=clever", 200,
			[]string{`data-count="4 results for “clever”"`, `<mark>clever</mark>`}, []string{`<html`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newTestHandler(t, Options{})
			resp := get(t, h, tt.target)
			b := body(t, resp)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(b, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(b, n) {
					t.Errorf("page holds %q", n)
				}
			}
			if t.Failed() {
				t.Logf("page:\n%s", b)
			}
		})
	}
}

func TestEmbedPresetsReachSearcher(t *testing.T) {
	h, fake, _ := newTestHandler(t, Options{})
	get(t, h, "/embed?q=cat&work=Never+Sorry&outlet=IMDb&min_score=60&size=5")
	req := fake.lastRequest()
	if req.Query != "cat" || req.Size != 5 || len(req.Filter.Works) != 1 || len(req.Filter.Outlets) != 1 ||
		req.Filter.Score.Min == nil || *req.Filter.Score.Min != 60 || req.Filter.Score.Max == nil || *req.Filter.Score.Max != 100 {
		t.Errorf("searcher got %+v", req)
	}
}

// The CSP forbids inline scripts, inline styles and style attributes; the
// pages must hold none, or the browser would refuse them.
var (
	inlineScript = regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)
	inlineStyle  = regexp.MustCompile(`<style|\sstyle=|\son[a-z]+=`)
)

func TestSecurityHeadersAndCSP(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{AllowOrigins: []string{"https://blog.example"}})
	for _, target := range []string{"/", "/?q=clever", "/reviews/r1", "/embed?q=cat", "/embed/demo", "/nope"} {
		resp := get(t, h, target)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "base-uri 'none'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: CSP %q lacks %q", target, csp, d)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %q", target, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", target)
		}
		framable := strings.HasPrefix(target, "/embed?")
		if framable != strings.Contains(csp, "https://blog.example") || framable == (resp.Header.Get("X-Frame-Options") == "DENY") {
			t.Errorf("%s: framing headers wrong: CSP %q, X-Frame-Options %q", target, csp, resp.Header.Get("X-Frame-Options"))
		}
		b := body(t, resp)
		if m := inlineScript.FindString(b); m != "" {
			t.Errorf("%s: inline script %q", target, m)
		}
		for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(b, -1) {
			if !strings.Contains(tag, ` src="`) {
				t.Errorf("%s: script without src: %s", target, tag)
			}
		}
		if m := inlineStyle.FindString(b); m != "" {
			t.Errorf("%s: inline style or handler %q", target, m)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	for target, ctype := range map[string]string{
		"/static/app.css": "text/css", "/static/app.js": "javascript", "/static/embed.css": "text/css",
		"/embed.js": "javascript", "/static/favicon.svg": "image/svg+xml", "/api/openapi.json": "application/json",
	} {
		resp := get(t, h, target)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s: status %d, Content-Type %q", target, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if resp.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
			t.Errorf("%s: other sites cannot load it: CORP %q", target, resp.Header.Get("Cross-Origin-Resource-Policy"))
		}
	}
	if resp := get(t, h, "/static/nope.js"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing asset: status %d", resp.StatusCode)
	}
}

// A review titled as its film shows the film once.
func TestFilmNotRepeatedAsTitle(t *testing.T) {
	h, fake, _ := newTestHandler(t, Options{})
	fake.reviews = append(fake.reviews, corpus.Review{ID: "r9", Work: "Up", Title: "Up", Site: "IMDb", Outlet: "IMDb", Kind: corpus.KindUser,
		Paragraphs: []string{"A balloon story."}})
	page := body(t, get(t, h, "/?q=balloon"))
	if !strings.Contains(page, `<span class="work">Up</span>`) || strings.Contains(page, "Up · Up") {
		t.Errorf("the film and its equal title: %q", page[strings.Index(page, `class="work"`)-10:][:80])
	}
}

func TestTickedFacetValuesComeFirst(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{})
	for _, c := range []struct{ target, ticked, other string }{
		{"/?q=documentary&outlet=Variety", `name="outlet" value="Variety"`, `name="outlet" value="CineVue"`},
		{"/?q=documentary&work=Other+Film", `name="work" value="Other Film"`, `name="work" value="Never Sorry"`},
	} {
		page := body(t, get(t, h, c.target))
		pair := [2]string{c.ticked, c.other}
		first, second := strings.Index(page, pair[0]), strings.Index(page, pair[1])
		if first < 0 || second < 0 || first > second {
			t.Errorf("%s (ticked) at %d, %s at %d: want the ticked value listed first", pair[0], first, pair[1], second)
		}
	}
}

// filmsDown is a searcher whose film list fails, as a cluster's does
// before it has counted its films with a shard down.
type filmsDown struct{ *fakeSearcher }

func (filmsDown) Films(context.Context) ([]search.FilmCounts, error) {
	return nil, errors.New("shard1 did not answer")
}

// Without the film list, the search page still shows its hits, without
// links to their films.
func TestPageWithoutFilms(t *testing.T) {
	f := newFake()
	f.missing = []string{"shard1"}
	var logs bytes.Buffer
	h := NewHandler(slog.New(slog.NewTextHandler(&logs, nil)), filmsDown{f}, Options{})
	page := body(t, get(t, h, "/?q=clever"))
	if strings.Count(page, `class="hit"`) == 0 || strings.Contains(page, "internal error") {
		t.Errorf("the page lacks its hits:\n%s", page)
	}
	if strings.Contains(page, `href="/films/`) || !strings.Contains(logs.String(), "film links left out") {
		t.Errorf("film links shown, or their absence not logged:\n%s", logs.String())
	}
}

// A refusal of the results fragment is a fragment, not a whole page: the
// page's script swaps a 400's fragment in, and says a 429 itself.
func TestFragmentRefusalsAreFragments(t *testing.T) {
	h, _, _ := newTestHandler(t, Options{Rate: 1, Burst: 1})
	const remote = "192.0.2.7:1234"
	for _, c := range []struct {
		name, target string
		status       int
		want         string
	}{
		{"allowed", "/partials/results?q=clever", http.StatusOK, `<mark>clever</mark>`},
		{"past the rate", "/partials/results?q=clever", http.StatusTooManyRequests, `too many requests from your address`},
		{"a page past the rate is a page", "/?q=clever", http.StatusTooManyRequests, `<html`},
	} {
		resp := serve(h, httptestRequest(c.target, remote))
		b := body(t, resp)
		if resp.StatusCode != c.status || !strings.Contains(b, c.want) {
			t.Errorf("%s: status %d, %.300s; want %d with %q", c.name, resp.StatusCode, b, c.status, c.want)
		}
		if strings.HasPrefix(c.target, "/partials/") && (strings.Contains(b, "<html") || strings.Contains(b, `class="foot"`)) {
			t.Errorf("%s: the fragment is a whole page: %.300s", c.name, b)
		}
		if c.status == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", c.name)
		}
	}
	long := "/partials/results?q=" + strings.Repeat("x", maxRawQuery)
	if resp := get(t, h, long); resp.StatusCode != http.StatusBadRequest || strings.Contains(body(t, resp), "<html") {
		t.Errorf("an oversized fragment request: status %d, want a 400 fragment", resp.StatusCode)
	}
}

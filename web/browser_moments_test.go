package web_test

// Browser tests of the page's hard moments (issue 24's audit): a refused
// search, a refusal by the server, the URL while typing, the keyboard,
// the ends of the results. Helpers are in browser_helpers_test.go.

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pullquote/pullquote/web"
)

// typeQuery replaces the search box's text with text as a person would:
// select it all and type over it (paste: insertText fires one input
// event, as a paste does).
func typeQuery(t *testing.T, ctx context.Context, text string, paste bool) {
	t.Helper()
	must(t, ctx, "select the search box", chromedp.Focus(chromedp.CSS("#q")), chromedp.Evaluate[chromedp.Void](`document.getElementById('q').select()`))
	if paste {
		must(t, ctx, "paste", chromedp.Evaluate[chromedp.Void](`document.execCommand('insertText', false, `+jsString(text)+`)`))
		return
	}
	must(t, ctx, "type", chromedp.KeyEvent(text))
}

// settled is the condition that the page's last search has been swapped in.
const settled = `!document.getElementById('results-root').classList.contains('loading')`

func TestBrowserHardMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped with -short")
	}
	bctx, problems := newBrowser(t)
	srv, refuse := refusingServer(t)

	step(t, bctx, problems, "a refused search does not refuse the next", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "open a refused search", chromedp.Navigate(srv.URL+"/?q=documentary&sort=bogus"), chromedp.WaitVisible(chromedp.CSS(".results .error")))
		problems.take() // the refused page's 400 is the point
		typeQuery(t, ctx, "unfinished symphony", false)
		waitFor(t, ctx, "the next search's results", `location.search.includes('q=unfinished+symphony') && `+settled+` && document.querySelector('.results')`)
		if e := eval[string](t, ctx, `(document.querySelector('.results .error') || {}).textContent || ''`); e != "" {
			t.Errorf("the search after a refused one says %q", e)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.hit').length`); n == 0 {
			t.Error("no hits for the search after a refused one")
		}
		if s := eval[string](t, ctx, `location.search`); strings.Contains(s, "size=") || strings.Contains(s, "sort=") {
			t.Errorf("the URL %q keeps what the refused search had", s)
		}
	})

	step(t, bctx, problems, "a pasted paragraph is searched by its first 64 words", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "open the page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
		paragraph := "like experiencing a thrilling unfinished symphony" + strings.Repeat(" and then some more", 16)
		if n := len(strings.Fields(paragraph)); n != 70 {
			t.Fatalf("the paragraph has %d words", n)
		}
		typeQuery(t, ctx, paragraph, true)
		waitFor(t, ctx, "the results", `document.querySelector('.results .notice.cut, .results .error') !== null && `+settled)
		if e := eval[string](t, ctx, `(document.querySelector('.results .error') || {}).textContent || ''`); e != "" {
			t.Fatalf("the paragraph is refused: %q", e)
		}
		if s := eval[string](t, ctx, `document.querySelector('.notice.cut').textContent`); s != "Searched the first 64 of 70 words." {
			t.Errorf("the notice says %q", s)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.hit').length`); n == 0 {
			t.Error("no hits for the paragraph")
		}
		// Reloaded, the URL cuts it again the same way, the whole text in the box.
		must(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".notice.cut")))
		if v := eval[string](t, ctx, `document.getElementById('q').value`); v != paragraph {
			t.Errorf("after reload the box holds %q, want the whole paragraph", v)
		}
	})

	step(t, bctx, problems, "a refused search is said above the last results, and tried again", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit")))
		// A page that records whether a whole page ever lands in the results.
		must(t, ctx, "watch the results", chromedp.Evaluate[chromedp.Void](`window.pasted = false; new MutationObserver(() => {
			if (document.querySelector('#results-root .error-page, #results-root .foot, #results-root header')) window.pasted = true;
		}).observe(document.getElementById('results-root'), {childList: true, subtree: true}); void 0`))
		hits := eval[int](t, ctx, `document.querySelectorAll('.hit').length`)

		refuse(http.StatusTooManyRequests, 1)
		typeQuery(t, ctx, "unfinished symphony", false)
		waitFor(t, ctx, "the refusal", `document.querySelector('.fetch-error') !== null || window.pasted`)
		if eval[bool](t, ctx, `window.pasted`) {
			t.Fatalf("a whole error page was pasted into the results: %q", eval[string](t, ctx, `document.getElementById('results-root').innerText`))
		}
		msg := eval[string](t, ctx, `document.querySelector('.fetch-error').textContent`)
		for _, want := range []string{"Too many searches", "Trying again in 1 second.", "from the previous search"} {
			if !strings.Contains(msg, want) {
				t.Errorf("the refusal says %q, want %q in it", msg, want)
			}
		}
		if r := eval[string](t, ctx, `document.querySelector('.fetch-error').getAttribute('role')`); r != "status" {
			t.Errorf("the refusal's role is %q, want status", r)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.results.stale .hit').length`); n != hits {
			t.Errorf("%d of the %d results shown before stay, marked stale", n, hits)
		}
		if eval[bool](t, ctx, `getComputedStyle(document.querySelector('.stale .hits')).opacity >= 1`) {
			t.Error("the stale results are not dimmed")
		}
		// Once the server lets it through, the retry comes by itself.
		refuse(0, 0)
		waitFor(t, ctx, "the retried search", `document.querySelector('.fetch-error') === null && document.querySelector('.stale') === null && `+settled+
			` && document.querySelector('.hit mark') && [...document.querySelectorAll('.hit mark')].some(m => m.textContent.toLowerCase() === 'symphony')`)
		if eval[bool](t, ctx, `window.pasted`) {
			t.Error("a whole error page was pasted into the results")
		}
		problems.take() // the refused fetches are the point of this step

		// A busy server that asks for a long wait: Retry now does not wait.
		refuse(http.StatusServiceUnavailable, 30)
		typeQuery(t, ctx, "documentary", false)
		waitFor(t, ctx, "the refusal", `document.querySelector('.fetch-error') !== null`)
		if msg := eval[string](t, ctx, `document.querySelector('.fetch-error').textContent`); !strings.Contains(msg, "The server is busy. Trying again in 30 seconds.") {
			t.Errorf("the refusal says %q", msg)
		}
		refuse(0, 0)
		must(t, ctx, "Retry now", chromedp.Click(chromedp.CSS(".fetch-error button")))
		waitFor(t, ctx, "the retried search", `document.querySelector('.fetch-error') === null && `+settled+` && new URLSearchParams(location.search).get('q') === 'documentary' && document.querySelectorAll('.hit').length > 0`)
		if eval[bool](t, ctx, `window.pasted`) {
			t.Error("a whole error page was pasted into the results")
		}
		problems.take()
	})

	step(t, bctx, problems, "a network failure is said the same way", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit")))
		blockURLs(t, ctx, &network.BlockPattern{URLPattern: "*://*:*/partials/results*", Block: true})
		defer blockURLs(t, ctx)
		typeQuery(t, ctx, "unfinished symphony", false)
		waitFor(t, ctx, "the failure", `document.querySelector('.fetch-error') !== null`)
		msg := eval[string](t, ctx, `document.querySelector('.fetch-error').textContent`)
		if !strings.Contains(msg, "the server did not answer") || !strings.Contains(msg, "from the previous search") {
			t.Errorf("the failure says %q", msg)
		}
		if r := eval[string](t, ctx, `document.querySelector('.fetch-error').getAttribute('role')`); r != "alert" {
			t.Errorf("the failure's role is %q, want alert", r)
		}
		if eval[int](t, ctx, `document.querySelectorAll('.results.stale .hit').length`) == 0 {
			t.Error("the previous results are not kept, marked stale")
		}
		blockURLs(t, ctx)
		must(t, ctx, "Try again", chromedp.Click(chromedp.CSS(".fetch-error button")))
		waitFor(t, ctx, "the results", `document.querySelector('.fetch-error') === null && document.querySelector('.stale') === null && `+settled+` && new URLSearchParams(location.search).get('q') === 'unfinished symphony'`)
		problems.take() // the refused fetch is the point of this step
	})

	step(t, bctx, problems, "the URL while typing reproduces the results", func(t *testing.T, ctx context.Context) {
		// "docum" finds documentary while typing (its last word a prefix)
		// and nothing as a whole word.
		must(t, ctx, "open the page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
		typeQuery(t, ctx, "docum", false)
		waitFor(t, ctx, "results while typing", `document.querySelectorAll('.hit').length > 0 && `+settled)
		typed := eval[string](t, ctx, `document.querySelector('.results').dataset.count`)
		waitFor(t, ctx, "the URL", `location.search !== ''`)
		if s := eval[string](t, ctx, `location.search`); !strings.Contains(s, "prefix=1") {
			t.Errorf("the URL while typing is %q: it does not say the last word is a prefix", s)
		}
		must(t, ctx, "reload", chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(".results")))
		if got := eval[string](t, ctx, `document.querySelector('.results').dataset.count`); got != typed {
			t.Errorf("reloaded, the URL shows %q; typing showed %q", got, typed)
		}
		// A filter ticked then filters what was shown; Enter commits whole words.
		must(t, ctx, "tick IMDb", chromedp.Click(chromedp.CSS(`input[name=outlet][value="IMDb"]`)))
		waitFor(t, ctx, "the filtered results", `location.search.includes('outlet=IMDb') && `+settled)
		if s, n := eval[string](t, ctx, `location.search`), eval[int](t, ctx, `document.querySelectorAll('.hit').length`); !strings.Contains(s, "prefix=1") || n == 0 {
			t.Errorf("after ticking a filter the URL is %q with %d hits; want the prefix kept and hits", s, n)
		}
		must(t, ctx, "press Enter", chromedp.Focus(chromedp.CSS("#q")), chromedp.KeyEvent("\r"))
		waitFor(t, ctx, "the committed search", `!location.search.includes('prefix=') && `+settled+` && document.querySelector('.results .empty') !== null`)
	})
}

// refusingServer serves the web handler over the embedded corpus on a
// real listener; refuse(status, seconds) makes it answer the results
// fragment as a rate limit or a busy server does (a whole error page,
// Retry-After), until refuse(0, 0).
func refusingServer(t *testing.T) (*httptest.Server, func(status, retryAfter int)) {
	t.Helper()
	h := web.NewHandler(slog.New(slog.DiscardHandler), web.EmbeddedBackend(t), web.Options{})
	var mu sync.Mutex
	var status, wait int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		st, s := status, wait
		mu.Unlock()
		if st == 0 || r.URL.Path != "/partials/results" {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Retry-After", strconv.Itoa(s))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(st)
		_, _ = w.Write([]byte(`<!doctype html><title>refused</title><header class="top">pullquote</header>` +
			`<main class="error-page"><h1>` + strconv.Itoa(st) + ` · ` + http.StatusText(st) + `</h1></main><footer class="foot">footer</footer>`))
	}))
	t.Cleanup(srv.Close)
	return srv, func(st, s int) {
		mu.Lock()
		status, wait = st, s
		mu.Unlock()
	}
}

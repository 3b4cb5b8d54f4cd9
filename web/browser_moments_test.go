package web_test

// Browser tests of the page's hard moments (issue 24's audit): a refused
// search, a refusal by the server, the URL while typing, the keyboard,
// the ends of the results. Helpers are in browser_helpers_test.go.

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
	srv := realServer(t)

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
}

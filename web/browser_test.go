package web_test

// End-to-end tests in headless Chromium against a real server over an index
// of the embedded corpus (or, with PULLQUOTE_TEST_BACKEND=manticore, over
// a cluster of three searchd holding it). Helpers are in
// browser_helpers_test.go.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pullquote/pullquote/web"
)

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped with -short")
	}
	bctx, problems := newBrowser(t)
	srv := realServer(t)

	step(t, bctx, problems, "type a query and see marked results", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "open the page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
		// "/" focuses the search box.
		must(t, ctx, "press /", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("/"))
		if id := eval[string](t, ctx, `document.activeElement.id`); id != "q" {
			t.Fatalf("after '/', focus is on %q, want the search box", id)
		}
		must(t, ctx, "type", chromedp.KeyEvent("unfinished symphony"))
		waitFor(t, ctx, "marked results", `document.querySelectorAll('.hit mark').length >= 2`)
		marks := eval[[]string](t, ctx, `[...document.querySelectorAll('.hit:first-child mark')].map(m => m.textContent.toLowerCase())`)
		if strings.Join(marks, " ") != "unfinished symphony" {
			t.Errorf("marked words %q, want unfinished, symphony", marks)
		}
		waitFor(t, ctx, "the URL to follow", `location.search.includes('q=unfinished+symphony')`)
		if s := eval[string](t, ctx, `document.getElementById('status').textContent`); !strings.Contains(s, "for “unfinished symphony”") {
			t.Errorf("status region says %q", s)
		}
		// Each hit shows who, when and a score badge; links lead to the review.
		meta := eval[string](t, ctx, `document.querySelector('.hit .meta').textContent`)
		if !regexp.MustCompile(`\d{4}`).MatchString(meta) || eval[int](t, ctx, `document.querySelectorAll('.hit .badge').length`) == 0 {
			t.Errorf("hit meta %q lacks a date or badge", meta)
		}
		href := eval[string](t, ctx, `document.querySelector('.hit a[href^="/reviews/"]').getAttribute('href')`)
		must(t, ctx, "open the review", chromedp.Navigate(srv.URL+href), chromedp.WaitVisible(chromedp.CSS(".para:target")))
		if txt := eval[string](t, ctx, `document.querySelector('.para:target').textContent`); !strings.Contains(strings.ToLower(txt), "unfinished symphony") {
			t.Errorf("the review page's target paragraph is %q", txt)
		}
	})

	step(t, bctx, problems, "works with JavaScript off", func(t *testing.T, ctx context.Context) {
		defer scriptsOff(t, ctx)()
		must(t, ctx, "open a search", chromedp.Navigate(srv.URL+"/?q=Ai+Weiwei"), chromedp.WaitVisible(chromedp.CSS(".apply")))
		if eval[bool](t, ctx, `document.documentElement.classList.contains('js')`) {
			t.Fatal("the page script ran")
		}
		if eval[bool](t, ctx, `getComputedStyle(document.querySelector('.hit .copy')).display !== 'none'`) {
			t.Error("Copy quote shows without JavaScript, where it cannot work")
		}
		// Tick a band and submit the form: a plain GET with a shareable URL.
		must(t, ctx, "tick and apply", chromedp.Click(chromedp.CSS(`input[name=score][value="80..100"]`)), chromedp.Click(chromedp.CSS(".apply")))
		waitFor(t, ctx, "the filtered page", `location.search.includes('score=80..100') && document.readyState === 'complete'`)
		must(t, ctx, "wait for hits", chromedp.WaitVisible(chromedp.CSS(".hit")))
		if !eval[bool](t, ctx, `document.querySelector('input[name=score][value="80..100"]').checked`) {
			t.Error("the score band is not ticked on the result page")
		}
		bands := eval[[]string](t, ctx, `[...document.querySelectorAll('.hit .badge')].map(b => b.className)`)
		if len(bands) == 0 {
			t.Fatal("no hits")
		}
		for _, b := range bands {
			if !strings.Contains(b, "great") {
				t.Errorf("hit badge %q outside the 80–100 band", b)
			}
		}
		if q := eval[string](t, ctx, `document.getElementById('q').value`); q != "Ai Weiwei" {
			t.Errorf("search box holds %q after submitting", q)
		}
	})

	step(t, bctx, problems, "check a quote from a hit", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=worth+the+drive"), chromedp.WaitVisible(chromedp.CSS(".hit")))
		must(t, ctx, "follow Check this quote", chromedp.Click(chromedp.CSS(`.hit a[href^="/check?"]`)))
		waitFor(t, ctx, "the check page", `location.pathname === '/check' && document.querySelector('.check-result') !== null`)
		if v := eval[string](t, ctx, `document.querySelector('.check-result .verdict').textContent`); v != "Exact" {
			t.Errorf("a hit's own fragment checks as %q, want Exact", v)
		}
		if m := eval[string](t, ctx, `document.querySelector('.check-result .context mark').textContent`); !strings.Contains(m, "worth the drive") {
			t.Errorf("the source marks %q, want the quoted words", m)
		}
		if a := eval[string](t, ctx, `document.querySelector('.check-result .facts').textContent`); !strings.Contains(a, "matches the source") {
			t.Errorf("the attribution check says %q", a)
		}
	})

	step(t, bctx, problems, "check a trimmed quote with JavaScript off", func(t *testing.T, ctx context.Context) {
		defer scriptsOff(t, ctx)()
		must(t, ctx, "open /check", chromedp.Navigate(srv.URL+"/check"), chromedp.WaitVisible(chromedp.CSS("#check-q")))
		must(t, ctx, "type two blurbs and submit",
			chromedp.SendKeys(chromedp.CSS("#check-q"), "\"Seek out this movie ... worth the drive\" — Pamela Powell\n\"A triumph!\" — Kenneth Turan"),
			chromedp.Click(chromedp.CSS(".check-form button")))
		waitFor(t, ctx, "the results", `location.search.includes('q=') && document.readyState === 'complete' && document.querySelectorAll('.check-result').length === 2`)
		verdicts := eval[[]string](t, ctx, `[...document.querySelectorAll('.check-result .verdict')].map(v => v.textContent)`)
		if strings.Join(verdicts, ",") != "Trimmed,Not found" {
			t.Errorf("verdicts %q, want Trimmed, Not found", verdicts)
		}
		if f := eval[string](t, ctx, `document.querySelector('.check-result .flags').textContent`); !strings.Contains(f, "an ellipsis removed a contrast") {
			t.Errorf("the trimmed quote's flags say %q", f)
		}
		share := eval[string](t, ctx, `document.querySelector('.check-result .share a').getAttribute('href')`)
		must(t, ctx, "open the shared link", chromedp.Navigate(srv.URL+share), chromedp.WaitVisible(chromedp.CSS(".check-result")))
		if n := eval[int](t, ctx, `document.querySelectorAll('.check-result').length`); n != 1 {
			t.Errorf("the shared link shows %d checks, want 1", n)
		}
	})

	step(t, bctx, problems, "score badges reach WCAG AA contrast", func(t *testing.T, ctx context.Context) {
		// Every band's badge (the corpus has no low scores, so one of each
		// is added beside the real ones), its text against its background as
		// WCAG 2 computes contrast, in the light and the dark theme.
		const contrasts = `(() => {
			const box = document.createElement('div');
			for (const b of ['great', 'good', 'mixed', 'poor', 'none']) { const s = document.createElement('span'); s.className = 'badge ' + b; s.textContent = '75'; box.appendChild(s); }
			document.querySelector('.hit .meta').appendChild(box);
			const lum = c => { const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
			return Object.fromEntries([...document.querySelectorAll('.badge')].map(e => { const s = getComputedStyle(e); const a = lum(s.color), b = lum(s.backgroundColor);
				return [e.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; }));
		})()`
		for _, theme := range []string{"light", "dark"} {
			must(t, ctx, "open results", chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit .badge")))
			must(t, ctx, "theme", chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.theme = '`+theme+`'`))
			got := eval[map[string]float64](t, ctx, contrasts)
			for _, band := range []string{"great", "good", "mixed", "poor", "none"} {
				if c, ok := got["badge "+band]; !ok || c < 4.5 {
					t.Errorf("%s theme: badge %s has contrast %.2f, want at least 4.5 (WCAG AA)", theme, band, c)
				}
			}
		}
	})

	step(t, bctx, problems, "axe finds no accessibility violations", func(t *testing.T, ctx context.Context) {
		axe := axeScript(t)
		pages := []struct{ name, url, wait string }{
			{"home", "/", "#q"},
			{"results", "/?q=documentary&size=50", ".hit"},
			{"no results", "/?q=zzzqqq", ".empty"},
			{"filtered", "/?q=documentary&outlet=IMDb&score=none", ".chips"},
			{"filtered, no results", "/?q=documentary&outlet=Nobody", ".empty"},
			{"review", "/reviews/" + firstReviewID(t, ctx, srv.URL), ".para"},
			{"embed", "/embed?q=documentary", ".hit"},
			{"embed demo", "/embed/demo", "#iframe-snippet"},
			{"check", "/check?q=" + url.QueryEscape(`"Seek out this movie ... worth the drive" — Ty Burr`), ".check-result"},
			{"films", "/films", ".film-row"},
			{"film", "/films/ai-weiwei-never-sorry", ".histogram"},
			{"film card", "/?q=" + url.QueryEscape("Ai Weiwei: Never Sorry"), ".film-card"},
		}
		for _, theme := range []string{"light", "dark"} {
			for _, p := range pages {
				must(t, ctx, "open "+p.name, chromedp.Navigate(srv.URL+p.url), chromedp.WaitVisible(chromedp.CSS(p.wait)))
				must(t, ctx, "theme", chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.theme = '`+theme+`'`))
				for _, v := range axeViolations(t, ctx, problems, axe, "") {
					t.Errorf("%s (%s theme): %s", p.name, theme, v)
				}
			}
		}
	})

	step(t, bctx, problems, "active filters show as chips and come off", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "open a filtered search", chromedp.Navigate(srv.URL+"/?q=documentary&outlet=IMDb&score=none"), chromedp.WaitVisible(chromedp.CSS(".chips")))
		chips := eval[[]string](t, ctx, `[...document.querySelectorAll('.chips li span')].map(s => s.textContent)`)
		if strings.Join(chips, "|") != "Outlet: IMDb|Score: no score" {
			t.Fatalf("chips %q", chips)
		}
		total := eval[string](t, ctx, `document.querySelector('.total').textContent`)
		must(t, ctx, "remove the outlet", chromedp.Click(chromedp.CSS(`.chips a[aria-label="Remove Outlet: IMDb"]`)))
		waitFor(t, ctx, "the search without it", `!location.search.includes('outlet=') && document.querySelectorAll('.chips li').length === 1`)
		if after := eval[string](t, ctx, `document.querySelector('.total').textContent`); after == total {
			t.Errorf("the count stayed %q after removing the outlet", after)
		}
		if checked := eval[bool](t, ctx, `document.querySelector('input[name=outlet]:checked') !== null`); checked {
			t.Error("an outlet is still ticked in the sidebar")
		}
	})

	step(t, bctx, problems, "each field a reader wrote is isolated for bidi", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit .author")))
		for _, sel := range []string{".hit .author", ".hit .outlet", ".hit .work", ".facet-label"} {
			if v := eval[string](t, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? getComputedStyle(e).unicodeBidi : 'missing'; })()`); v != "isolate" {
				t.Errorf("%s: unicode-bidi %q, want isolate (a right-to-left override in one field would reverse the next)", sel, v)
			}
		}
	})

	step(t, bctx, problems, "a corrected typo says so, and the words as typed are a click away", func(t *testing.T, ctx context.Context) {
		if web.OnManticore() {
			t.Skip("the Manticore backend has no typo variants and suggests no spelling (docs/scale-out.md)")
		}
		must(t, ctx, "search with a typo", chromedp.Navigate(srv.URL+"/?q=documentry"), chromedp.WaitVisible(chromedp.CSS(".suggest")))
		if s := eval[string](t, ctx, `document.querySelector('.suggest').textContent`); !strings.Contains(s, "Showing results for documentary") || !strings.Contains(s, "search instead for documentry") {
			t.Errorf("the page says %q", s)
		}
		must(t, ctx, "search instead", chromedp.Click(chromedp.CSS(`.suggest a[href*="exact=1"]`)))
		waitFor(t, ctx, "the exact search", `location.search.includes('exact=1') && document.querySelector('.empty') !== null`)
	})

	step(t, bctx, problems, "the welcome examples find something", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "open the home page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".welcome")))
		hrefs := eval[[]string](t, ctx, `[...document.querySelectorAll('.welcome a[data-nav]')].map(a => a.getAttribute('href'))`)
		if len(hrefs) != 3 {
			t.Fatalf("%d examples (%q), want 3", len(hrefs), hrefs)
		}
		for _, h := range hrefs {
			must(t, ctx, "follow "+h, chromedp.Navigate(srv.URL+h), chromedp.WaitReady(chromedp.CSS(".results")))
			if n := eval[int](t, ctx, `document.querySelectorAll('.hit').length`); n == 0 {
				t.Errorf("example %s finds nothing", h)
			}
		}
	})

	step(t, bctx, problems, "a facet listed whole can be searched", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "all outlets", chromedp.Navigate(srv.URL+"/?q=documentary&all=outlet"), chromedp.WaitVisible(chromedp.CSS("input[data-facet-filter]")))
		must(t, ctx, "type imd", chromedp.Focus(chromedp.CSS("input[data-facet-filter]")), chromedp.KeyEvent("imd"))
		visible := eval[[]string](t, ctx, `[...document.querySelectorAll('.facet-outlets label.check')].filter(l => l.checkVisibility()).map(l => l.querySelector('.facet-label').textContent)`)
		if strings.Join(visible, ",") != "IMDb" {
			t.Errorf("after typing imd the outlets shown are %q, want IMDb", visible)
		}
	})

	step(t, bctx, problems, "dark mode follows the system", func(t *testing.T, ctx context.Context) {
		dark := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, dark); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		must(t, ctx, "open", chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit")))
		bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
		var r, g, b int
		if _, err := fmt.Sscanf(bg, "rgb(%d, %d, %d)", &r, &g, &b); err != nil || r+g+b > 150 {
			t.Errorf("body background %q is not dark", bg)
		}
	})

	step(t, bctx, problems, "tick a score band and see counts change", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=Ai+Weiwei"), chromedp.WaitVisible(chromedp.CSS(".facets")))
		before := eval[string](t, ctx, `document.querySelector('.results').dataset.count`)
		bandCount := eval[string](t, ctx, `document.querySelector('input[name=score][value="80..100"]').closest('label').querySelector('.count').textContent`)
		years := eval[string](t, ctx, `[...document.querySelectorAll('.years .count')].map(c => c.textContent).join(',')`)
		if bandCount == "0" || strings.HasPrefix(before, bandCount+" ") {
			t.Fatalf("query unsuitable: %q with band count %s", before, bandCount)
		}
		must(t, ctx, "tick 80–100", chromedp.Click(chromedp.CSS(`input[name=score][value="80..100"]`)))
		waitFor(t, ctx, "new counts", `document.querySelector('.results').dataset.count !== `+jsString(before))
		after := eval[string](t, ctx, `document.querySelector('.results').dataset.count`)
		if !strings.HasPrefix(after, bandCount+" ") {
			t.Errorf("after ticking 80–100 the page says %q, want the band's count %s", after, bandCount)
		}
		if got := eval[string](t, ctx, `[...document.querySelectorAll('.years .count')].map(c => c.textContent).join(',')`); got == years {
			t.Errorf("year counts did not change: %s", got)
		}
		if !eval[bool](t, ctx, `document.querySelector('input[name=score][value="80..100"]').checked`) {
			t.Error("the band is not ticked after the update")
		}
		if s := eval[string](t, ctx, `location.search`); !strings.Contains(s, "score=80..100") {
			t.Errorf("URL %q does not follow the filter", s)
		}
		if s := eval[string](t, ctx, `document.getElementById('status').textContent`); s != after {
			t.Errorf("screen reader status %q, want %q", s, after)
		}
		// The sort selector reruns the search too, keeping the filter.
		must(t, ctx, "sort by newest", chromedp.SetValue(chromedp.CSS(`select[name=sort]`), "newest"),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('select[name=sort]').dispatchEvent(new Event('change', {bubbles: true}))`))
		waitFor(t, ctx, "the sorted URL", `location.search.includes('sort=newest') && location.search.includes('score=80..100')`)
		waitFor(t, ctx, "the sorted results", `document.querySelector('select[name=sort]').value === 'newest' && !document.getElementById('results-root').classList.contains('loading')`)
		dates := eval[[]string](t, ctx, `[...document.querySelectorAll('.hit time')].map(t => t.getAttribute('datetime'))`)
		for i := 1; i < len(dates); i++ {
			if dates[i] > dates[i-1] {
				t.Errorf("newest first, but %s comes before %s", dates[i-1], dates[i])
			}
		}
	})

	step(t, bctx, problems, "keyboard: focus stays on the control used", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=Ai+Weiwei"), chromedp.WaitVisible(chromedp.CSS(".facets")))
		before := eval[string](t, ctx, `document.querySelector('.results').dataset.count`)
		must(t, ctx, "focus the band and press Space", chromedp.Focus(chromedp.CSS(`input[name=score][value="80..100"]`)), chromedp.KeyEvent(" "))
		waitFor(t, ctx, "new results", `document.querySelector('.results').dataset.count !== `+jsString(before))
		if f := eval[string](t, ctx, `(document.activeElement.name || document.activeElement.tagName) + '=' + (document.activeElement.value || '')`); f != "score=80..100" {
			t.Errorf("after ticking with Space focus is on %q, want the band's checkbox", f)
		}
		// Stepping through the sort with the arrow keys runs one search,
		// once the person stops, and keeps focus on the selector.
		requests := `performance.getEntriesByType('resource').filter(e => e.name.includes('/partials/results')).length`
		n := eval[int](t, ctx, requests)
		must(t, ctx, "arrow through the sort", chromedp.Focus(chromedp.CSS(`select[name=sort]`)), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
		waitFor(t, ctx, "the sorted search", requests+` > `+fmt.Sprint(n)+` && !document.getElementById('results-root').classList.contains('loading')`)
		time.Sleep(800 * time.Millisecond)
		if got := eval[int](t, ctx, requests); got != n+1 {
			t.Errorf("two arrow presses on the sort ran %d searches, want 1", got-n)
		}
		if f := eval[string](t, ctx, `document.activeElement.name`); f != "sort" {
			t.Errorf("after sorting focus is on %q, want the sort selector", f)
		}
	})

	step(t, bctx, problems, "history: Back and Forward restore committed searches", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "start", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
		must(t, ctx, "type and press Enter", chromedp.Focus(chromedp.CSS("#q")), chromedp.KeyEvent("documentary"), chromedp.KeyEvent("\r"))
		waitFor(t, ctx, "results", `location.search === '?q=documentary' && document.querySelector('.hit') !== null`)
		must(t, ctx, "tick IMDb", chromedp.Click(chromedp.CSS(`input[name=outlet][value="IMDb"]`)))
		waitFor(t, ctx, "filtered", `location.search.includes('outlet=IMDb') && !document.getElementById('results-root').classList.contains('loading')`)
		filtered := eval[string](t, ctx, `document.querySelector('.results').dataset.count`)
		must(t, ctx, "Back", chromedp.NavigateBack())
		waitFor(t, ctx, "the unfiltered search", `location.search === '?q=documentary' && document.querySelector('input[name=outlet][value="IMDb"]') && !document.querySelector('input[name=outlet][value="IMDb"]').checked`)
		if q := eval[string](t, ctx, `document.getElementById('q').value`); q != "documentary" {
			t.Errorf("after Back the search box holds %q", q)
		}
		must(t, ctx, "Forward", chromedp.NavigateForward())
		waitFor(t, ctx, "the filtered search again", `location.search.includes('outlet=IMDb') && document.querySelector('.results') && document.querySelector('.results').dataset.count === `+jsString(filtered))
		must(t, ctx, "Back twice", chromedp.NavigateBack())
		waitFor(t, ctx, "unfiltered", `location.search === '?q=documentary'`)
		must(t, ctx, "Back", chromedp.NavigateBack())
		waitFor(t, ctx, "the start page, still this site", `location.pathname === '/' && location.search === ''`)
	})

	step(t, bctx, problems, "a failed search says so, with a retry", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit")))
		blockURLs(t, ctx, &network.BlockPattern{URLPattern: "*://*:*/partials/results*", Block: true})
		defer blockURLs(t, ctx)
		must(t, ctx, "tick a band while offline", chromedp.Click(chromedp.CSS(`input[name=score][value="80..100"]`)))
		waitFor(t, ctx, "the error", `document.querySelector('.fetch-error') !== null`)
		if txt := eval[string](t, ctx, `document.querySelector('.fetch-error').textContent`); !strings.Contains(txt, "failed") {
			t.Errorf("error says %q", txt)
		}
		blockURLs(t, ctx)
		must(t, ctx, "Try again", chromedp.Click(chromedp.CSS(`.fetch-error button`)))
		waitFor(t, ctx, "the filtered results", `document.querySelector('.fetch-error') === null && document.querySelector('.chips') !== null`)
		problems.take() // the refused fetch is the point of this step
	})

	step(t, bctx, problems, "copy a quote", func(t *testing.T, ctx context.Context) {
		grantClipboard(t, ctx, srv.URL)
		must(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=unfinished+symphony"), chromedp.WaitVisible(chromedp.CSS(".hit .copy")))
		want := eval[string](t, ctx, `document.querySelector('.hit .copy').dataset.quote`)
		if !regexp.MustCompile(`^“.*unfinished symphony.*” — .+ \(\d{1,2} \w+ \d{4}\)$`).MatchString(want) {
			t.Errorf("quote %q is not “…quote…” — Author, Outlet (date)", want)
		}
		must(t, ctx, "click Copy quote", chromedp.Click(chromedp.CSS(".hit .copy")))
		waitFor(t, ctx, "the copy to finish", `document.querySelector('.hit .copy').dataset.copied !== undefined`)
		got := eval[string](t, ctx, `navigator.clipboard.readText()`)
		if got != want {
			t.Errorf("clipboard holds %q, want %q", got, want)
		}
	})

	step(t, bctx, problems, "usable at 360 px", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "narrow", chromedp.EmulateViewport(360, 740), chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit")))
		defer chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("page is %d px wide at a 360 px viewport", w)
		}
		if w := eval[float64](t, ctx, `document.getElementById('q').getBoundingClientRect().width`); w < 150 {
			t.Errorf("search box only %.0f px wide", w)
		}
		// The filters are a "Filters (n)" button above the results, the
		// active filters as chips above them too; the panel opens on a tap.
		must(t, ctx, "a filtered search", chromedp.Navigate(srv.URL+"/?q=documentary&outlet=IMDb&score=none"), chromedp.WaitVisible(chromedp.CSS(".hit")))
		if s := eval[string](t, ctx, `document.querySelector('details.filters > summary').textContent.trim()`); s != "Filters (2)" {
			t.Errorf("the filters button says %q, want Filters (2)", s)
		}
		above := eval[bool](t, ctx, `(() => { const s = document.querySelector('details.filters > summary').getBoundingClientRect(), c = document.querySelector('.chips').getBoundingClientRect(), h = document.querySelector('.hit').getBoundingClientRect(); return s.bottom <= h.top && c.bottom <= h.top && s.top < 400; })()`)
		if !above {
			t.Error("the filters button or the chips are not above the first result")
		}
		if eval[bool](t, ctx, `document.querySelector('.facets').checkVisibility()`) {
			t.Error("the filter panel is open before the button is tapped")
		}
		// Few tab stops before the first result: skip link, home, search
		// box and button, the filters button, the sort, the chips.
		stops := eval[int](t, ctx, `(() => {
			const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')].filter(e => e.checkVisibility());
			return all.indexOf(document.querySelector('.hit a'));
		})()`)
		if stops < 0 || stops > 12 {
			t.Errorf("%d tab stops before the first result at 360 px, want at most 12", stops)
		}
		t.Logf("%d tab stops before the first result at 360 px", stops)
		must(t, ctx, "tap Filters", chromedp.Click(chromedp.CSS("details.filters > summary")))
		waitFor(t, ctx, "the panel", `document.querySelector('.facets').checkVisibility()`)
		// Wide: a sidebar, always shown, no button.
		must(t, ctx, "wide", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/?q=documentary&outlet=IMDb"), chromedp.WaitVisible(chromedp.CSS(".facets")))
		if eval[bool](t, ctx, `document.querySelector('details.filters > summary').checkVisibility()`) {
			t.Error("the filters button shows on a wide screen")
		}
	})

	step(t, bctx, problems, "widget on another origin", func(t *testing.T, ctx context.Context) {
		// A host page on another port, with CSS that would wreck the widget
		// if it could reach it.
		host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>A film blog</title>
<style>input, mark, li { display: none !important; } * { color: rgb(255, 0, 0) !important; }
div { letter-spacing: 6px; text-transform: uppercase; font-style: italic; line-height: 3; }</style></head>
<body><h1>My film blog</h1><p>Search the reviews:</p>
<script src="%s/embed.js" data-size="3" data-placeholder="Find a quote"></script>
<p id="after">Host content after the widget.</p></body></html>`, srv.URL)
		}))
		defer host.Close()
		if origin(host.URL) == origin(srv.URL) {
			t.Fatalf("host and server share origin %s", origin(srv.URL))
		}
		must(t, ctx, "open the host page", chromedp.Navigate(host.URL))
		shadow := `document.querySelector('.pullquote-widget').shadowRoot`
		waitFor(t, ctx, "the widget", shadow+`.querySelector('input[type=search]')`)
		waitFor(t, ctx, "the widget's styles", `!`+shadow+`.querySelector('.pq').hidden`)
		if d := eval[string](t, ctx, `getComputedStyle(`+shadow+`.querySelector('input')).display`); d == "none" {
			t.Error("the host page's CSS hid the widget's search box")
		}
		if p := eval[string](t, ctx, shadow+`.querySelector('input').placeholder`); p != "Find a quote" {
			t.Errorf("placeholder %q", p)
		}
		must(t, ctx, "type in the widget", chromedp.Evaluate[chromedp.Void](shadow+`.querySelector('input').focus()`), chromedp.KeyEvent("clever cat"))
		waitFor(t, ctx, "widget results", shadow+`.querySelectorAll('.pq-hit mark').length >= 2`)
		if c := eval[string](t, ctx, `getComputedStyle(`+shadow+`.querySelector('.pq-quote')).color`); c == "rgb(255, 0, 0)" {
			t.Error("the host page's colour reached the widget")
		}
		for _, css := range []string{"letterSpacing", "textTransform", "fontStyle"} {
			if v := eval[string](t, ctx, `getComputedStyle(`+shadow+`.querySelector('.pq-quote')).`+css); v == "6px" || v == "uppercase" || v == "italic" {
				t.Errorf("the host page's %s (%s) reached the widget", css, v)
			}
		}
		if d := eval[string](t, ctx, shadow+`.querySelector('.pq-hit time').textContent`); !regexp.MustCompile(`^\d{1,2} [A-Z][a-z]{2} \d{4}$`).MatchString(d) {
			t.Errorf("widget date %q, want the page's format (16 Jan 2011)", d)
		}
		// The widget's Copy quote puts the quote on the clipboard, credited
		// as the page credits it. A real click (the clipboard wants a
		// person's gesture) at the button inside the Shadow DOM.
		grantClipboard(t, ctx, host.URL)
		xy := eval[[]float64](t, ctx, `(() => { const e = `+shadow+`.querySelector('.pq-copy'); e.scrollIntoView(); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		must(t, ctx, "copy", chromedp.MouseClickXY(xy[0], xy[1]))
		waitFor(t, ctx, "the copy", shadow+`.querySelector('.pq-copy').dataset.copied !== undefined`)
		copied := eval[string](t, ctx, `navigator.clipboard.readText()`)
		if !regexp.MustCompile(`^“.*clever.*” — .+, on .+ \(\d{1,2} [A-Z][a-z]+ \d{4}\)`).MatchString(copied) {
			t.Errorf("the widget copied %q, want “…quote…” — Author, Outlet, on Film (date)", copied)
		}
		if n := eval[int](t, ctx, shadow+`.querySelectorAll('.pq-hit .pq-who bdi').length`); n == 0 {
			t.Error("the widget's names are not each in a <bdi>")
		}
		if th := eval[string](t, ctx, shadow+`.querySelector('.pq').dataset.theme`); th != "light" {
			t.Errorf("widget theme %q", th)
		}
		if s := eval[string](t, ctx, shadow+`.querySelector('.pq-status').textContent`); !strings.Contains(s, "for “clever cat”") {
			t.Errorf("widget status %q", s)
		}
		link := eval[string](t, ctx, shadow+`.querySelector('.pq-hit a').href`)
		if !strings.HasPrefix(link, srv.URL+"/reviews/") {
			t.Errorf("widget links to %q, want the server's review page", link)
		}
		if eval[string](t, ctx, `document.getElementById('after').textContent`) != "Host content after the widget." {
			t.Error("the widget disturbed the host page")
		}
		if axe := axeScript(t); axe != "" {
			for _, v := range axeViolations(t, ctx, problems, axe, ".pullquote-widget") {
				t.Errorf("widget: %s", v)
			}
		}
	})

	step(t, bctx, problems, "widget in check mode", func(t *testing.T, ctx context.Context) {
		host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>A fact-checking site</title></head>
<body><h1>Did the critic say it?</h1><script src="%s/embed.js" data-mode="check" data-theme="light"></script></body></html>`, srv.URL)
		}))
		defer host.Close()
		must(t, ctx, "open the host page", chromedp.Navigate(host.URL))
		shadow := `document.querySelector('.pullquote-widget').shadowRoot`
		waitFor(t, ctx, "the widget", shadow+`.querySelector('input') && !`+shadow+`.querySelector('.pq').hidden`)
		if b := eval[string](t, ctx, shadow+`.querySelector('.pq-go').textContent`); b != "Check" {
			t.Errorf("the check widget's button says %q", b)
		}
		must(t, ctx, "paste a blurb and press Enter", chromedp.Evaluate[chromedp.Void](shadow+`.querySelector('input').focus()`),
			chromedp.KeyEvent(`"Seek out this movie ... worth the drive" — Pamela Powell`), chromedp.KeyEvent("\r"))
		waitFor(t, ctx, "the verdict", shadow+`.querySelector('.pq-verdict')`)
		if v := eval[string](t, ctx, shadow+`.querySelector('.pq-verdict').textContent`); v != "Trimmed" {
			t.Errorf("verdict %q, want Trimmed", v)
		}
		if m := eval[string](t, ctx, shadow+`.querySelector('.pq-quote mark').textContent`); m != "Seek out this movie" {
			t.Errorf("marked %q", m)
		}
		if f := eval[string](t, ctx, shadow+`.querySelector('.pq-flag').textContent`); !strings.Contains(f, "ellipsis removed") {
			t.Errorf("flag %q", f)
		}
		for _, v := range axeViolations(t, ctx, problems, axeScript(t), ".pullquote-widget") {
			t.Errorf("check widget: %s", v)
		}
	})

	step(t, bctx, problems, "film pages", func(t *testing.T, ctx context.Context) {
		// From the list to the film, its figures labelled by source, the
		// chart readable by a screen reader, a quotable line copied.
		must(t, ctx, "open the list", chromedp.Navigate(srv.URL+"/films"), chromedp.WaitVisible(chromedp.CSS(".film-row a")))
		must(t, ctx, "follow the film", chromedp.Click(chromedp.CSS(".film-row a")))
		waitFor(t, ctx, "the film page", `location.pathname === '/films/ai-weiwei-never-sorry' && document.querySelector('.histogram') !== null`)
		stated := eval[string](t, ctx, `document.querySelector('.stated').innerText`)
		for _, want := range []string{"What the sites say", "Metascore on Metacritic", "81", "Universal acclaim", "based on 28 critics", "Positive: 24 out of 28", "8.1", "based on 10 ratings"} {
			if !strings.Contains(stated, want) {
				t.Errorf("the stated figures %q lack %q", stated, want)
			}
		}
		counted := eval[string](t, ctx, `document.querySelector('.counted').innerText`)
		for _, want := range []string{"What pullquote counts", "13 critic reviews on Metacritic", "10 user reviews on IMDb", "2 user reviews on Metacritic"} {
			if !strings.Contains(counted, want) {
				t.Errorf("the counted figures %q lack %q", counted, want)
			}
		}
		if label := eval[string](t, ctx, `(() => { const s = document.querySelector('.histogram'); return s.getAttribute('role') + ' ' + s.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' | '); })()`); !strings.HasPrefix(label, "img Scores of Ai Weiwei: Never Sorry") {
			t.Errorf("the chart is labelled %q", label)
		}
		if rows := eval[int](t, ctx, `document.querySelectorAll('.chart table tbody tr').length`); rows != 10 {
			t.Errorf("the chart's table has %d rows, want 10 bins", rows)
		}
		bars := eval[int](t, ctx, `[...document.querySelectorAll('.histogram rect')].filter(r => r.getBBox().height > 0).length`)
		if bars == 0 {
			t.Error("the chart draws no bar")
		}
		grantClipboard(t, ctx, srv.URL)
		want := eval[string](t, ctx, `document.querySelector('.quotable .copy').dataset.quote`)
		must(t, ctx, "copy the first line", chromedp.Click(chromedp.CSS(".quotable .copy")))
		waitFor(t, ctx, "the copy", `document.querySelector('.quotable .copy').dataset.copied !== undefined`)
		if got := eval[string](t, ctx, `navigator.clipboard.readText()`); got != want || !strings.HasPrefix(got, "“") {
			t.Errorf("clipboard holds %q, want %q", got, want)
		}
		// The line's check link finds it exactly as quoted.
		must(t, ctx, "check the first line", chromedp.Click(chromedp.CSS(`.quotable a[href^="/check?"]`)))
		waitFor(t, ctx, "the check", `location.pathname === '/check' && document.querySelector('.check-result .verdict') !== null`)
		if v := eval[string](t, ctx, `document.querySelector('.check-result .verdict').textContent`); v != "Exact" {
			t.Errorf("a quotable line checks as %q, want Exact", v)
		}
		// A search that is the film's name shows its card, which links here.
		must(t, ctx, "search the film's name", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")),
			chromedp.Click(chromedp.CSS("#q")), chromedp.KeyEvent("Ai Weiwei: Never Sorry\r"))
		waitFor(t, ctx, "the card", `document.querySelector('.film-card a[href="/films/ai-weiwei-never-sorry"]') !== null`)
		// At 360 px nothing runs off the side.
		must(t, ctx, "narrow", chromedp.EmulateViewport(360, 740), chromedp.Navigate(srv.URL+"/films/ai-weiwei-never-sorry"), chromedp.WaitVisible(chromedp.CSS(".histogram")))
		defer chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the film page is %d px wide at a 360 px viewport", w)
		}
	})

	step(t, bctx, problems, "film pages with JavaScript off", func(t *testing.T, ctx context.Context) {
		defer scriptsOff(t, ctx)()
		must(t, ctx, "find a film by name", chromedp.Navigate(srv.URL+"/films"), chromedp.WaitVisible(chromedp.CSS("#film-q")),
			chromedp.SendKeys(chromedp.CSS("#film-q"), "weiwei"), chromedp.Click(chromedp.CSS(".film-find button")))
		waitFor(t, ctx, "the list", `location.search.includes('q=weiwei') && document.readyState === 'complete' && document.querySelector('.film-row a') !== null`)
		must(t, ctx, "open the film", chromedp.Click(chromedp.CSS(".film-row a")))
		waitFor(t, ctx, "the film page", `location.pathname === '/films/ai-weiwei-never-sorry' && document.readyState === 'complete'`)
		if eval[bool](t, ctx, `getComputedStyle(document.querySelector('.quotable .copy')).display !== 'none'`) {
			t.Error("Copy quote shows without JavaScript, where it cannot work")
		}
		if !eval[bool](t, ctx, `document.querySelector('.histogram rect') !== null && document.querySelector('.stated .aggregate') !== null`) {
			t.Error("the chart or the stated scores need JavaScript")
		}
		must(t, ctx, "search only this film", chromedp.Click(chromedp.CSS(".lede a")))
		waitFor(t, ctx, "its reviews", `location.search.includes('work=') && document.readyState === 'complete' && document.querySelector('.hit') !== null`)
		if c := eval[string](t, ctx, `document.querySelector('.chips').textContent`); !strings.Contains(c, "Ai Weiwei: Never Sorry") {
			t.Errorf("the film search's chips say %q", c)
		}
	})

	step(t, bctx, problems, "widget film card", func(t *testing.T, ctx context.Context) {
		host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>A film site</title></head>
<body><main><h1>Ai Weiwei: Never Sorry</h1><script src="%s/embed.js" data-work="Ai Weiwei: Never Sorry" data-theme="light"></script></main></body></html>`, srv.URL)
		}))
		defer host.Close()
		must(t, ctx, "open the host page", chromedp.Navigate(host.URL))
		shadow := `document.querySelector('.pullquote-widget').shadowRoot`
		waitFor(t, ctx, "the card", shadow+`.querySelector('.pq-film') && !`+shadow+`.querySelector('.pq-film').hidden`)
		card := eval[string](t, ctx, shadow+`.querySelector('.pq-film').textContent`)
		for _, want := range []string{"Ai Weiwei: Never Sorry", "Metascore on Metacritic", "Universal acclaim", "based on 28 critics", "Mean of 15 scored", "“"} {
			if !strings.Contains(card, want) {
				t.Errorf("the widget's film card %q lacks %q", card, want)
			}
		}
		if href := eval[string](t, ctx, shadow+`.querySelector('.pq-film a').href`); href != srv.URL+"/films/ai-weiwei-never-sorry" {
			t.Errorf("the card links to %q", href)
		}
		for _, v := range axeViolations(t, ctx, problems, axeScript(t), ".pullquote-widget") {
			t.Errorf("widget film card: %s", v)
		}
	})

	step(t, bctx, problems, "facet order, film facet and delivery", func(t *testing.T, ctx context.Context) {
		// A ticked value heads its list; a ticked value with no hits stays
		// (to be unticked), unticked ones with none are left out.
		must(t, ctx, "tick the last outlet", chromedp.Navigate(srv.URL+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".facet-outlets")))
		outlets := eval[[]string](t, ctx, `[...document.querySelectorAll('.facet-outlets input[name=outlet]')].map(i => i.value)`)
		if len(outlets) < 2 {
			t.Fatalf("outlets %q", outlets)
		}
		last := outlets[len(outlets)-1]
		must(t, ctx, "search with it", chromedp.Navigate(srv.URL+"/?q=documentary&outlet="+url.QueryEscape(last)+"&outlet=Nobody"), chromedp.WaitVisible(chromedp.CSS(".facet-outlets")))
		rows := eval[[][]any](t, ctx, `[...document.querySelectorAll('.facet-outlets label')].map(l => [l.querySelector('input').value, l.querySelector('input').checked, +l.querySelector('[data-facet-count]').textContent])`)
		if len(rows) < 2 || rows[0][1] != true || rows[1][1] != true {
			t.Errorf("ticked outlets are not listed first: %v", rows)
		}
		for _, r := range rows {
			if r[1] == false && r[2].(float64) == 0 {
				t.Errorf("an unticked outlet with no hits is listed: %v", r)
			}
			if r[0] == "Nobody" && r[2].(float64) != 0 {
				t.Errorf("the ticked outlet with no hits says %v", r)
			}
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.facet-works input[name=work]').length`); n == 0 {
			t.Error("no film facet")
		}
		// Pages and assets come gzip-compressed; assets are named by their
		// content and carry a validator.
		got := eval[[]float64](t, ctx, `(() => { const n = performance.getEntriesByType('navigation')[0], c = performance.getEntriesByType('resource').find(e => e.name.includes('/static/app.css')); return [n.encodedBodySize, n.decodedBodySize, c.encodedBodySize, c.decodedBodySize]; })()`)
		if got[0] >= got[1] || got[2] >= got[3] {
			t.Errorf("page %v/%v bytes and app.css %v/%v bytes on the wire/decoded: not compressed", got[0], got[1], got[2], got[3])
		}
		hdr := eval[[]string](t, ctx, `(async () => { const u = document.querySelector('link[rel=stylesheet]').href; const r = await fetch(u); return [u, r.headers.get('etag') || '', r.headers.get('cache-control') || '']; })()`)
		if !strings.Contains(hdr[0], "?v=") || hdr[1] == "" || !strings.Contains(hdr[2], "immutable") {
			t.Errorf("app.css at %q: ETag %q, Cache-Control %q; want a content-hashed name, a validator and a long cache", hdr[0], hdr[1], hdr[2])
		}
	})

	step(t, bctx, problems, "copy in an iframe that may not use the clipboard", func(t *testing.T, ctx context.Context) {
		// A host page that frames /embed without allow="clipboard-write":
		// Copy quote falls back to the old copy command, quietly.
		const w, h = 600, 500
		embed := srv.URL + "/embed?q=unfinished+symphony&size=1"
		must(t, ctx, "measure the embed alone", chromedp.EmulateViewport(w, h), chromedp.Navigate(embed), chromedp.WaitVisible(chromedp.CSS(".hit .copy")))
		defer chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
		// No blank gutter: the results start at the frame's left edge,
		// right under the search box.
		if box := eval[[]float64](t, ctx, `(() => { const f = document.querySelector('form.search').getBoundingClientRect(), h = document.querySelector('.hits').getBoundingClientRect(); return [f.top, h.left, h.top - f.bottom, document.documentElement.scrollWidth]; })()`); box[0] != 0 || box[1] > 16 || box[2] > 16 || box[3] > w {
			t.Errorf("the embed at %d px: search box at y=%.0f, results at x=%.0f and %.0f px below it, page %.0f px wide", w, box[0], box[1], box[2], box[3])
		}
		want := eval[string](t, ctx, `document.querySelector('.hit .copy').dataset.quote`)
		at := eval[[]float64](t, ctx, `(() => { const r = document.querySelector('.hit .copy').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		host := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(rw, `<!doctype html><title>framed</title><style>body{margin:0}</style><iframe id="f" src="%s" width="%d" height="%d" style="border:0;display:block" onload="window.framed = true"></iframe>`, embed, w, h)
		}))
		defer host.Close()
		grantClipboard(t, ctx, host.URL)
		must(t, ctx, "open the host page", chromedp.Navigate(host.URL))
		waitFor(t, ctx, "the frame to load", `window.framed === true`)
		must(t, ctx, "click Copy quote in the frame", chromedp.MouseClickXY(at[0], at[1]))
		got := ""
		for deadline := time.Now().Add(5 * time.Second); got != want && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			got = eval[string](t, ctx, `navigator.clipboard.readText()`)
		}
		if got != want {
			t.Errorf("clipboard holds %q, want %q", got, want)
		}
	})

	step(t, bctx, problems, "iframe embed on another origin", func(t *testing.T, ctx context.Context) {
		host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<!doctype html><title>framed</title><iframe id="f" src="%s/embed?q=clever+cat&amp;size=2" width="600" height="400"></iframe>`, srv.URL)
		}))
		defer func() {
			// Leave the host page before its server closes: the browser
			// may still ask it for a favicon.
			chromedp.Run(ctx, chromedp.Navigate("about:blank"))
			host.Close()
		}()
		must(t, ctx, "open the host page", chromedp.Navigate(host.URL), chromedp.WaitVisible(chromedp.CSS("#f")))
		// The frame is cross-origin, so the host page cannot look inside;
		// the protocol's frame tree says whether it loaded (a frame refused
		// by frame-ancestors shows Chrome's error page instead).
		deadline := time.Now().Add(10 * time.Second)
		for {
			tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				t.Fatal(err)
			}
			var urls []string
			for _, c := range tree.FrameTree.ChildFrames {
				urls = append(urls, c.Frame.URL+c.Frame.URLFragment)
			}
			if len(urls) == 1 && strings.HasPrefix(urls[0], srv.URL+"/embed?") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the iframe shows %q, want %s/embed?…", urls, srv.URL)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	step(t, bctx, problems, "embed demo page", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "open the demo", chromedp.Navigate(srv.URL+"/embed/demo"))
		shadow := `document.querySelector('.pullquote-widget').shadowRoot`
		waitFor(t, ctx, "the live widget's preset search", shadow+`.querySelectorAll('.pq-hit mark').length > 0`)
		if s := eval[string](t, ctx, `document.getElementById('script-snippet').textContent`); !strings.Contains(s, srv.URL+"/embed.js") {
			t.Errorf("snippet %q does not name this server", s)
		}
	})

	if *updateScreenshot {
		step(t, bctx, problems, "film page screenshot", func(t *testing.T, ctx context.Context) {
			must(t, ctx, "open the film", chromedp.EmulateViewport(1200, 1320), chromedp.Navigate(srv.URL+"/films/ai-weiwei-never-sorry"), chromedp.WaitVisible(chromedp.CSS(".histogram")))
			writeScreenshot(t, ctx, "film.png")
			must(t, ctx, "narrow", chromedp.EmulateViewport(360, 1400), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".histogram")))
			defer chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
			writeScreenshot(t, ctx, "film-360.png")
		})
		step(t, bctx, problems, "screenshot", func(t *testing.T, ctx context.Context) {
			must(t, ctx, "search", chromedp.EmulateViewport(1200, 820), chromedp.Navigate(srv.URL+"/?q=powerful+documentary&score=80..100&work=Ai+Weiwei%3A+Never+Sorry"), chromedp.WaitVisible(chromedp.CSS(".hit mark")))
			writeScreenshot(t, ctx, "screenshot.png")
		})
	}
}

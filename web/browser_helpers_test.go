package web_test

import (
	"context"
	"flag"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pullquote/pullquote/web"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/screenshot.png from the browser test")

// chromiumPath finds Chromium. Without it the browser tests skip, unless CI
// is set: CI must run them.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but Chromium is not installed: run scripts/deps.sh")
	}
	t.Skip("Chromium not installed (scripts/deps.sh installs it); skipping browser tests")
	return ""
}

// realServer serves the web handler over an index built from the embedded
// corpus, on a real listener.
func realServer(t *testing.T) *httptest.Server {
	t.Helper()
	ix := web.EmbeddedBackend(t)
	logger := slog.New(slog.DiscardHandler)
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	srv := httptest.NewServer(web.NewHandler(logger, ix, web.Options{}))
	t.Cleanup(srv.Close)
	return srv
}

// pageProblems collects what the browser reports that a page should never
// cause: CSP violations, failed loads and uncaught exceptions.
type pageProblems struct {
	mu   sync.Mutex
	msgs []string
}

func (p *pageProblems) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *cdplog.EventEntryAdded:
		if ev.Entry != nil && (ev.Entry.Level == cdplog.EntryLevelError || strings.Contains(ev.Entry.Text, "Content Security Policy")) {
			msg = "log: " + ev.Entry.Text + " " + ev.Entry.URL
		}
	case *runtime.EventExceptionThrown:
		if ev.ExceptionDetails != nil {
			msg = "exception: " + (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error()
		}
	}
	if msg != "" {
		p.mu.Lock()
		p.msgs = append(p.msgs, msg)
		p.mu.Unlock()
	}
}

func (p *pageProblems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := p.msgs
	p.msgs = nil
	return m
}

// newBrowser starts headless Chromium with a fresh profile and returns the
// context of its first tab and the problems its pages report.
func newBrowser(t *testing.T) (context.Context, *pageProblems) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	problems := &pageProblems{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(problems.listen))
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx, problems
}

// step runs fn with a time limit and, if the test has failed by then,
// saves a screenshot to testdata/failures/ and logs its path.
func step(t *testing.T, bctx context.Context, problems *pageProblems, name string, fn func(t *testing.T, ctx context.Context)) {
	t.Run(name, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(bctx, 45*time.Second)
		defer cancel()
		defer func() {
			for _, p := range problems.take() {
				t.Errorf("browser reported: %s", p)
			}
			if !t.Failed() {
				return
			}
			shotCtx, cancel := context.WithTimeout(bctx, 10*time.Second)
			defer cancel()
			png, err := chromedp.Run(shotCtx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Logf("no failure screenshot: %v", err)
				return
			}
			dir := filepath.Join("testdata", "failures")
			path := filepath.Join(dir, regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(t.Name(), "_")+".png")
			if err := os.MkdirAll(dir, 0o755); err == nil {
				if err := os.WriteFile(path, png, 0o644); err == nil {
					abs, _ := filepath.Abs(path)
					t.Logf("failure screenshot: %s", abs)
				}
			}
		}()
		fn(t, ctx)
	})
}

// must runs actions and fails the test on error.
func must(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds. It evaluates through
// the DevTools protocol, so the page's CSP (no eval) does not stop it.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(`+cond+`)`))
		if err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s (%s): %v (last error %v)", what, cond, ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func origin(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Scheme + "://" + p.Host
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

// axeScript reads axe-core (npm package axe-core, installed by
// scripts/deps.sh into .cache/axe). Without it the accessibility check
// skips, unless CI is set.
func axeScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", ".cache", "axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but axe-core is not installed: run scripts/deps.sh (%v)", err)
		}
		t.Skipf("axe-core not installed (scripts/deps.sh installs it): %v", err)
	}
	return string(b)
}

// axeViolations runs axe-core on the page (or inside the shadow root of
// the element that root selects) and returns each violation as "rule: the
// first node's target and summary". axe's own probe (it sets inline
// styles, which the page's CSP refuses) is not the page's problem.
func axeViolations(t *testing.T, ctx context.Context, problems *pageProblems, axe string, root string) []string {
	t.Helper()
	defer func() {
		for _, p := range problems.take() {
			if !strings.Contains(p, "Applying inline style violates") {
				t.Errorf("browser reported: %s", p)
			}
		}
	}()
	must(t, ctx, "load axe-core", chromedp.Evaluate[chromedp.Void](axe+";void 0"))
	ctxArg := "document"
	if root != "" {
		ctxArg = `{include: [[` + jsString(root) + `]]}`
	}
	return eval[[]string](t, ctx, `axe.run(`+ctxArg+`, {resultTypes: ['violations']}).then(r => r.violations.map(v =>
		v.id + ' (' + v.impact + '): ' + v.nodes.length + ' nodes, first ' + JSON.stringify(v.nodes[0].target) + ' ' + (v.nodes[0].failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)))`)
}

// firstReviewID is the ID of a review the search page links to.
func firstReviewID(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	must(t, ctx, "search", chromedp.Navigate(base+"/?q=documentary"), chromedp.WaitVisible(chromedp.CSS(".hit")))
	href := eval[string](t, ctx, `document.querySelector('.hit a[href^="/reviews/"]').getAttribute('href')`)
	id := strings.TrimPrefix(href, "/reviews/")
	if i := strings.IndexByte(id, '#'); i >= 0 {
		id = id[:i]
	}
	return id
}

// scriptsOff turns JavaScript off in the tab, as for a reader who blocks
// scripts, and returns what turns it back on: defer it (the step's
// context ends before a t.Cleanup would run).
func scriptsOff(t *testing.T, ctx context.Context) (restore func()) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	return func() {
		chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
	}
}

// grantClipboard lets pages of origin read and write the clipboard, as a
// person who allowed it would.
func grantClipboard(t *testing.T, ctx context.Context, origin string) {
	t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := cdp.Call(ctx, chromedp.FromContext(ctx).Browser, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
			Setting:    browser.PermissionSettingGranted, Origin: origin,
		}); err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}
}

// writeScreenshot saves what the viewport shows as docs/NAME.
func writeScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "docs", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// blockURLs makes the tab's requests to patterns fail as a network
// failure would; none unblocks them.
func blockURLs(t *testing.T, ctx context.Context, patterns ...*network.BlockPattern) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns}); err != nil {
		t.Fatal(err)
	}
}

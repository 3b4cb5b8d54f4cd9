package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/search/cache"
	"github.com/pullquote/pullquote/searcher"
	"github.com/pullquote/pullquote/web"
)

// defaultIndexDir is where serve looks for (and, if absent, builds) the index.
const defaultIndexDir = "data/index"

// serveConfig is what the serve flags and environment say.
type serveConfig struct {
	addr, index, logFormat, baseURL string
	// indexNamed is set when --index or PULLQUOTE_INDEX named the
	// index: then it is served or serve fails, never the embedded corpus.
	indexNamed bool
	backend    string
	origins    stringList
	web        web.Options
	cacheMB    int
	proxies    stringList
}

func parseServeFlags(e env, args []string) (serveConfig, error) {
	c := serveConfig{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: pullquote serve [--addr localhost:8080] [--index DIR | --backend sphinxql://…] [--allow-origin ORIGIN]... [--base-url URL] [--log-format text|json]\n"+
			"                      [--cache-mb 64] [--max-searches N] [--search-queue N] [--rate R --burst B] [--trusted-proxy CIDR]...")
		fmt.Fprintln(e.stderr, "\nServes the search page, the JSON API and the embeddable widget. Without --index and with nothing in data/index yet, builds the embedded corpus there first.")
		fmt.Fprintln(e.stderr, "Environment: PULLQUOTE_ADDR, PULLQUOTE_INDEX, PULLQUOTE_BACKEND, PULLQUOTE_ALLOW_ORIGIN (comma-separated), PULLQUOTE_BASE_URL, PULLQUOTE_LOG_FORMAT.\n\nflags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.addr, "addr", envOr(e, "PULLQUOTE_ADDR", "localhost:8080"), "address to listen on; :8080 for every interface (env PULLQUOTE_ADDR)")
	fs.StringVar(&c.index, "index", envOr(e, "PULLQUOTE_INDEX", defaultIndexDir), "index directory (env PULLQUOTE_INDEX)")
	backend := backendFlag(fs, e)
	fs.StringVar(&c.logFormat, "log-format", envOr(e, "PULLQUOTE_LOG_FORMAT", "text"), "log format: text or json (env PULLQUOTE_LOG_FORMAT)")
	fs.StringVar(&c.baseURL, "base-url", e.getenv("PULLQUOTE_BASE_URL"), "public address shown in the embed snippets, e.g. https://quotes.example (env PULLQUOTE_BASE_URL)")
	fs.Var(&c.origins, "allow-origin", "origin allowed to call the API and frame /embed; repeatable; none means any (env PULLQUOTE_ALLOW_ORIGIN, comma-separated)")
	fs.IntVar(&c.cacheMB, "cache-mb", cache.DefaultBytes>>20, "MiB of search answers to keep in memory; 0 turns the cache off")
	fs.IntVar(&c.web.Admission.Running, "max-searches", 0, "searches run at once (default: the CPU count)")
	fs.IntVar(&c.web.Admission.Queue, "search-queue", 0, "searches that may wait for a free slot beyond those; more get 503 (default: 4 per slot; -1: none)")
	fs.Float64Var(&c.web.Rate, "rate", 0, "requests per second one client address may make to the pages, widget and API; more get 429 (default: no limit)")
	fs.IntVar(&c.web.Burst, "burst", 0, "requests one client may make at once beyond --rate (default: the rate, at least 1)")
	fs.Var(&c.proxies, "trusted-proxy", "network (CIDR) or address of a reverse proxy whose X-Forwarded-For names the client; repeatable")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.backend = *backend
	c.indexNamed = e.getenv("PULLQUOTE_INDEX") != ""
	fs.Visit(func(f *flag.Flag) { c.indexNamed = c.indexNamed || f.Name == "index" })
	switch {
	case c.cacheMB < 0:
		return c, fmt.Errorf("serve: --cache-mb %d: want 0 (off) or more", c.cacheMB)
	case c.cacheMB == 0:
		c.web.CacheBytes = -1
	default:
		c.web.CacheBytes = c.cacheMB << 20
	}
	if c.web.Rate < 0 || c.web.Burst < 0 || c.web.Admission.Running < 0 {
		return c, fmt.Errorf("serve: --rate, --burst and --max-searches take 0 or more")
	}
	for _, p := range c.proxies {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			a, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return c, fmt.Errorf("serve: --trusted-proxy %q: want a network like 10.0.0.0/8 or an address", p)
			}
			prefix = netip.PrefixFrom(a, a.BitLen())
		}
		c.web.TrustedProxies = append(c.web.TrustedProxies, prefix)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if len(c.origins) == 0 {
		_ = c.origins.Set(e.getenv("PULLQUOTE_ALLOW_ORIGIN"))
	}
	for _, o := range c.origins {
		if o != "*" && !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
			return c, fmt.Errorf("serve: --allow-origin %q: want scheme://host[:port], e.g. https://example.com", o)
		}
	}
	if len(c.origins) == 1 && c.origins[0] == "*" {
		c.origins = nil
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return c, fmt.Errorf("serve: --log-format %q: want text or json", c.logFormat)
	}
	return c, nil
}

func envOr(e env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func runServe(ctx context.Context, e env, args []string) error {
	c, err := parseServeFlags(e, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	logger := newLogger(e.stderr, c.logFormat)
	c.web.AllowOrigins, c.web.BaseURL = c.origins, c.baseURL

	var h http.Handler
	var from []any
	if c.backend != "" {
		s, closer, name, err := openBackend(ctx, e, c.backend)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		from = []any{"backend", name}
		defer closer.Close()
		h = web.NewHandler(logger, s, c.web)
	} else {
		ix, err := openOrBuild(ctx, logger, c.index, c.indexNamed)
		if err != nil {
			return err
		}
		defer ix.Close()
		// A rebuild (`pullquote index` while serving) is picked up within
		// reloadInterval, without a failed request.
		go ix.Watch(ctx, reloadInterval, logger)
		h = web.NewHandler(logger, searcher.New(ix), c.web)
		from = []any{"index", c.index, "paragraphs", ix.Meta().Paragraphs}
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", c.addr, err)
	}
	logger.Info("serving", append([]any{"url", "http://" + displayAddr(ln.Addr())}, from...)...)
	return web.Serve(ctx, logger, web.NewServer(logger, h), ln)
}

// reloadInterval is how often serve checks for a rebuilt index.
const reloadInterval = 2 * time.Second

// openOrBuild opens the index in dir. Only when no index was named
// (dir is the default) and nothing is there yet does it first build one
// from the embedded corpus, so a fresh checkout serves real results; a
// named folder without an index, or one where a build failed, is an
// error that says so, not a demo served in its place.
func openOrBuild(ctx context.Context, logger *slog.Logger, dir string, named bool) (*index.Live, error) {
	if _, err := os.Stat(filepath.Join(dir, "CURRENT")); errors.Is(err, fs.ErrNotExist) {
		entries, _ := os.ReadDir(dir)
		switch {
		case named:
			return nil, fmt.Errorf("serve: %s holds no index (none was built there, or its build failed): build one with `pullquote index --index %s FILE…`, or serve the embedded corpus without --index", dir, dir)
		case len(entries) > 0:
			return nil, fmt.Errorf("serve: %s holds no finished index (a build there failed or was stopped): build it with `pullquote index FILE…`, or remove the folder to serve the embedded corpus", dir)
		}
		logger.Info("no index yet: building one from the embedded corpus", "dir", dir)
		load := &corpus.Loader{Load: func(ctx context.Context, fn func(corpus.Review) error) (*corpus.Report, error) {
			return corpus.LoadEmbedded(ctx, corpus.Options{Logger: logger}, fn)
		}}
		stats, err := index.Build(ctx, dir, load.Source, index.BuildOptions{Logger: logger, Aggregates: load.Aggregates})
		if err != nil {
			return nil, fmt.Errorf("serve: build index from the embedded corpus: %w", err)
		}
		logger.Info("built index", "dir", dir, "reviews", stats.Reviews, "paragraphs", stats.Paragraphs, "took", stats.Elapsed)
	}
	ix, err := index.OpenLive(dir)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return ix, nil
}

// displayAddr turns a listen address like [::]:8080 into localhost:8080.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

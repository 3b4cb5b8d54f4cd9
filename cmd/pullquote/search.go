package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/search"
)

// searchIndexDir is the index directory search opens by default.
const searchIndexDir = "data/index"

// searchConfig is what the search flags say.
type searchConfig struct {
	index    string
	backend  string
	json     bool
	color    string
	req      search.Request
	showFacs bool // print the facet counts after the hits
}

func parseSearchFlags(e env, args []string) (searchConfig, error) {
	var c searchConfig
	var outlets, authors, kinds, works stringList
	var score, from, to, sort string
	var noScore, noHighlight bool
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: pullquote search [--index DIR | --backend sphinxql://…] [--json] [--outlet X] [--kind K] [--score 80..100] [--from D] [--to D] [--sort S] [--page N] [--size N] QUERY")
		fmt.Fprintln(e.stderr, "\nSearches the review paragraphs. QUERY is in the query language (docs/query-language.md):")
		fmt.Fprintln(e.stderr, `words, "phrases", -word, outlet:"Boston Globe", author:, kind:user, work:, score:>=80, date:2012..2013.`)
		fmt.Fprintln(e.stderr, "\nflags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.index, "index", envOr(e, "PULLQUOTE_INDEX", searchIndexDir), "index directory (env PULLQUOTE_INDEX)")
	backend := backendFlag(fs, e)
	fs.BoolVar(&c.json, "json", false, "print the response as JSON")
	fs.StringVar(&c.color, "color", "auto", "mark matches in bold: auto (on a terminal), always or never")
	fs.Var(&outlets, "outlet", "only this outlet; repeatable or comma-separated")
	fs.Var(&authors, "author", "only this author; repeatable")
	fs.Var(&kinds, "kind", "only this kind (critic, user, article); repeatable")
	fs.Var(&works, "work", "only this work; repeatable")
	fs.StringVar(&score, "score", "", "score range on 0–100: 80..100, >=80, <40")
	fs.BoolVar(&noScore, "no-score", false, "only reviews with no score (with --score: either)")
	fs.StringVar(&from, "from", "", "first day: YYYY, YYYY-MM or YYYY-MM-DD")
	fs.StringVar(&to, "to", "", "last day: YYYY, YYYY-MM or YYYY-MM-DD")
	fs.StringVar(&sort, "sort", "", "relevance, newest, oldest, score or helpful (default relevance; newest with no query)")
	fs.IntVar(&c.req.Page, "page", 1, "page, from 1")
	fs.IntVar(&c.req.Size, "size", search.DefaultSize, fmt.Sprintf("hits per page, at most %d", search.MaxSize))
	fs.BoolVar(&noHighlight, "no-highlight", false, "print whole paragraphs instead of highlighted fragments")
	fs.BoolVar(&c.showFacs, "facets", true, "print facet counts after the hits")

	words, err := parseInterleaved(fs, args)
	if err != nil {
		return c, err
	}
	c.backend = *backend
	c.req.Query = strings.Join(words, " ") // whole words: Prefix is for typing
	c.req.Sort = search.Sort(sort)
	c.req.Highlight = !noHighlight
	c.req.Filter = search.Filter{Outlets: outlets, Authors: authors, Kinds: kinds, Works: works, NoScore: noScore}
	if score != "" {
		if c.req.Filter.Score, err = search.ParseScoreRange(score); err != nil {
			return c, flagError("--score", err)
		}
	}
	if from != "" {
		if c.req.Filter.Date.From, _, err = search.ParsePeriod(from); err != nil {
			return c, flagError("--from", err)
		}
	}
	if to != "" {
		if _, c.req.Filter.Date.To, err = search.ParsePeriod(to); err != nil {
			return c, flagError("--to", err)
		}
	}
	if c.req.Page < 1 {
		return c, fmt.Errorf("search: --page %d: want 1 or more", c.req.Page)
	}
	if c.req.Size < 1 || c.req.Size > search.MaxSize {
		return c, fmt.Errorf("search: --size %d: want 1 to %d", c.req.Size, search.MaxSize)
	}
	if c.color != "auto" && c.color != "always" && c.color != "never" {
		return c, fmt.Errorf("search: --color %q: want auto, always or never", c.color)
	}
	return c, nil
}

// parseInterleaved parses flags that may come after query words.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return words, nil
		}
		if args[0] == "--" {
			return append(words, args[1:]...), nil
		}
		words = append(words, args[0])
		args = args[1:]
	}
}

// flagError renames an *search.InvalidError after the flag that carried it.
func flagError(name string, err error) error {
	var inv *search.InvalidError
	if errors.As(err, &inv) {
		return fmt.Errorf("search: %w", &search.InvalidError{Param: name, Reason: inv.Reason})
	}
	return fmt.Errorf("search: %s: %w", name, err)
}

func runSearch(ctx context.Context, e env, args []string) error {
	c, err := parseSearchFlags(e, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if strings.TrimSpace(c.req.Query) == "" && c.req.Filter.IsZero() {
		return errors.New("search: give a QUERY or a filter (pullquote search --help)")
	}
	s, closer, err := openSearcher(ctx, e, c.backend, c.index)
	if err != nil {
		return err
	}
	defer closer.Close()
	// Normalized here too, so that the output can say what it cut.
	if c.req, err = c.req.Normalize(); err != nil {
		return err
	}
	resp, err := s.Search(ctx, c.req)
	if err != nil {
		return err
	}
	if c.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(search.NewResponseJSON(c.req, resp)) // the API's shape
	}
	bold := c.color == "always" || (c.color == "auto" && writerIsTerminal(e.stdout))
	if !c.showFacs {
		resp.Facets = search.Facets{}
	}
	return printResponse(e.stdout, c.req, resp, bold)
}

// writerIsTerminal reports whether w is a terminal.
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// printResponse writes a readable listing: a summary line, each hit with
// its review's fields and its fragment (matches in bold on a terminal,
// «…» otherwise), and the facet counts.
func printResponse(w io.Writer, req search.Request, resp *search.Response, bold bool) error {
	size := max(req.Size, 1)
	first := (max(req.Page, 1)-1)*size + 1
	fmt.Fprintf(w, "%d paragraphs (%s)", resp.Total, resp.Took.Round(time.Millisecond/10))
	if len(resp.Hits) > 0 {
		fmt.Fprintf(w, ", showing %d–%d", first, first+len(resp.Hits)-1)
	}
	fmt.Fprintln(w)
	if req.Cut != nil {
		fmt.Fprintf(w, "Searched the first %d of %d words.\n", req.Cut.Searched, req.Cut.Given)
	}
	if resp.AnyWords {
		fmt.Fprintln(w, "No paragraph has every word; these have some of them.")
	}
	if resp.Suggestion != "" {
		fmt.Fprintf(w, "Did you mean: %s\n", resp.Suggestion)
	}
	for i, h := range resp.Hits {
		fmt.Fprintf(w, "\n%d. %s\n", first+i, hitHeader(h))
		text := h.Text
		if h.Highlight != "" {
			text = terminalText(h.Highlight, bold)
		}
		for _, line := range wrapWords(text, 76) {
			fmt.Fprintln(w, "   "+line)
		}
		for _, a := range h.Also {
			fmt.Fprintf(w, "   also on %s\n", strings.Join(nonEmptyUnique(a.Site, a.Outlet, a.Author), ", "))
		}
		fmt.Fprintf(w, "   review %s ¶%d\n", h.ReviewID, h.Paragraph+1)
	}
	f := resp.Facets
	var outlets, scores, dates []string
	for _, o := range f.Outlet {
		outlets = append(outlets, facetItem(o.Value, o.Count, o.Selected))
	}
	for _, b := range f.Score {
		scores = append(scores, facetItem(b.Label, b.Count, b.Selected))
	}
	for _, d := range f.Date {
		dates = append(dates, facetItem(d.Label, d.Count, d.Selected))
	}
	fmt.Fprintln(w)
	for _, l := range []struct {
		name  string
		items []string
	}{{"outlets", outlets}, {"scores", scores}, {"dates", dates}} {
		if len(l.items) > 0 {
			fmt.Fprintf(w, "%-8s %s\n", l.name+":", strings.Join(l.items, " · "))
		}
	}
	return nil
}

func facetItem(label string, n int, selected bool) string {
	s := label + " " + strconv.Itoa(n)
	if selected {
		s = "[" + s + "]"
	}
	return s
}

func hitHeader(h search.Hit) string {
	var parts []string
	parts = append(parts, nonEmptyUnique(h.Author, h.Outlet, h.Site, h.Kind)...)
	if h.Score != nil {
		parts = append(parts, "score "+strconv.FormatFloat(h.Score.Value, 'f', -1, 64))
	}
	if !h.Date.IsZero() {
		parts = append(parts, h.Date.Format(time.DateOnly))
	}
	if h.Title != "" {
		parts = append(parts, "“"+h.Title+"”")
	}
	return strings.Join(parts, " · ")
}

// nonEmptyUnique returns the values that are not empty, without repeats.
func nonEmptyUnique(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v != "" && !hasString(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func hasString(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// terminalText turns a highlight (escaped HTML with <mark>) into plain
// text with matches in ANSI bold, or in «…» when bold is off.
func terminalText(h string, bold bool) string {
	open, closing := "«", "»"
	if bold {
		open, closing = "\x1b[1m", "\x1b[0m"
	}
	h = strings.NewReplacer("<mark>", "\x00", "</mark>", "\x01").Replace(h)
	h = html.UnescapeString(h)
	return strings.NewReplacer("\x00", open, "\x01", closing).Replace(h)
}

// wrapWords breaks text into lines of at most width visible characters, at spaces.
func wrapWords(text string, width int) []string {
	var lines []string
	var line strings.Builder
	n := 0
	for _, word := range strings.Fields(text) {
		wl := visibleLen(word)
		if n > 0 && n+1+wl > width {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(word)
		n += wl
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// visibleLen counts the runes of s that show, leaving out ANSI escapes.
func visibleLen(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case r == '\x1b':
			esc = true
		case esc:
			if r == 'm' {
				esc = false
			}
		default:
			n++
		}
	}
	return n
}

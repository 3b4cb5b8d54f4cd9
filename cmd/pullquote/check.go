package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/check"
)

// exitError ends the command with a status of its own (and a message, if
// any), as "check" does for a quote that does not stand.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// checkConfig is what the check flags say.
type checkConfig struct {
	index, backend, file string
	json                 bool
	author, outlet, work string
	blurbs               []string
}

func parseCheckFlags(e env, args []string) (checkConfig, error) {
	var c checkConfig
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: pullquote check [--index DIR | --backend sphinxql://…] [--json] [--author A] [--outlet O] [--work W] BLURB...\n       pullquote check [--index DIR | --backend sphinxql://…] [--json] --file blurbs.txt")
		fmt.Fprintln(e.stderr, "\nChecks each pull quote against the reviews in the index: exact, trimmed, altered or not_found, whether the attribution")
		fmt.Fprintln(e.stderr, "matches, and flags for words around it that may change its meaning. Exit status: 0 when every quote is exact or")
		fmt.Fprintln(e.stderr, "trimmed without flags or a contradicted attribution, 1 otherwise, 2 on bad input.\n\nflags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.index, "index", envOr(e, "PULLQUOTE_INDEX", searchIndexDir), "index directory (env PULLQUOTE_INDEX)")
	backend := backendFlag(fs, e)
	fs.StringVar(&c.file, "file", "", "read blurbs from this file, one a line ('-': standard input); blank lines and lines starting with # are skipped")
	fs.BoolVar(&c.json, "json", false, "print one JSON object a blurb (JSON Lines)")
	fs.StringVar(&c.author, "author", "", "attribute every blurb to this author")
	fs.StringVar(&c.outlet, "outlet", "", "attribute every blurb to this outlet")
	fs.StringVar(&c.work, "work", "", "attribute every blurb to this film")
	words, err := parseInterleaved(fs, args)
	if err != nil {
		return c, err
	}
	c.blurbs, c.backend = words, *backend
	if (c.file == "") == (len(c.blurbs) == 0) {
		return c, errors.New("check: give BLURB arguments or --file, not both or neither (pullquote check --help)")
	}
	return c, nil
}

// readBlurbs parses the blurbs the command was given, naming the argument
// or the file and line of one that has no words.
func readBlurbs(e env, c checkConfig) ([]check.Blurb, error) {
	parse := func(s, where string) (check.Blurb, error) {
		b, err := check.ParseBlurb(s)
		if err != nil {
			return b, fmt.Errorf("check: %s: %w", where, err)
		}
		if c.author != "" {
			b.Author = c.author
		}
		if c.outlet != "" {
			b.Outlet = c.outlet
		}
		if c.work != "" {
			b.Work = c.work
		}
		return b, nil
	}
	var out []check.Blurb
	if c.file == "" {
		for i, s := range c.blurbs {
			b, err := parse(s, fmt.Sprintf("argument %d", i+1))
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		return out, nil
	}
	var r io.Reader = e.stdin
	if c.file != "-" {
		f, err := os.Open(c.file)
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		defer f.Close()
		r = f
	}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		b, err := parse(s, fmt.Sprintf("%s:%d", c.file, line))
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("check: read %s: %w", c.file, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("check: %s holds no blurbs", c.file)
	}
	return out, nil
}

func runCheck(ctx context.Context, e env, args []string) error {
	c, err := parseCheckFlags(e, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return exitError{2, err.Error()}
	}
	blurbs, err := readBlurbs(e, c)
	if err != nil {
		return exitError{2, err.Error()}
	}
	s, closer, err := openSearcher(ctx, e, c.backend, c.index)
	if err != nil {
		return err
	}
	defer closer.Close()
	checker := check.New(s)
	enc := json.NewEncoder(e.stdout)
	failed := 0
	for _, b := range blurbs {
		res, err := checker.Check(ctx, b)
		var inv *search.InvalidError
		if errors.As(err, &inv) {
			return exitError{2, "check: " + err.Error()}
		}
		if err != nil {
			return err
		}
		if !res.OK() {
			failed++
		}
		if c.json {
			if err := enc.Encode(res); err != nil {
				return err
			}
			continue
		}
		printCheck(e.stdout, res)
	}
	if failed > 0 {
		return exitError{1, ""}
	}
	return nil
}

// printCheck writes one result for a person: the verdict and the quote,
// the source, the attribution, what was removed or changed, and the flags.
func printCheck(w io.Writer, r *check.Result) {
	fmt.Fprintf(w, "%-9s “%s”\n", r.Verdict, r.Quote)
	if s := r.Source; s != nil {
		parts := []string{}
		for _, p := range []string{s.Author, s.Outlet, s.Site, s.Work} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		if s.Date != nil {
			parts = append(parts, *s.Date)
		}
		if s.Score != nil {
			parts = append(parts, fmt.Sprintf("score %g", *s.Score))
		}
		fmt.Fprintf(w, "          source: %s (review %s ¶%d)\n", strings.Join(parts, " · "), s.ReviewID, s.Paragraph+1)
	}
	a := r.AttributionCheck
	for _, f := range []struct {
		name string
		fc   check.FieldCheck
	}{{"author", a.Author}, {"outlet", a.Outlet}, {"film", a.Work}} {
		switch f.fc.Status {
		case check.Differs:
			fmt.Fprintf(w, "          %s: differs — given %q, the source says %q\n", f.name, f.fc.Given, f.fc.Source)
		case check.Matches, check.Unknown:
			fmt.Fprintf(w, "          %s: %s (%s)\n", f.name, f.fc.Status, f.fc.Given)
		}
	}
	for _, rm := range r.Removed {
		fmt.Fprintf(w, "          removed: “%s”\n", rm)
	}
	for _, d := range r.Diff {
		switch d.Op {
		case "changed":
			fmt.Fprintf(w, "          said “%s”, quote says “%s”\n", d.Source, d.Quote)
		case "added":
			fmt.Fprintf(w, "          the quote adds “%s”\n", d.Quote)
		case "missing":
			fmt.Fprintf(w, "          the quote leaves out “%s”\n", d.Source)
		}
	}
	for _, f := range r.Flags {
		fmt.Fprintf(w, "          flag %s: %s — %s\n", f.Kind, f.Words, f.Explanation)
	}
	for _, n := range r.Nearest {
		fmt.Fprintf(w, "          nearest: %s, %s (review %s): %s\n", n.Source.Author, n.Source.Work, n.Source.ReviewID, n.Why)
	}
	fmt.Fprintln(w)
}

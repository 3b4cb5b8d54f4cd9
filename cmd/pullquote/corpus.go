package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"github.com/pullquote/pullquote/corpus"
)

// mapFlags collects repeated --map col=field flags.
type mapFlags []string

func (m *mapFlags) String() string     { return strings.Join(*m, ",") }
func (m *mapFlags) Set(v string) error { *m = append(*m, v); return nil }

// runCorpus implements "pullquote corpus [--stats] [--strict] [--map col=field ...] [PATH...]"
// and dispatches "pullquote corpus synth ..." to runSynth.
func runCorpus(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "synth" {
		return runSynth(ctx, e, args[1:])
	}
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: pullquote corpus [--stats] [--strict] [--map COLUMN=FIELD ...] [PATH...]\n       pullquote corpus synth -n N --seed S\n\nPrints the reviews read from PATHs (files or folders; none: the embedded\ncorpus) as JSON Lines, or with --stats a summary.\n\nflags:")
		fs.PrintDefaults()
	}
	stats := fs.Bool("stats", false, "print counts by site, kind and outlet and the skipped records instead of the reviews")
	strict := fs.Bool("strict", false, "fail on the first record that cannot be read")
	verbose := fs.Bool("v", false, "log each skip to stderr as it happens")
	var maps mapFlags
	fs.Var(&maps, "map", "map a CSV column (or JSON key) to a review field, COLUMN=FIELD; repeatable")
	encName := fs.String("encoding", "", "character set of CSV and JSON Lines files, e.g. latin1, windows-1252 (default UTF-8, rows that are not read as Windows-1252 with a warning)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	charset, err := corpus.ParseEncoding(*encName)
	if err != nil {
		return fmt.Errorf("--encoding: %w", err)
	}
	mapping, err := corpus.ParseMapping(maps)
	if err != nil {
		return fmt.Errorf("--map: %w", err)
	}
	opts := corpus.Options{Strict: *strict, Mapping: mapping, Encoding: charset}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	fn := func(r corpus.Review) error {
		if *stats {
			return nil
		}
		return enc.Encode(r)
	}
	var rep *corpus.Report
	if fs.NArg() == 0 {
		rep, err = corpus.LoadEmbedded(ctx, opts, fn)
	} else {
		rep, err = corpus.LoadPaths(ctx, fs.Args(), opts, fn)
	}
	if *stats && rep != nil {
		writeStats(out, rep)
	} else if rep != nil && len(rep.Skipped) > 0 {
		fmt.Fprintf(e.stderr, "corpus: %d reviews read, %d records skipped (see --stats)\n", rep.Reviews, len(rep.Skipped))
	}
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	return out.Flush()
}

// writeStats prints a load's report for people.
func writeStats(w io.Writer, rep *corpus.Report) {
	fmt.Fprintf(w, "files: %d\nreviews: %d\nskipped: %d\nwarnings: %d\n", rep.Files, rep.Reviews, len(rep.Skipped), len(rep.Warnings))
	counts := func(title string, m map[string]int) {
		fmt.Fprintf(w, "\nby %s:\n", title)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if m[keys[i]] != m[keys[j]] {
				return m[keys[i]] > m[keys[j]]
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			name := k
			if name == "" {
				name = "(unknown)"
			}
			fmt.Fprintf(w, "  %7d  %s\n", m[k], name)
		}
	}
	counts("site", rep.BySite)
	counts("kind", rep.ByKind)
	counts("outlet", rep.ByOutlet)
	if len(rep.Aggregates) > 0 {
		fmt.Fprintln(w, "\naggregates:")
		for _, a := range rep.Aggregates {
			fmt.Fprintf(w, "  %s %s %s: %s (%g/100)", a.Work, a.Site, a.Label, a.Score.Raw, a.Score.Value)
			if a.Verdict != "" {
				fmt.Fprintf(w, " %s", a.Verdict)
			}
			if a.Count > 0 {
				fmt.Fprintf(w, " from %d %s", a.Count, a.Unit)
			}
			fmt.Fprintln(w)
		}
	}
	list := func(title string, ss []corpus.Skip) {
		if len(ss) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, s := range ss {
			fmt.Fprintf(w, "  %v\n", s)
		}
	}
	list("skipped", rep.Skipped)
	list("warnings", rep.Warnings)
}

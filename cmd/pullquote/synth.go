package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/pullquote/pullquote/corpus/synth"
)

// runSynth writes a synthetic corpus as JSON Lines: "pullquote corpus synth
// -n N --seed S [-o FILE]".
func runSynth(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("corpus synth", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	n := fs.Int("n", 1000, "number of reviews to write")
	paras := fs.Int("paragraphs", 0, "stop after exactly this many paragraphs instead (overrides -n)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same corpus")
	out := fs.String("o", "", "output file (default standard output)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: pullquote corpus synth [-n N | -paragraphs P] [-seed S] [-o FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("corpus synth: unexpected argument %q", fs.Arg(0))
	}
	opts := synth.Options{Reviews: *n}
	if *paras > 0 {
		opts = synth.Options{Paragraphs: *paras}
	} else if *n <= 0 {
		return fmt.Errorf("corpus synth: -n must be positive, got %d", *n)
	}
	g, err := synth.New(*seed)
	if err != nil {
		return fmt.Errorf("corpus synth: %w", err)
	}
	var w io.Writer = e.stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("corpus synth: %w", err)
		}
		defer f.Close()
		w = f
	}
	st, err := synth.Write(ctx, w, g, opts)
	if err != nil {
		return fmt.Errorf("corpus synth: %w", err)
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		if err := f.Close(); err != nil {
			return fmt.Errorf("corpus synth: close %s: %w", *out, err)
		}
	}
	fmt.Fprintf(e.stderr, "corpus synth: %d reviews, %d paragraphs, %d bytes\n", st.Reviews, st.Paragraphs, st.Bytes)
	return nil
}

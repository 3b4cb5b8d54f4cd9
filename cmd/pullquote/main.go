// Command pullquote reads film reviews, indexes every paragraph and serves a
// search over them. Run "pullquote help" for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	var exit exitError
	switch {
	case errors.As(err, &exit):
		if exit.msg != "" {
			fmt.Fprintln(os.Stderr, "pullquote:", exit.msg)
		}
		os.Exit(exit.code)
	case err != nil:
		fmt.Fprintln(os.Stderr, "pullquote:", err)
		os.Exit(1)
	}
}

// env gives a subcommand what the process gives it, so tests can run it whole.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand.
type command struct {
	name  string
	usage string
	run   func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"corpus", "parse reviews and print them as JSON Lines (or --stats); 'corpus synth' writes a synthetic corpus", runCorpus},
		{"index", "build or update the search index", runIndex},
		{"search", "search the index from the command line", runSearch},
		{"check", "check pull quotes against the reviews they quote", runCheck},
		{"serve", "serve the web UI, JSON API and embeddable widget", runServe},
		{"manticore", "'manticore config' writes the searchd configs of a Manticore/Sphinx cluster (a start of issue 11)", runManticore},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) < 2 || args[1] == "help" || args[1] == "-h" || args[1] == "--help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[1] {
			return c.run(ctx, e, args[2:])
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[1])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: pullquote COMMAND [flags] [args]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.usage)
	}
}

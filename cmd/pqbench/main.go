// Command pqbench measures pullquote against Bleve with default settings,
// SQLite FTS5 and PostgreSQL full-text search on the same synthetic corpus
// and the same queries: build time and rate, index size, peak memory, query
// latency per query class, and /api/search throughput. It writes a Markdown
// table, a PNG plot and raw JSON to a results folder.
//
//	pqbench -sizes 10000,100000 -out docs/bench
//
// Each build and each query run happens in a child process (pqbench re-exec'd
// with a hidden subcommand) so its peak memory can be read from the kernel.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pqbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 1 {
		switch args[1] {
		case childBuild:
			return runChildBuild(ctx, args[2:], stdout)
		case childQuery:
			return runChildQuery(ctx, args[2:], stdout)
		case childServe:
			return runChildServe(ctx, args[2:], stdin, stdout)
		case childLoad:
			return runChildLoad(ctx, args[2:], stdout)
		case childCheck:
			return runChildCheck(ctx, args[2:], stdout)
		case childReplay:
			return runChildReplay(ctx, args[2:], stdout)
		}
	}
	cfg, err := parseFlags(args[1:], stderr)
	if err != nil {
		return err
	}
	return runBench(ctx, cfg, stderr)
}

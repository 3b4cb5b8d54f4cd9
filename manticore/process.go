package manticore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// Process is searchd running one node's config in the foreground, so it
// ends with its parent.
type Process struct {
	Node
	cmd *exec.Cmd
}

// StartNode starts searchd (Sphinx's or Manticore's, found on PATH) on
// n's config and waits until it answers SphinxQL or ctx ends. A wrap
// command runs it (`ip netns exec NAME`: a node in a network namespace of
// its own).
func StartNode(ctx context.Context, n Node, wrap ...string) (*Process, error) {
	args := append(wrap, "searchd", "--config", n.Config, "--nodetach")
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start searchd for node %s: %w", n.SQL, err)
	}
	p := &Process{Node: n, cmd: cmd}
	db, err := sql.Open("mysql", "tcp("+n.SQL+")/")
	if err != nil {
		p.Kill()
		return nil, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for db.PingContext(ctx) != nil {
		select {
		case <-ctx.Done():
			p.Kill()
			log, _ := os.ReadFile(filepath.Join(filepath.Dir(n.Config), "searchd.log"))
			return nil, fmt.Errorf("searchd for node %s did not answer: %w\n%s", n.SQL, ctx.Err(), log)
		case <-time.After(50 * time.Millisecond):
		}
	}
	return p, nil
}

// PID is searchd's process ID.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Stop ends searchd as an operator would (SIGTERM: it saves its RT
// indexes first), killing it if it has not ended within 30 seconds.
func (p *Process) Stop() error {
	if p.cmd.ProcessState != nil {
		return nil
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		return <-done
	}
}

// Kill ends searchd at once, as a crash would.
func (p *Process) Kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// pgServer is a PostgreSQL server the benchmark starts in a temporary
// directory, listening only on a Unix socket there.
type pgServer struct {
	bin     string // directory of initdb, pg_ctl, postgres
	dir     string // data, socket and log live here
	port    int
	runAs   []string // "runuser -u postgres --" when running as root
	Version string
}

// pgBinDir finds the newest /usr/lib/postgresql/*/bin with pg_ctl.
func pgBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a > b
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("postgres: no pg_ctl under /usr/lib/postgresql/*/bin or on PATH (apt-get install -y postgresql)")
}

// startPostgres runs initdb in a new directory under tmp and starts the
// server. Call stop, even on error.
func startPostgres(ctx context.Context, tmp string) (*pgServer, error) {
	bin, err := pgBinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tmp, "pqbench-pg-")
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &pgServer{bin: bin, dir: dir, port: 54329}
	if os.Geteuid() == 0 { // postgres refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			return s, fmt.Errorf("postgres: running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return s, fmt.Errorf("postgres: %w", err)
		}
		s.runAs = []string{"runuser", "-u", "postgres", "--"}
	}
	if out, err := s.cmd(ctx, "initdb", "-D", s.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		return s, fmt.Errorf("postgres initdb: %w\n%s", err, out)
	}
	// Durability off for the bulk load, as for SQLite (synchronous=OFF):
	// both measure indexing, not fsync.
	opts := fmt.Sprintf("-k %s -p %d -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off"+
		" -c shared_buffers=256MB -c maintenance_work_mem=512MB -c work_mem=32MB -c max_parallel_maintenance_workers=1", s.dir, s.port)
	if out, err := s.cmd(ctx, "pg_ctl", "-D", s.data(), "-l", filepath.Join(s.dir, "log"), "-w", "-o", opts, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return s, fmt.Errorf("postgres start: %w\n%s\n%s", err, out, log)
	}
	out, err := exec.CommandContext(ctx, filepath.Join(bin, "postgres"), "--version").Output()
	if err == nil {
		s.Version = strings.TrimSpace(string(out))
	}
	return s, nil
}

func (s *pgServer) data() string { return filepath.Join(s.dir, "data") }

func (s *pgServer) cmd(ctx context.Context, name string, args ...string) *exec.Cmd {
	full := append(append(append([]string{}, s.runAs...), filepath.Join(s.bin, name)), args...)
	return exec.CommandContext(ctx, full[0], full[1:]...)
}

// conn is the connection string for database db.
func (s *pgServer) conn(db string) string {
	return fmt.Sprintf("host=%s port=%d user=postgres dbname=%s sslmode=disable", s.dir, s.port, db)
}

// createDB makes a new database.
func (s *pgServer) createDB(ctx context.Context, db string) error {
	out, err := s.cmd(ctx, "createdb", "-h", s.dir, "-p", strconv.Itoa(s.port), "-U", "postgres", db).CombinedOutput()
	if err != nil {
		return fmt.Errorf("postgres createdb %s: %w\n%s", db, err, out)
	}
	return nil
}

// stop stops the server and removes its directory.
func (s *pgServer) stop() {
	if s == nil {
		return
	}
	if _, err := os.Stat(filepath.Join(s.data(), "postmaster.pid")); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		s.cmd(ctx, "pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop").Run()
		cancel()
	}
	os.RemoveAll(s.dir)
}

// pss sums the proportional set size (shared memory counted once) of the
// postmaster and its children, in bytes.
func (s *pgServer) pss() int64 {
	b, err := os.ReadFile(filepath.Join(s.data(), "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		return 0
	}
	total := smapsPss(pid)
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		st, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		i := strings.LastIndexByte(string(st), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(st[i+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			child, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			total += smapsPss(child)
		}
	}
	return total
}

func smapsPss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "Pss:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// peakSampler records the highest value of f, sampled until stopped.
func peakSampler(f func() int64) (stop func() int64) {
	done := make(chan struct{})
	res := make(chan int64)
	go func() {
		var peak int64
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, f())
			select {
			case <-done:
				res <- max(peak, f())
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 { close(done); return <-res }
}

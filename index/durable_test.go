package index

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/corpus"
)

// durableEnv names the index directory for the child process of
// TestSwitchIsDurable, durableMode what it does there ("build" or "add").
const (
	durableEnv  = "PULLQUOTE_TEST_DURABLE_DIR"
	durableMode = "PULLQUOTE_TEST_DURABLE_MODE"
)

// TestSwitchIsDurableChild builds or adds to the index named by
// durableEnv, under strace.
func TestSwitchIsDurableChild(t *testing.T) {
	dir := os.Getenv(durableEnv)
	if dir == "" {
		t.Skip("run by TestSwitchIsDurable")
	}
	rs := testReviews()
	var err error
	if os.Getenv(durableMode) == "add" {
		_, err = AddTo(context.Background(), dir, corpus.Reviews(rs[:1]), BuildOptions{})
	} else {
		_, err = Build(context.Background(), dir, corpus.Reviews(rs), BuildOptions{Shards: 2})
	}
	if err != nil {
		t.Fatal(err)
	}
}

// A build and an add make every directory of the new generation, and the
// index directory, durable before CURRENT names it: each is fsynced after
// the last change to its entries (a segment or bolt file made or renamed
// in a shard's store, a shard made in the generation, the generation in
// the index directory) and before the rename onto CURRENT. Else a crash
// soon after the switch could leave CURRENT naming a generation whose
// files are not all there, with the old one already deleted. The system
// calls are read from strace.
func TestSwitchIsDurable(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess under strace")
	}
	strace := requireStrace(t)
	for _, mode := range []string{"build", "add"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			if mode == "add" {
				if _, err := Build(context.Background(), dir, corpus.Reviews(testReviews()), BuildOptions{Shards: 2}); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "trace")
			cmd := exec.Command(strace, "-f", "-e", "trace="+straceCalls, "-o", out,
				os.Args[0], "-test.run=^TestSwitchIsDurableChild$")
			cmd.Env = append(os.Environ(), durableEnv+"="+dir, durableMode+"="+mode)
			cmd.Dir = dir
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("child %s under strace: %v\n%s", mode, err, b)
			}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			tr, err := readTrace(f, dir)
			if err != nil {
				t.Fatalf("read the trace: %v", err)
			}

			gen, err := currentGeneration(dir)
			if err != nil {
				t.Fatal(err)
			}
			dirs := []string{dir}
			err = filepath.WalkDir(filepath.Join(dir, gen), func(path string, d fs.DirEntry, err error) error {
				if err == nil && d.IsDir() {
					dirs = append(dirs, path)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if !hasStore(dirs) {
				t.Fatalf("no shard store among the generation's directories %v", dirs)
			}
			current := filepath.Join(dir, currentFile)
			problems, err := tr.unsynced(dirs, current, current, current+".tmp")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// hasStore reports whether dirs hold a shard's store directory, the one
// the reliability audit found unsynced.
func hasStore(dirs []string) bool {
	for _, d := range dirs {
		if filepath.Base(d) == "store" && strings.HasPrefix(filepath.Base(filepath.Dir(d)), "shard-") {
			return true
		}
	}
	return false
}

// requireStrace returns the path of strace, or skips the test if strace
// is missing (failing it on CI: scripts/deps.sh installs it) or may not
// trace here (no ptrace in some containers).
func requireStrace(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("strace is not installed (scripts/deps.sh installs it)")
		}
		t.Skip("strace is not installed (scripts/deps.sh installs it)")
	}
	if out, err := exec.Command(path, "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		t.Skipf("strace cannot trace here (ptrace not permitted?): %v: %s", err, strings.TrimSpace(string(out)))
	}
	return path
}

// The trace reader puts a call together from its unfinished and resumed
// lines, resolves descriptors shared by threads and relative paths, and
// holds each directory to a sync that began after its last change and
// ended before the switch.
func TestUnsynced(t *testing.T) {
	const (
		mkGen    = `1 mkdirat(AT_FDCWD, "/ix/g-1", 0755) = 0` + "\n"
		openGen  = `1 openat(AT_FDCWD, "/ix/g-1", O_RDONLY|O_CLOEXEC) = 3` + "\n"
		openIx   = `1 openat(AT_FDCWD, "/ix", O_RDONLY|O_CLOEXEC) = 4` + "\n"
		syncGen  = "2 fsync(3) = 0\n"
		syncIx   = "2 fsync(4) = 0\n"
		tmp      = `1 openat(AT_FDCWD, "/ix/CURRENT.tmp", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 5` + "\n"
		switchTo = `1 renameat(AT_FDCWD, "/ix/CURRENT.tmp", AT_FDCWD, "/ix/CURRENT") = 0` + "\n"
		made     = `1 openat(AT_FDCWD, "/ix/g-1/meta.json", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 6` + "\n"
	)
	for _, tc := range []struct {
		name  string
		trace string
		want  []string // the directories reported
		err   string
	}{
		{"synced", mkGen + made + openGen + syncGen + openIx + syncIx + tmp + switchTo, nil, ""},
		{"no syncs", mkGen + made + tmp + switchTo, []string{"/ix", "/ix/g-1"}, ""},
		{"synced before a change", mkGen + openGen + syncGen + made + openIx + syncIx + tmp + switchTo, []string{"/ix/g-1"}, ""},
		{"relative to a descriptor", mkGen + openGen + openIx + syncIx + syncGen + `1 unlinkat(3, "build-0", AT_REMOVEDIR) = 0` + "\n" + tmp + switchTo, []string{"/ix/g-1"}, ""},
		{"a failed call changes nothing", mkGen + openGen + openIx + syncIx + syncGen + `1 unlinkat(3, "build-0", AT_REMOVEDIR) = -1 ENOENT (No such file or directory)` + "\n" + tmp + switchTo, nil, ""},
		{"a sync still running at the switch", mkGen + openGen + openIx + syncIx +
			"2 fsync(3 <unfinished ...>\n" + tmp + `1 renameat(AT_FDCWD, "/ix/CURRENT.tmp", AT_FDCWD, "/ix/CURRENT" <unfinished ...>` + "\n" +
			"2 <... fsync resumed>) = 0\n1 <... renameat resumed>) = 0\n", []string{"/ix/g-1"}, ""},
		{"a change still running when the sync began", mkGen + openGen + openIx + syncIx +
			`3 openat(AT_FDCWD, "/ix/g-1/meta.json", O_WRONLY|O_CREAT, 0644 <unfinished ...>` + "\n" + syncGen +
			"3 <... openat resumed>) = 6\n" + tmp + switchTo, []string{"/ix/g-1"}, ""},
		{"a closed descriptor is not the directory", mkGen + made + openGen + "1 close(3) = 0\n" +
			`1 openat(AT_FDCWD, "/ix/g-1/meta.json", O_RDONLY|O_CLOEXEC) = 3` + "\n" + syncGen + openIx + syncIx + tmp + switchTo, []string{"/ix/g-1"}, ""},
		{"a process", "1 clone(child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 9\n" + switchTo, nil, "started a process"},
		{"no switch", mkGen + made, nil, "no rename onto"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := readTrace(strings.NewReader(tc.trace), "/")
			var got []string
			if err == nil {
				got, err = tr.unsynced([]string{"/ix", "/ix/g-1"}, "/ix/CURRENT", "/ix/CURRENT", "/ix/CURRENT.tmp")
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("reported %q, want the directories %q", got, tc.want)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w+":") {
					t.Errorf("report %d is %q, want one about %s", i, got[i], w)
				}
			}
		})
	}
}

package index

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// straceCalls are the system calls TestSwitchIsDurable traces: what opens
// and closes file descriptors, what changes a directory's entries, what
// syncs, and what starts a thread or a process. The last are there to
// check that every thread shares one table of descriptors.
const straceCalls = "openat,close,fsync,fdatasync,mkdirat,linkat,unlinkat,rename,renameat,renameat2,clone,clone3,fork,vfork"

// tracedCall is one system call of an strace -f trace, put together from
// its "<unfinished ...>" and "<... resumed>" lines when another thread's
// calls came between.
type tracedCall struct {
	name  string
	args  []string // as strace prints them, split at the top level
	ret   string   // "0", "-1", "?"…
	start int      // the line where it began
	end   int      // the line where it returned
}

// ok reports whether the call succeeded.
func (c tracedCall) ok() bool {
	n, err := strconv.ParseInt(c.ret, 0, 64)
	return err == nil && n >= 0
}

// entryChange is a change to the entries of a directory: a file created,
// made, linked, removed or renamed in it.
type entryChange struct {
	dir, name string
	call      tracedCall
}

// dirSync is an fsync or fdatasync of a descriptor opened on path.
type dirSync struct {
	path string
	call tracedCall
}

// fsTrace is what a trace says the traced process did to the file system.
type fsTrace struct {
	changes []entryChange
	syncs   []dirSync
	renames []entryChange // the new name of each rename
}

// readTrace reads the output of strace -f -e trace=straceCalls. Relative
// paths are taken from cwd or from the descriptor they are relative to.
// Descriptors are resolved in the order calls return; all threads share
// one table, and a trace in which one was started without sharing it (a
// process) is an error.
func readTrace(r io.Reader, cwd string) (*fsTrace, error) {
	calls, err := traceCalls(r)
	if err != nil {
		return nil, err
	}
	t := &fsTrace{}
	fds := map[string]string{}
	path := func(c tracedCall, dirArg, pathArg int) (string, error) {
		p, err := strconv.Unquote(c.args[pathArg])
		if err != nil {
			return "", fmt.Errorf("line %d: %s path %s: %w", c.start, c.name, c.args[pathArg], err)
		}
		if filepath.IsAbs(p) {
			return filepath.Clean(p), nil
		}
		base := cwd
		if dirArg >= 0 && c.args[dirArg] != "AT_FDCWD" {
			var ok bool
			if base, ok = fds[c.args[dirArg]]; !ok {
				return "", fmt.Errorf("line %d: %s relative to descriptor %s, opened where the trace does not show", c.start, c.name, c.args[dirArg])
			}
		}
		return filepath.Join(base, p), nil
	}
	change := func(c tracedCall, p string) entryChange {
		return entryChange{dir: filepath.Dir(p), name: filepath.Base(p), call: c}
	}
	for _, c := range calls {
		switch c.name {
		case "fork", "vfork":
			return nil, fmt.Errorf("line %d: the traced process started a process (%s)", c.start, c.name)
		case "clone", "clone3":
			if !strings.Contains(strings.Join(c.args, ","), "CLONE_FILES") {
				return nil, fmt.Errorf("line %d: the traced process started a process (%s without CLONE_FILES)", c.start, c.name)
			}
			continue
		}
		if !c.ok() {
			continue
		}
		if err := c.need(); err != nil {
			return nil, err
		}
		switch c.name {
		case "openat":
			p, err := path(c, 0, 1)
			if err != nil {
				return nil, err
			}
			fds[c.ret] = p
			if strings.Contains(c.args[2], "O_CREAT") {
				t.changes = append(t.changes, change(c, p))
			}
		case "close":
			delete(fds, c.args[0])
		case "fsync", "fdatasync":
			if p, ok := fds[c.args[0]]; ok {
				t.syncs = append(t.syncs, dirSync{path: p, call: c})
			}
		case "mkdirat", "unlinkat":
			p, err := path(c, 0, 1)
			if err != nil {
				return nil, err
			}
			t.changes = append(t.changes, change(c, p))
		case "linkat":
			p, err := path(c, 2, 3)
			if err != nil {
				return nil, err
			}
			t.changes = append(t.changes, change(c, p))
		case "rename", "renameat", "renameat2":
			oldArg, newArg, oldDir, newDir := 1, 3, 0, 2
			if c.name == "rename" {
				oldArg, newArg, oldDir, newDir = 0, 1, -1, -1
			}
			from, err := path(c, oldDir, oldArg)
			if err != nil {
				return nil, err
			}
			to, err := path(c, newDir, newArg)
			if err != nil {
				return nil, err
			}
			t.changes = append(t.changes, change(c, from), change(c, to))
			t.renames = append(t.renames, change(c, to))
		}
	}
	return t, nil
}

// argsWanted is how many arguments readTrace reads of each call.
var argsWanted = map[string]int{
	"openat": 3, "close": 1, "fsync": 1, "fdatasync": 1, "mkdirat": 2, "unlinkat": 2,
	"linkat": 4, "rename": 2, "renameat": 4, "renameat2": 4,
}

// need checks that c has the arguments readTrace reads.
func (c tracedCall) need() error {
	if len(c.args) < argsWanted[c.name] {
		return fmt.Errorf("line %d: %s with arguments %q", c.start, c.name, c.args)
	}
	return nil
}

// traceCalls reads the calls of a trace in the order they returned. Lines
// of signals and exits are skipped, and so is a call a thread never
// returned from.
func traceCalls(r io.Reader) ([]tracedCall, error) {
	var calls []tracedCall
	pending := map[string]tracedCall{} // by thread: a call not returned yet
	text := map[string]string{}        // its arguments so far
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		tid, rest, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			return nil, fmt.Errorf("line %d: %q: no thread ID", n, sc.Text())
		}
		rest = strings.TrimLeft(rest, " ")
		var c tracedCall
		var s string
		switch {
		case strings.HasPrefix(rest, "---"), strings.HasPrefix(rest, "+++"):
			continue
		case strings.HasPrefix(rest, "<... "):
			name, tail, ok := strings.Cut(strings.TrimPrefix(rest, "<... "), " resumed>")
			p, started := pending[tid]
			if !ok || !started || p.name != name {
				return nil, fmt.Errorf("line %d: %q resumes no call of thread %s", n, rest, tid)
			}
			delete(pending, tid)
			c, s = p, text[tid]+tail
		default:
			name, args, ok := strings.Cut(rest, "(")
			if !ok {
				return nil, fmt.Errorf("line %d: %q: no call", n, rest)
			}
			c = tracedCall{name: name, start: n}
			if a, ok := strings.CutSuffix(args, " <unfinished ...>"); ok {
				pending[tid], text[tid] = c, a
				continue
			}
			s = args
		}
		c.end = n
		m := returned.FindStringSubmatch(s)
		if m == nil {
			return nil, fmt.Errorf("line %d: %q: no return value", n, rest)
		}
		c.args, c.ret = splitArgs(m[1]), m[2]
		calls = append(calls, c)
	}
	return calls, sc.Err()
}

// returned matches a call's arguments and what it returned: "…) = 3",
// "…)   = -1 ENOENT (No such file or directory)", "…) = ? <unavailable>".
var returned = regexp.MustCompile(`^(.*)\)\s+= (\S+)(?: .*)?$`)

// splitArgs splits strace's arguments at the commas outside quotes,
// braces, brackets and parentheses.
func splitArgs(s string) []string {
	var args []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case quoted && ch == '\\':
			i++
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '{' || ch == '[' || ch == '(':
			depth++
		case ch == '}' || ch == ']' || ch == ')':
			depth--
		case ch == ',' && depth == 0:
			args = append(args, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if s = strings.TrimSpace(s[start:]); s != "" {
		args = append(args, s)
	}
	return args
}

// unsynced returns, for each of dirs, why it was not durable when the
// last rename onto switchPath began: no fsync or fdatasync of it began
// after the last change to its entries returned and returned before that
// rename. Changes to the paths in ignore do not count: they are the
// switch's own (its temporary file and switchPath itself). A trace with no rename onto switchPath is an error.
func (t *fsTrace) unsynced(dirs []string, switchPath string, ignore ...string) ([]string, error) {
	var sw *tracedCall
	for _, r := range t.renames {
		if filepath.Join(r.dir, r.name) == switchPath {
			sw = &r.call
		}
	}
	if sw == nil {
		return nil, fmt.Errorf("no rename onto %s in the trace", switchPath)
	}
	var problems []string
	for _, d := range dirs {
		var last *tracedCall
		for _, c := range t.changes {
			if c.dir != d || c.call.start >= sw.start || slices.Contains(ignore, filepath.Join(c.dir, c.name)) {
				continue
			}
			if last == nil || c.call.end > last.end {
				last = &c.call
			}
		}
		synced := false
		for _, s := range t.syncs {
			if s.path == d && (last == nil || s.call.start > last.end) && s.call.end < sw.start {
				synced = true
			}
		}
		if !synced {
			why := "never synced"
			if last != nil {
				why = fmt.Sprintf("not synced after its last change (%s at line %d)", last.name, last.end)
			}
			problems = append(problems, fmt.Sprintf("%s: %s before the switch at line %d", d, why, sw.start))
		}
	}
	return problems, nil
}

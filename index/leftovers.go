package index

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Collect removes what killed or replaced writes left in the index
// directory dir: every generation but the live one, and a stray
// CURRENT.tmp (a switch killed half way). It returns the paths it
// removed. It takes the writers' lock, so it fails at once while a build,
// an add or a delete runs, and it never touches the live generation: if
// CURRENT cannot be read, or names a generation that is not there, it
// removes nothing. A directory with LOCK but no CURRENT holds what a first
// build left when it was killed, and Collect removes all of it. Writers
// remove the same leftovers when they start, so Collect is for an index
// that will not be written again soon (`pullquote index --gc`).
func Collect(dir string) ([]string, error) {
	// A directory with neither file is not an index (a mistyped --index):
	// take no lock there, which would make it look like one.
	if !present(filepath.Join(dir, currentFile)) && !present(filepath.Join(dir, lockFile)) {
		return nil, fmt.Errorf("collect index %s: no index there (no %s or %s)", dir, currentFile, lockFile)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	live := ""
	if present(filepath.Join(dir, currentFile)) {
		if live, err = currentGeneration(dir); err != nil {
			return nil, fmt.Errorf("collect index %s: nothing removed: %w", dir, err)
		}
		if fi, err := os.Stat(filepath.Join(dir, live)); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("collect index %s: nothing removed: %s names %s, which is not there", dir, currentFile, live)
		}
	}
	removed, err := removeLeftovers(dir, live, slog.New(slog.DiscardHandler))
	paths := make([]string, len(removed))
	for i, name := range removed {
		paths[i] = filepath.Join(dir, name)
	}
	if err != nil {
		return paths, fmt.Errorf("collect index %s: %w", dir, err)
	}
	return paths, nil
}

// present reports whether path names something (an error other than its
// absence counts as there, so that nothing is taken for missing).
func present(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// removeLeftovers removes every generation in dir but keep (partial ones
// left by a killed write, and ones a write has replaced) and a stray
// CURRENT.tmp (writeFileAtomic's temporary file, left by a switch killed
// before its rename). keep "" removes every generation. It returns the
// names removed, in directory order; what it could not remove is in the
// error, and the rest is removed all the same.
func removeLeftovers(dir, keep string, log *slog.Logger) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		name := e.Name()
		gen := e.IsDir() && strings.HasPrefix(name, genPrefix) && name != keep
		if !gen && name != currentFile+".tmp" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			log.Warn("remove index leftover", "dir", dir, "name", name, "err", err)
			errs = append(errs, fmt.Errorf("remove %s: %w", name, err))
			continue
		}
		log.Info("removed index leftover", "dir", dir, "name", name)
		removed = append(removed, name)
	}
	return removed, errors.Join(errs...)
}

// removeFailed removes generation gen of a write that failed, unless
// CURRENT names it: a switch fails after its rename when the index
// directory will not sync, and the generation is live then.
func removeFailed(dir, gen string, log *slog.Logger) {
	if cur, err := currentGeneration(dir); err == nil && cur == gen {
		return
	}
	if err := os.RemoveAll(filepath.Join(dir, gen)); err != nil {
		log.Warn("remove failed write", "dir", dir, "generation", gen, "err", err)
	}
}

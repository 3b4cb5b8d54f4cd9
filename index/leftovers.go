package index

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

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

package index

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

// AddTo indexes every review src yields into the index in dir, as Add
// does, but without ever writing the live generation: it makes the next
// generation from the live one (its immutable segment files hard-linked,
// the rest copied), adds to that, and switches to it. So it runs while
// other processes read the index (a server follows the switch), and a
// write that fails or is killed leaves the live index as it was.
func AddTo(ctx context.Context, dir string, src corpus.Source, opts BuildOptions) (*BuildStats, error) {
	var stats *BuildStats
	err := update(ctx, dir, opts, func(ix *Index) error {
		var err error
		stats, err = ix.add(ctx, src, opts.withDefaults())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add to index %s: %w", dir, err)
	}
	return stats, nil
}

// DeleteFrom removes reviews from the index in dir the way AddTo adds:
// in a next generation that replaces the live one only when complete. It
// returns how many of the IDs were found.
func DeleteFrom(ctx context.Context, dir string, reviewIDs ...string) (int, error) {
	var n int
	err := update(ctx, dir, BuildOptions{}, func(ix *Index) error {
		var err error
		n, err = ix.delete(ctx, reviewIDs)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete from index %s: %w", dir, err)
	}
	return n, nil
}

// update runs write on the next generation of dir and makes it the live
// one, holding the writers' lock throughout.
func update(ctx context.Context, dir string, opts BuildOptions, write func(*Index) error) error {
	opts = opts.withDefaults()
	unlock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	cur, err := currentGeneration(dir)
	if err != nil {
		return err
	}
	removeLeftovers(dir, cur, opts.Logger) // what a killed write left
	next := generationName(time.Now())
	nextDir := filepath.Join(dir, next)
	if err := cloneGeneration(filepath.Join(dir, cur), nextDir); err != nil {
		removeFailed(dir, next, opts.Logger)
		return err
	}
	ix, err := openGeneration(dir, next, false)
	if err == nil {
		err = write(ix)
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = switchTo(dir, next)
	}
	if err != nil {
		removeFailed(dir, next, opts.Logger)
		return err
	}
	opts.Logger.Info("index switched", "dir", dir, "generation", next, "previous", cur)
	removeLeftovers(dir, next, opts.Logger)
	return nil
}

// cloneGeneration makes dst a copy of the generation src: Bleve's segment
// files (*.zap), which are never written after they are made, are hard
// links; the rest (the store, Bleve's root files, meta.json) is copied, so
// writing dst never changes src.
func cloneGeneration(src, dst string) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.Mkdir(to, 0o755)
		case strings.HasSuffix(d.Name(), ".zap"):
			if err := os.Link(path, to); err == nil {
				return nil
			}
		}
		return copyFile(path, to)
	})
	if err != nil {
		return fmt.Errorf("copy index generation %s: %w", filepath.Base(src), err)
	}
	return syncDir(dst)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

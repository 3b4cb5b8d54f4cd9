package index

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// switchTo makes generation gen of the index in dir the live one: it
// makes the generation durable (syncGeneration), then replaces CURRENT.
// Only then may the generation it replaces be removed: without the syncs
// a crash soon after could leave CURRENT naming a generation whose files
// or directory entries never reached the disk, the old one gone.
func switchTo(dir, gen string) error {
	if err := syncGeneration(filepath.Join(dir, gen)); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, currentFile), []byte(gen+"\n"))
}

// syncGeneration fsyncs every file and directory under genDir, then the
// index directory holding it, as SQLite and Lucene sync a directory after
// they create or rename in it. Bleve syncs its segment files but not the
// directories it makes them and its root.bolt in (a shard's store), and
// the builders' working directories are removed from the generation after
// its last sync; a file already synced costs little to sync again.
// Directories are synced after what they hold.
func syncGeneration(genDir string) error {
	var dirs []string
	err := filepath.WalkDir(genDir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			dirs = append(dirs, path)
			return nil
		}
		return syncFile(path)
	})
	if err != nil {
		return fmt.Errorf("sync index generation %s: %w", genDir, err)
	}
	slices.Reverse(dirs)
	for _, d := range append(dirs, filepath.Dir(genDir)) {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// syncFile fsyncs the file at path.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// syncDir fsyncs the directory dir, so that the entries made, renamed or
// removed in it are on disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

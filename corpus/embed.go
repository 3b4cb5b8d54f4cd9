package corpus

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
)

// seeds holds the default corpus: five pages about "Ai Weiwei: Never Sorry"
// (Metacritic, IMDb and three articles) and their manifest.
//
//go:embed seeds/*.txt seeds/manifest.json
var seeds embed.FS

// LoadEmbedded reads the embedded default corpus and calls fn once per
// review, after linking copies of a review across sites with SameText. It
// is LoadPaths for the embedded seed pages; Mapping does not apply.
func LoadEmbedded(ctx context.Context, opts Options, fn func(Review) error) (*Report, error) {
	l := newLoader(ctx, opts, fn)
	return l.end(l.loadFS(seeds, "seeds"))
}

// loadFS reads the page files of one folder of an fs.FS with its manifest.
func (l *loader) loadFS(fsys fs.FS, dir string) error {
	var man *Manifest
	if data, err := fs.ReadFile(fsys, path.Join(dir, ManifestName)); err == nil {
		if man, err = parseManifest(path.Join(dir, ManifestName), data); err != nil {
			return err
		}
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return fmt.Errorf("read embedded %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == ManifestName {
			continue
		}
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("read embedded %s: %w", name, err)
		}
		l.rep.Files++
		if err := l.readPage(name, data, man.meta(e.Name())); err != nil {
			return err
		}
	}
	return nil
}

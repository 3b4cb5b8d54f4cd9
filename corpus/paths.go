package corpus

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxPage is the largest page file read whole; bulk formats stream.
const maxPage = 16 << 20

// LoadPaths reads reviews from files and folders (walked in lexical order)
// and calls fn once per review. Formats are told apart by a manifest.json
// beside the files, then by extension (.csv, .tsv, .jsonl, .ndjson, .json),
// then by content (a first line that opens a JSON object is JSON Lines;
// page text is Metacritic, IMDb or an article, see detectPage). In folders,
// hidden files, manifest.json and movies.csv (a lookup table for CSV
// exports beside it) are not read as reviews, and files of other types are
// reported as skipped.
//
// CSV and JSON Lines rows stream straight to fn: memory does not grow with
// the file. Page files are small; their reviews are held until the end and
// linked with SameText when their Fingerprints match. Rows of bulk files are
// not linked (their Fingerprint is enough to collapse copies).
//
// The returned error is non-nil when no review at all could be read
// (wrapping ErrNothingRead), with Strict on the first skip, when ctx is
// done, or when fn returns an error (which is returned as is, and stops
// the load). Skips are otherwise listed in the Report.
func LoadPaths(ctx context.Context, paths []string, opts Options, fn func(Review) error) (*Report, error) {
	l := newLoader(ctx, opts, fn)
	manifests := map[string]*Manifest{}
	moviesByDir := map[string]map[string]movie{}
	var err error
	for _, p := range paths {
		if err = l.loadPath(p, manifests, moviesByDir); err != nil {
			break
		}
	}
	return l.end(err)
}

func (l *loader) loadPath(root string, manifests map[string]*Manifest, moviesByDir map[string]map[string]movie) error {
	info, err := os.Stat(root)
	if err != nil {
		return l.skip(Skip{File: root, Reason: err.Error()})
	}
	manifestFor := func(dir string) (*Manifest, error) {
		if m, ok := manifests[dir]; ok {
			return m, nil
		}
		var m *Manifest
		data, err := os.ReadFile(filepath.Join(dir, ManifestName))
		if err == nil {
			if m, err = parseManifest(filepath.Join(dir, ManifestName), data); err != nil {
				return nil, err
			}
		}
		manifests[dir] = m
		return m, nil
	}
	moviesFor := func(dir string) map[string]movie {
		if m, ok := moviesByDir[dir]; ok {
			return m
		}
		m := l.loadMovies(dir)
		moviesByDir[dir] = m
		return m
	}
	readOne := func(path string) error {
		dir := filepath.Dir(path)
		man, err := manifestFor(dir)
		if err != nil {
			return l.skip(Skip{File: filepath.Join(dir, ManifestName), Reason: err.Error()})
		}
		return l.readFile(path, man.meta(filepath.Base(path)), moviesFor)
	}
	if !info.IsDir() {
		return readOne(root)
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return l.skip(Skip{File: path, Reason: err.Error()})
		}
		name := d.Name()
		if path != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() && path != root && strings.HasSuffix(name, "_files") {
			return filepath.SkipDir // a saved page's images, scripts and styles
		}
		if d.IsDir() || name == ManifestName || strings.EqualFold(name, "movies.csv") {
			return nil
		}
		return readOne(path)
	})
}

// fileFormat names the format of a file by manifest, extension or content.
func fileFormat(path string, meta FileMeta, head []byte) string {
	if meta.Format != "" {
		return meta.Format
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv":
		return "csv"
	case ".jsonl", ".ndjson", ".json":
		return "jsonl"
	case ".html", ".htm", ".xhtml", ".shtml":
		return "html"
	case "", ".txt", ".text", ".md":
		if t := bytes.TrimLeft(head, " \t\r\n\uFEFF"); len(t) > 0 && t[0] == '{' {
			return "jsonl"
		}
		if isHTML(head) {
			return "html"
		}
		return "page"
	}
	if isHTML(head) { // a page saved as .php, .aspx, …
		return "html"
	}
	return ""
}

// readFile reads one file of any format.
func (l *loader) readFile(path string, meta FileMeta, moviesFor func(string) map[string]movie) error {
	// Opening a FIFO would wait for a writer for ever, a device would
	// never end: only regular files (or links to them) are read.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return l.skip(Skip{File: path, Reason: "not a regular file (" + st.Mode().Type().String() + ")"})
	}
	f, err := os.Open(path)
	if err != nil {
		return l.skip(Skip{File: path, Reason: err.Error()})
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(512)
	format := fileFormat(path, meta, head)
	l.rep.Files++
	switch format {
	case "csv":
		return l.readCSV(path, br, meta, moviesFor(filepath.Dir(path)))
	case "jsonl":
		return l.readJSONL(path, br, meta, moviesFor(filepath.Dir(path)))
	case "":
		l.rep.Files--
		return l.skip(Skip{File: path, Reason: "unsupported file type " + filepath.Ext(path) + " (want page text, HTML, .csv, .tsv, .jsonl or .ndjson)"})
	}
	data, err := io.ReadAll(io.LimitReader(br, maxPage+1))
	if err != nil {
		return l.skip(Skip{File: path, Reason: err.Error()})
	}
	if len(data) > maxPage {
		return l.skip(Skip{File: path, Reason: fmt.Sprintf("page larger than %d MiB", maxPage>>20)})
	}
	if format == "html" || isHTML(data) {
		if format == "html" || format == "page" {
			meta.Format = "" // else a site parser the manifest names
		}
		return l.readHTML(path, data, meta)
	}
	if format == "page" {
		meta.Format = ""
	}
	return l.readPage(path, data, meta)
}

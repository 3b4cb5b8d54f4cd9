package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pullquote/pullquote/analysis"
)

// metaFile is the name of the metadata file in a generation directory.
const metaFile = "meta.json"

// Meta describes an index: its schema, analyzers and contents. It is kept
// as meta.json beside the bleve index and the side store.
type Meta struct {
	// SchemaVersion is the SchemaVersion of the binary that built the index.
	SchemaVersion int `json:"schema_version"`
	// Analyzers names the analyzers of the text fields, by field.
	Analyzers map[string]string `json:"analyzers"`
	// Shards is how many bleve indexes the paragraphs are split over.
	Shards int `json:"shards"`
	// Reviews and Paragraphs count what the index holds.
	Reviews    int `json:"reviews"`
	Paragraphs int `json:"paragraphs"`
	// BuiltAt is when the full build finished; UpdatedAt when the last
	// incremental change did.
	BuiltAt   time.Time `json:"built_at"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// BuildSeconds is how long the full build took.
	BuildSeconds float64 `json:"build_seconds"`
}

// SchemaError reports an index built with another schema version.
type SchemaError struct {
	Dir       string
	Found     int
	Supported int
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("index %s has schema version %d, this pullquote reads version %d: rebuild it with `pullquote index --index %s`",
		e.Dir, e.Found, e.Supported, e.Dir)
}

func newMeta(shards int) Meta {
	return Meta{
		SchemaVersion: SchemaVersion,
		Analyzers:     map[string]string{FieldText: analysis.StemmedName, FieldExact: wordsName},
		Shards:        shards,
	}
}

// readMeta reads meta.json from a generation directory and checks its
// schema version; dir is the index directory named in errors.
func readMeta(genDir, dir string) (Meta, error) {
	var m Meta
	data, err := os.ReadFile(filepath.Join(genDir, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		return m, fmt.Errorf("index %s: no %s: rebuild it with `pullquote index --index %s`", dir, metaFile, dir)
	}
	if err != nil {
		return m, fmt.Errorf("read index metadata: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("index %s: bad %s: %v: rebuild it with `pullquote index --index %s`", dir, metaFile, err, dir)
	}
	if m.SchemaVersion != SchemaVersion {
		return m, &SchemaError{Dir: dir, Found: m.SchemaVersion, Supported: SchemaVersion}
	}
	if m.Shards < 1 {
		m.Shards = 1
	}
	return m, nil
}

// writeMeta writes meta.json into genDir durably (temp file, sync, rename).
func writeMeta(genDir string, m Meta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode index metadata: %w", err)
	}
	return writeFileAtomic(filepath.Join(genDir, metaFile), append(data, '\n'))
}

// writeFileAtomic replaces path with data: a reader sees the old content or
// the new, never a part.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

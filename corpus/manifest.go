package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// ManifestName is the file name of a folder's manifest.
const ManifestName = "manifest.json"

// Manifest states or overrides what the files of one folder cannot say for
// themselves. It lives beside them as manifest.json:
//
//	{
//	  "version": 1,
//	  "defaults": {"work": "Ai Weiwei: Never Sorry"},
//	  "files": {
//	    "000_1a33b6cb09d9e8b5.txt": {"format": "metacritic", "site": "Metacritic"}
//	  }
//	}
//
// A file's entry is laid over the defaults; a non-empty manifest field
// overrides what the parser found in the file, for every review the file
// holds. Fields left empty in both stay as parsed (or empty: nothing is
// invented).
type Manifest struct {
	Version  int                 `json:"version"`
	Defaults FileMeta            `json:"defaults"`
	Files    map[string]FileMeta `json:"files"`
}

// FileMeta is what a manifest says about one file.
type FileMeta struct {
	// Format forces a parser: metacritic, imdb, article, csv or jsonl.
	Format string `json:"format,omitempty"`
	Work   string `json:"work,omitempty"`
	Site   string `json:"site,omitempty"`
	Outlet string `json:"outlet,omitempty"`
	URL    string `json:"url,omitempty"`
	Author string `json:"author,omitempty"`
	// Date is YYYY-MM-DD.
	Date string `json:"date,omitempty"`
	// Kind forces critic, user or article.
	Kind string `json:"kind,omitempty"`
	// Note is free text for people reading the manifest (e.g. where a field
	// was found); it is not used.
	Note string `json:"note,omitempty"`
}

// Formats a manifest may name.
var formats = map[string]bool{"metacritic": true, "imdb": true, "article": true, "csv": true, "jsonl": true, "html": true}

// parseManifest reads and checks a manifest; name is used in errors.
func parseManifest(name string, data []byte) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", name, err)
	}
	check := func(key string, f FileMeta) error {
		if f.Format != "" && !formats[f.Format] {
			return fmt.Errorf("manifest %s: %s: unknown format %q (want metacritic, imdb, article, html, csv or jsonl)", name, key, f.Format)
		}
		if f.Date != "" {
			if _, ok := parseDate(f.Date); !ok {
				return fmt.Errorf("manifest %s: %s: bad date %q (want YYYY-MM-DD)", name, key, f.Date)
			}
		}
		if f.URL != "" && !isWebURL(f.URL) {
			return fmt.Errorf("manifest %s: %s: url %.60q is not an http(s) address", name, key, f.URL)
		}
		switch Kind(f.Kind) {
		case "", KindCritic, KindUser, KindArticle:
		default:
			return fmt.Errorf("manifest %s: %s: unknown kind %q", name, key, f.Kind)
		}
		return nil
	}
	if err := check("defaults", m.Defaults); err != nil {
		return nil, err
	}
	for k, f := range m.Files {
		if strings.ContainsAny(k, `/\`) {
			return nil, fmt.Errorf("manifest %s: file key %q must be a bare file name", name, k)
		}
		if err := check(k, f); err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// meta returns the manifest entry for a file (by base name) over the
// defaults. A nil manifest gives the zero FileMeta.
func (m *Manifest) meta(base string) FileMeta {
	if m == nil {
		return FileMeta{}
	}
	out := m.Defaults
	f, ok := m.Files[base]
	if !ok {
		return out
	}
	for _, p := range []struct{ dst, src *string }{
		{&out.Format, &f.Format}, {&out.Work, &f.Work}, {&out.Site, &f.Site},
		{&out.Outlet, &f.Outlet}, {&out.URL, &f.URL}, {&out.Author, &f.Author},
		{&out.Date, &f.Date}, {&out.Kind, &f.Kind},
	} {
		if *p.src != "" {
			*p.dst = *p.src
		}
	}
	return out
}

// apply lays the manifest's non-empty fields over a review.
func (f FileMeta) apply(r *Review) {
	if f.Work != "" {
		r.Work = f.Work
	}
	if f.Site != "" {
		r.Site = f.Site
	}
	if f.Outlet != "" {
		r.Outlet = f.Outlet
	}
	if f.URL != "" {
		r.URL = f.URL
	}
	if f.Author != "" {
		r.Author = f.Author
	}
	if f.Kind != "" {
		r.Kind = Kind(f.Kind)
	}
	if d, ok := parseDate(f.Date); ok {
		r.Date = d
	}
}

package corpus

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// readCSV streams a CSV (or, for .tsv, tab-separated) export with a header
// row: one review per row, memory independent of file size. Rows that
// cannot be read are skipped with their line; a movie_id column is joined
// to a movies.csv beside the file when there is one.
func (l *loader) readCSV(name string, r io.Reader, meta FileMeta, movies map[string]movie) error {
	cr := csv.NewReader(bufio.NewReaderSize(l.decoded(r), 64<<10))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	if strings.EqualFold(filepath.Ext(name), ".tsv") {
		cr.Comma = '\t'
	}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return l.skip(Skip{File: name, Line: 1, Reason: "empty CSV file"})
		}
		return l.skip(Skip{File: name, Line: 1, Reason: "bad CSV header: " + err.Error()})
	}
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	cols := l.opts.Mapping.columns(header)
	if _, ok := cols["text"]; !ok {
		return l.skip(Skip{File: name, Line: 1, Reason: fmt.Sprintf("no review text column in header %.80q (map one with --map COLUMN=text)", strings.Join(header, ","))})
	}
	rec := &record{vals: map[string]string{}}
	for {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line := 0
		if err == nil && len(row) > 0 {
			line, _ = cr.FieldPos(0)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
				err = pe.Err
			}
			if serr := l.skip(Skip{File: name, Line: line, Reason: "bad CSV row: " + err.Error()}); serr != nil {
				return serr
			}
			continue
		}
		if len(row) != len(header) {
			if err := l.skip(Skip{File: name, Line: line, Reason: fmt.Sprintf("row has %d fields, header has %d", len(row), len(header))}); err != nil {
				return err
			}
			continue
		}
		clear(rec.vals)
		valid := true
		for f, i := range cols {
			v, ok := fixUTF8(row[i])
			rec.vals[f], valid = v, valid && ok
		}
		if !valid {
			l.warn(Skip{File: name, Line: line, Reason: notUTF8})
		}
		if err := l.emitRow(rec, name, line, meta, movies); err != nil {
			return err
		}
	}
}

// loadMovies reads a movies.csv lookup table (movieId, movieTitle and
// optionally movieURL columns) from dir; it returns nil when there is none.
func (l *loader) loadMovies(dir string) map[string]movie {
	path := filepath.Join(dir, "movies.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		l.warn(Skip{File: path, Line: 1, Reason: "movies.csv unreadable: " + err.Error()})
		return nil
	}
	id, title, link := -1, -1, -1
	for i, h := range header {
		switch normColumn(strings.TrimPrefix(h, "\uFEFF")) {
		case "movieid", "id":
			id = i
		case "movietitle", "title":
			title = i
		case "movieurl", "url":
			link = i
		}
	}
	if id < 0 || title < 0 {
		l.warn(Skip{File: path, Line: 1, Reason: "movies.csv has no movieId and movieTitle columns"})
		return nil
	}
	out := map[string]movie{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil || len(row) <= max(id, title) {
			line := 0
			if len(row) > 0 {
				line, _ = cr.FieldPos(0)
			}
			l.warn(Skip{File: path, Line: line, Reason: "bad movies.csv row"})
			continue
		}
		m := movie{title: bulkText(row[title])}
		if link >= 0 && link < len(row) {
			m.site = siteOf(row[link])
		}
		out[strings.TrimSpace(row[id])] = m
	}
}

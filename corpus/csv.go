package corpus

import (
	"bufio"
	"bytes"
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
	comma := ','
	if strings.EqualFold(filepath.Ext(name), ".tsv") {
		comma = '\t'
	}
	tail := &tailReader{r: l.decoded(r)}
	cr := newCSVReader(bufio.NewReaderSize(tail, 64<<10), comma)
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
	row := func(row []string, line int) error {
		if len(row) != len(header) {
			return l.skip(Skip{File: name, Line: line, Reason: fmt.Sprintf("row has %d fields, header has %d", len(row), len(header))})
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
		return l.emitRow(rec, name, line, meta, movies)
	}
	return l.csvRows(name, cr, tail, comma, 0, row)
}

func newCSVReader(r io.Reader, comma rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	cr.Comma = comma
	return cr
}

// csvRows hands each row cr reads to row, with its line (plus lineBase).
// A row that cannot be read is skipped with its line, and the rows after
// it are read again from the next line: an unterminated quote swallows the
// rows that follow it into one field, and those rows are not lost with it.
func (l *loader) csvRows(name string, cr *csv.Reader, tail *tailReader, comma rune, lineBase int, row func([]string, int) error) error {
	for {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		start := cr.InputOffset()
		tail.keepFrom(start)
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err == nil {
			line := 0
			if len(rec) > 0 {
				line, _ = cr.FieldPos(0)
			}
			if err := row(rec, lineBase+line); err != nil {
				return err
			}
			continue
		}
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return l.skip(Skip{File: name, Line: lineBase, Reason: "bad CSV: " + err.Error()})
		}
		if serr := l.skip(Skip{File: name, Line: lineBase + pe.StartLine, Reason: "bad CSV row: " + pe.Err.Error()}); serr != nil {
			return serr
		}
		// Read again what the broken row took, from the line after its
		// first: the rows there are whole unless they are broken too. (The
		// blank lines the reader skipped before the row come first.)
		taken := tail.since(start, cr.InputOffset())
		for len(taken) > 0 && (taken[0] == '\n' || taken[0] == '\r') {
			taken = taken[1:]
		}
		if nl := bytes.IndexByte(taken, '\n'); nl >= 0 && nl+1 < len(taken) {
			again := &tailReader{r: bytes.NewReader(taken[nl+1:])}
			if err := l.csvRows(name, newCSVReader(bufio.NewReader(again), comma), again, comma, lineBase+pe.StartLine, row); err != nil {
				return err
			}
		}
	}
}

// tailReader keeps what it has read from r since an offset the CSV reader
// names (the start of the row it is reading), so that the rows a broken
// row swallowed can be read again.
type tailReader struct {
	r    io.Reader
	buf  []byte
	base int64 // the offset of buf[0]
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// keepFrom drops what comes before offset off.
func (t *tailReader) keepFrom(off int64) {
	drop := int(off - t.base)
	if drop <= 0 {
		return
	}
	drop = min(drop, len(t.buf))
	// Shift only once a good deal is dropped, so keeping costs no more
	// than reading.
	if drop >= 64<<10 || drop == len(t.buf) {
		t.buf = append(t.buf[:0], t.buf[drop:]...)
		t.base += int64(drop)
	}
}

// since returns what was read from offset from up to offset to.
func (t *tailReader) since(from, to int64) []byte {
	lo, hi := int(from-t.base), int(to-t.base)
	if lo < 0 || hi > len(t.buf) || lo > hi {
		return nil
	}
	return t.buf[lo:hi]
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

package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// readJSONL streams a JSON Lines export: one JSON object per line, keys
// mapped like CSV columns (see ColumnMapping). Values may be strings,
// numbers or booleans; the text may be an array of paragraphs; score and
// helpful may be objects as this package writes them ({"value","raw",
// "scale"}, {"yes","total"}), so the output of "pullquote corpus" reads
// back in. Blank lines are ignored; a bad line is skipped with its number.
func (l *loader) readJSONL(name string, r io.Reader, meta FileMeta, movies map[string]movie) error {
	br := bufio.NewReaderSize(l.decoded(r), 64<<10)
	rec := &record{vals: map[string]string{}}
	seen := false // a line that is not blank
	for line := 1; ; line++ {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			seen = true
			if !utf8.Valid(b) {
				s, _ := fixUTF8(string(b))
				b = []byte(s)
				l.warn(Skip{File: name, Line: line, Reason: notUTF8})
			}
			if reason := decodeJSONRecord(b, l.opts.Mapping, rec); reason != "" {
				if serr := l.skip(Skip{File: name, Line: line, Reason: reason}); serr != nil {
					return serr
				}
			} else if eerr := l.emitRow(rec, name, line, meta, movies); eerr != nil {
				return eerr
			}
		}
		if errors.Is(err, io.EOF) {
			if !seen {
				return l.skip(Skip{File: name, Reason: "empty file"})
			}
			return nil
		}
		if err != nil {
			return l.skip(Skip{File: name, Line: line, Reason: "read: " + err.Error()})
		}
	}
}

// decodeJSONRecord fills rec from one JSON object, or returns why it cannot.
func decodeJSONRecord(b []byte, m ColumnMapping, rec *record) string {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return "bad JSON: " + err.Error()
	}
	clear(rec.vals)
	rec.paragraphs, rec.score, rec.helpful = nil, nil, nil
	for k, raw := range obj {
		f := m.field(k)
		if f == "" || f == "ignore" {
			continue
		}
		if _, dup := rec.vals[f]; dup {
			continue
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || string(raw) == "null" {
			continue
		}
		switch raw[0] {
		case '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Sprintf("key %q: %v", k, err)
			}
			rec.vals[f] = s
		case '[':
			var ss []string
			if err := json.Unmarshal(raw, &ss); err != nil || f != "text" {
				return fmt.Sprintf("key %q: want a string, got an array", k)
			}
			rec.paragraphs = append([]string{}, ss...)
			if rec.paragraphs == nil {
				rec.paragraphs = []string{}
			}
			rec.vals[f] = ""
		case '{':
			switch f {
			case "score":
				var sc Score
				if err := json.Unmarshal(raw, &sc); err != nil || sc.Value < 0 || sc.Value > 100 {
					return fmt.Sprintf("key %q: bad score object %s", k, raw)
				}
				rec.score = &sc
			case "helpful":
				var h Helpful
				if err := json.Unmarshal(raw, &h); err != nil || h.Yes < 0 || h.Total < h.Yes {
					return fmt.Sprintf("key %q: bad helpful object %s", k, raw)
				}
				rec.helpful = &h
			default:
				return fmt.Sprintf("key %q: want a string, got an object", k)
			}
			rec.vals[f] = ""
		default: // number or boolean
			var n json.Number
			if err := json.Unmarshal(raw, &n); err == nil {
				rec.vals[f] = n.String()
			} else if bv, err := strconv.ParseBool(string(raw)); err == nil {
				rec.vals[f] = strconv.FormatBool(bv)
			} else {
				return fmt.Sprintf("key %q: bad value %s", k, raw)
			}
		}
	}
	return ""
}

package synth

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/pullquote/pullquote/corpus"
)

// Options says how much to write.
type Options struct {
	// Reviews is the number of reviews; 0 means no limit (Paragraphs must be set).
	Reviews int
	// Paragraphs, when > 0, stops after exactly this many paragraphs (the
	// last review is cut short).
	Paragraphs int
}

// Stats counts what Write wrote.
type Stats struct {
	Reviews    int
	Paragraphs int
	Bytes      int64
}

// Write streams reviews from g to w as JSON Lines in the corpus.Review JSON
// shape, until opts is met or ctx is done.
func Write(ctx context.Context, w io.Writer, g *Generator, opts Options) (Stats, error) {
	if opts.Reviews <= 0 && opts.Paragraphs <= 0 {
		return Stats{}, fmt.Errorf("synth: need a number of reviews or paragraphs")
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var st Stats
	var line []byte
	for opts.Reviews <= 0 || st.Reviews < opts.Reviews {
		left := 0
		if opts.Paragraphs > 0 {
			left = opts.Paragraphs - st.Paragraphs
			if left <= 0 {
				break
			}
		}
		if st.Reviews%1024 == 0 && ctx.Err() != nil {
			return st, ctx.Err()
		}
		// As AppendJSON(g.Next(left)), without making strings of the
		// paragraphs.
		rv, n, w := g.head(left)
		line = appendHead(line[:0], &rv)
		line = append(line, '[')
		for i := range n {
			if i > 0 {
				line = append(line, ',')
			}
			line = appendText(line, g.paragraph(w))
		}
		line = append(line, ']')
		line = appendTail(line, &rv)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return st, fmt.Errorf("synth: write: %w", err)
		}
		st.Reviews++
		st.Paragraphs += n
		st.Bytes += int64(len(line))
	}
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("synth: write: %w", err)
	}
	return st, nil
}

// AppendJSON appends rv as one JSON object, the same as encoding/json
// would decode into a corpus.Review (field names and omissions follow its
// struct tags), without reflection.
func AppendJSON(b []byte, rv *corpus.Review) []byte {
	b = appendHead(b, rv)
	b = appendStrings(b, rv.Paragraphs)
	return appendTail(b, rv)
}

// appendHead appends the fields before the paragraphs, up to `"paragraphs":`.
func appendHead(b []byte, rv *corpus.Review) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, rv.ID)
	b = append(b, `,"work":`...)
	b = appendString(b, rv.Work)
	b = append(b, `,"site":`...)
	b = appendString(b, rv.Site)
	if rv.Outlet != "" {
		b = append(b, `,"outlet":`...)
		b = appendString(b, rv.Outlet)
	}
	if rv.Author != "" {
		b = append(b, `,"author":`...)
		b = appendString(b, rv.Author)
	}
	b = append(b, `,"kind":`...)
	b = appendString(b, string(rv.Kind))
	if rv.Title != "" {
		b = append(b, `,"title":`...)
		b = appendString(b, rv.Title)
	}
	if !rv.Date.IsZero() {
		b = append(b, `,"date":"`...)
		b = rv.Date.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	if s := rv.Score; s != nil {
		b = append(b, `,"score":{"value":`...)
		b = strconv.AppendFloat(b, s.Value, 'f', -1, 64)
		b = append(b, `,"raw":`...)
		b = appendString(b, s.Raw)
		b = append(b, `,"scale":`...)
		b = appendString(b, s.Scale)
		b = append(b, '}')
	}
	if h := rv.Helpful; h != nil {
		b = append(b, `,"helpful":{"yes":`...)
		b = strconv.AppendInt(b, int64(h.Yes), 10)
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(h.Total), 10)
		b = append(b, '}')
	}
	if rv.Spoiler {
		b = append(b, `,"spoiler":true`...)
	}
	if rv.URL != "" {
		b = append(b, `,"url":`...)
		b = appendString(b, rv.URL)
	}
	return append(b, `,"paragraphs":`...)
}

// appendTail appends the fields after the paragraphs and the closing brace.
func appendTail(b []byte, rv *corpus.Review) []byte {
	if rv.Fingerprint != "" {
		b = append(b, `,"fingerprint":`...)
		b = appendString(b, rv.Fingerprint)
	}
	if len(rv.SameText) > 0 {
		b = append(b, `,"same_text":`...)
		b = appendStrings(b, rv.SameText)
	}
	if rv.Source != "" {
		b = append(b, `,"source":`...)
		b = appendString(b, rv.Source)
	}
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendText appends generated text, which is valid UTF-8, as a JSON string.
func appendText(b, s []byte) []byte {
	b = append(b, '"')
	start := 0
	for i, c := range s {
		if c < 0x20 || c == '"' || c == '\\' {
			b = appendEscape(append(b, s[start:i]...), c)
			start = i + 1
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaping what JSON requires and
// replacing invalid UTF-8 as encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = appendEscape(append(b, s[start:i]...), c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscape appends the JSON escape of an ASCII byte that needs one.
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\t':
		return append(b, '\\', 't')
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

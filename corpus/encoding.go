package corpus

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// legacy is the encoding a row that is not UTF-8 is read in when none was
// given: Windows-1252, which holds Latin-1's letters and the curly quotes
// and dashes that Windows exports carry.
var legacy = charmap.Windows1252

// ParseEncoding checks an encoding name ("utf-8", "latin1", "windows-1252",
// "iso-8859-15", "shift_jis", … as HTML names them); "" means UTF-8 with
// rows that are not UTF-8 read as Windows-1252, each with a warning.
func ParseEncoding(name string) (encoding.Encoding, error) {
	if name == "" {
		return nil, nil
	}
	e, err := htmlindex.Get(strings.ToLower(strings.TrimSpace(name)))
	if err != nil {
		return nil, fmt.Errorf("unknown encoding %q (try utf-8, latin1, windows-1252, iso-8859-15)", name)
	}
	if e == encoding.Nop || isUTF8(e) {
		return nil, nil
	}
	return e, nil
}

func isUTF8(e encoding.Encoding) bool {
	n, _ := htmlindex.Name(e)
	return n == "utf-8"
}

// decoded returns r decoded from the Options' encoding, or r itself for
// UTF-8.
func (l *loader) decoded(r io.Reader) io.Reader {
	if l.opts.Encoding == nil {
		return r
	}
	return transform.NewReader(r, l.opts.Encoding.NewDecoder())
}

// fixUTF8 returns s as UTF-8: itself when it is valid, else read as
// Windows-1252. ok is false when it had to be read so, so the caller warns
// (nothing is stored as U+FFFD without a word).
func fixUTF8(s string) (string, bool) {
	if utf8.ValidString(s) {
		return s, true
	}
	out, err := legacy.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD"), false
	}
	return out, false
}

// notUTF8 is the warning for a row read as Windows-1252.
const notUTF8 = "not valid UTF-8: read as Windows-1252 (give --encoding if it is another)"

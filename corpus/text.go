package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// extraFolds are letters that do not decompose but that readers type
// without their mark.
var extraFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ł': "l", 'ı': "i", 'þ': "th", 'ð': "d",
}

// Fold folds accents out of s, as readers type words without them: it
// decomposes s (NFD), drops combining marks, spells out the letters that do
// not decompose (ß → ss, æ → ae, …) and recomposes it, so "vérité" becomes
// "verite". The index's analysis and the quote check fold with it.
func Fold(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
		case extraFolds[r] != "":
			b.WriteString(extraFolds[r])
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Sentences splits text into sentences: byte ranges ending after ., !, ?
// or … (and any closing quotes or brackets) that are followed by white
// space, with surrounding white space left out. Highlights are cut and
// quotes put in context by it.
func Sentences(text string) [][2]int {
	var out [][2]int
	start := SkipSpace(text, 0)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		if r == '.' && strings.HasPrefix(text[i:], " .") {
			continue // inside a spaced ellipsis ". . .": only its last dot may end a sentence
		}
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !strings.ContainsRune(`"'”’)]»`, r) {
				break
			}
			i += size
		}
		if i < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[i:]); !unicode.IsSpace(r) {
				continue // "3.5", "e.g.x", a URL
			}
		}
		if i > start {
			out = append(out, [2]int{start, i})
		}
		start = SkipSpace(text, i)
	}
	if end := strings.TrimRightFunc(text, unicode.IsSpace); len(end) > start {
		out = append(out, [2]int{start, len(end)})
	}
	return out
}

// SkipSpace returns the first position from i in s that is not white
// space.
func SkipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// CleanText returns s normalised to Unicode NFC with every run of white
// space (including no-break spaces and newlines) collapsed to one space and
// trimmed. Curly quotes, dashes and accents are kept as written.
func CleanText(s string) string {
	if isCleanASCII(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if r == 0 || (unicode.IsControl(r) && r != '\t') {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isCleanASCII reports whether s is printable ASCII with single spaces and
// no space at either end: already clean, and NFC.
func isCleanASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
			continue
		}
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

// splitParagraphs splits a bulk-format body into cleaned paragraphs at blank
// lines; single line breaks inside a paragraph become spaces. HTML entities
// (&#8220;, &amp;) are decoded first when decode is set.
func splitParagraphs(s string, decode bool) []string {
	if decode && strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, block := range strings.Split(s, "\n\n") {
		if p := CleanText(block); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// fingerprintWords is how many leading words Fingerprint hashes.
const fingerprintWords = 20

// Fingerprint identifies a text across sites so that copies can be collapsed:
// it hashes the first 20 words of text, lower-cased, NFC-normalised and
// stripped of everything but letters and digits. A text and a copy of it
// truncated after its 20th word (or a copy with different punctuation or
// spacing) get the same fingerprint. It returns "" for a text with no words.
func Fingerprint(text string) string {
	text = norm.NFC.String(text)
	h := sha256.New()
	n := 0
	inWord := false
	var buf [4]byte
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !inWord {
				if n == fingerprintWords {
					break
				}
				if n > 0 {
					h.Write([]byte{' '})
				}
				n++
				inWord = true
			}
			r = unicode.ToLower(r)
			h.Write(utf8.AppendRune(buf[:0], r))
			continue
		}
		// Apostrophes inside a word do not split it: "don't" = "dont".
		if inWord && (r == '\'' || r == '’') {
			continue
		}
		inWord = false
	}
	if n == 0 {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// reviewID derives a review's stable ID from its content: site, work, kind,
// outlet, author, date and the whole text. The same review read twice, on any
// machine, gets the same ID; the file it came from and the order it was read
// in play no part.
func reviewID(r *Review) string {
	h := sha256.New()
	date := ""
	if !r.Date.IsZero() {
		date = r.Date.Format(time.DateOnly)
	}
	for _, f := range []string{r.Site, r.Work, string(r.Kind), r.Outlet, r.Author, date, r.Title} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	for _, p := range r.Paragraphs {
		h.Write([]byte(p))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// finish fills a parsed review's derived fields: cleaned text, fingerprint, ID.
func finish(r *Review) (warning string) {
	r.Work = CleanText(r.Work)
	r.Site = CleanText(r.Site)
	r.Outlet = CleanText(r.Outlet)
	r.Author = CleanText(r.Author)
	r.Title = CleanText(r.Title)
	var ps []string
	for i, p := range r.Paragraphs {
		p = CleanText(p)
		if p == "" {
			continue
		}
		if len(p) > MaxParagraphBytes {
			parts := splitLong(p)
			if warning == "" {
				warning = fmt.Sprintf("paragraph %d is %d bytes, over %d: split into %d at sentence boundaries", i+1, len(p), MaxParagraphBytes, len(parts))
			}
			ps = append(ps, parts...)
			continue
		}
		ps = append(ps, p)
	}
	r.Paragraphs = ps
	r.Fingerprint = Fingerprint(strings.Join(r.Paragraphs, " "))
	r.ID = reviewID(r)
	return warning
}

// MaxParagraphBytes bounds one paragraph: the unit of search, reranking and
// highlighting, each of which re-reads a hit's whole text. Review
// paragraphs run to a few hundred words; a longer "paragraph" is a page
// without breaks (or a field without a word boundary) and is split.
const MaxParagraphBytes = 16 << 10

// splitLong cuts p into pieces of at most MaxParagraphBytes, at sentence
// boundaries where it can, else at the last space, else anywhere (on a
// rune boundary).
func splitLong(p string) []string {
	var out []string
	start, end := 0, 0 // the piece being gathered: p[start:end]
	flush := func() {
		if piece := strings.TrimSpace(p[start:end]); piece != "" {
			out = append(out, piece)
		}
		start = end
	}
	for _, sent := range Sentences(p) {
		if sent[1]-start > MaxParagraphBytes && end > start {
			flush()
		}
		for sent[1]-start > MaxParagraphBytes { // one sentence too long
			cut := start + MaxParagraphBytes
			if sp := strings.LastIndexByte(p[start:cut], ' '); sp > 0 {
				cut = start + sp
			}
			for cut > start && !utf8.RuneStart(p[cut]) {
				cut--
			}
			end = cut
			flush()
		}
		end = sent[1]
	}
	end = len(p)
	flush()
	return out
}

// dateLayouts are the date forms read from pages and exports.
var dateLayouts = []string{
	time.DateOnly,
	time.RFC3339,
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006/01/02",
	"Jan 2, 2006",
	"January 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"Jan. 2, 2006",
}

// parseDate reads a date in one of dateLayouts and returns it as UTC midnight.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

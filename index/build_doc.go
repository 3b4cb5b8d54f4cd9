package index

import (
	"hash/fnv"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/pullquote/pullquote/corpus"
)

// paragraphDoc returns the bleve document of paragraph j of r, with text
// its text. Fields that are unknown (no date, no score) are left out.
func paragraphDoc(r *corpus.Review, j int, text string) map[string]interface{} {
	d := make(map[string]interface{}, 16)
	d[FieldText] = text
	d[FieldReviewID] = r.ID
	d[FieldFinger] = paragraphFinger(text)
	d[FieldHasScore] = tf(r.Score != nil)
	d[FieldSpoiler] = tf(r.Spoiler)
	putString(d, FieldWork, r.Work)
	putString(d, FieldSite, r.Site)
	putString(d, FieldOutlet, r.Outlet)
	putString(d, FieldAuthor, r.Author)
	putString(d, FieldKind, string(r.Kind))
	putString(d, FieldTitle, r.Title)
	if !r.Date.IsZero() {
		d[FieldDate] = r.Date
	}
	if r.Score != nil {
		d[FieldScore] = r.Score.Value
		d[FieldBand] = scoreBandKey(r.Score.Value)
	}
	if !r.Date.IsZero() {
		d[FieldMonth] = r.Date.Format(monthLayout)
	}
	if r.Helpful != nil {
		d[FieldHelpful] = float64(r.Helpful.Yes)
	}
	return d
}

func putString(d map[string]interface{}, field, v string) {
	if v != "" {
		d[field] = v
	}
}

func tf(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

// paragraphFinger identifies a paragraph's text regardless of case,
// punctuation and spacing, so the same paragraph on two sites can be
// collapsed into one hit: a hash of its letters and digits, lower-cased,
// with runs of anything else as one space.
func paragraphFinger(text string) string {
	h := fnv.New64a()
	var buf [utf8.UTFMax]byte
	space := false
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space {
				h.Write([]byte{' '})
				space = false
			}
			n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
			h.Write(buf[:n])
			continue
		}
		if r == '\'' || r == '\u2019' {
			continue // "don't" and "don’t" are the same word
		}
		space = true
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

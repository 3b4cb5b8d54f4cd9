package index

import (
	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/engine"
	"github.com/pullquote/pullquote/search"
)

// paragraphDoc returns the bleve document of paragraph j of r, with text
// its text. Fields that are unknown (no date, no score) are left out.
func paragraphDoc(r *corpus.Review, j int, text string) map[string]interface{} {
	d := make(map[string]interface{}, 16)
	d[FieldText] = text
	d[FieldHasScore] = tf(r.Score != nil)
	putString(d, FieldWork, r.Work)
	putString(d, FieldOutlet, r.Outlet)
	putString(d, FieldAuthor, r.Author)
	putString(d, FieldKind, string(r.Kind))
	if !r.Date.IsZero() {
		d[FieldDate] = r.Date
	}
	if r.Score != nil {
		d[FieldScore] = r.Score.Value
		d[FieldBand] = search.BandKey(r.Score.Value)
	}
	if !r.Date.IsZero() {
		d[FieldMonth] = r.Date.Format(engine.MonthLayout)
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

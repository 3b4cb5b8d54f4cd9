package search

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pullquote/pullquote/corpus"
)

// The one JSON shape of a search and of a review: /api/search and
// /api/reviews/{id} (described by web/openapi.json) and `pullquote search
// --json` write these. They are mapped from the search types rather than
// serialised directly so that dates are plain days (or null), scores plain
// 0–100 numbers (or null) and the time taken milliseconds.
type (
	// ResponseJSON is a search's answer.
	ResponseJSON struct {
		Query      string  `json:"query"`
		Total      uint64  `json:"total"`
		TookMS     float64 `json:"took_ms"`
		Page       int     `json:"page"`
		Size       int     `json:"size"`
		Suggestion string  `json:"suggestion,omitempty"`
		AnyWords   bool    `json:"any_words"`
		// Cut is set when the query had more than MaxQueryWords words:
		// Query is the words searched, the first ones.
		Cut *QueryCut `json:"cut,omitempty"`
		// Partial is set when part of a clustered index did not answer;
		// Missing names the shards.
		Partial bool       `json:"partial"`
		Missing []string   `json:"missing,omitempty"`
		Hits    []HitJSON  `json:"hits"`
		Facets  FacetsJSON `json:"facets"`
	}
	// HitJSON is one hit: a paragraph with its review's fields.
	HitJSON struct {
		ID        string `json:"id"`
		ReviewID  string `json:"review_id"`
		Paragraph int    `json:"paragraph"`
		ReviewFields
		Text string `json:"text"`
		// TextCut is set when Text was cut at MaxTextBytes.
		TextCut   bool   `json:"text_cut,omitempty"`
		Highlight string `json:"highlight"`
		// Quote is the fragment credited, what "Copy quote" copies
		// (Hit.CreditLine).
		Quote string   `json:"quote"`
		Also  []Source `json:"also"`
	}
	// ReviewFields are the review's fields, in a hit and in a review.
	ReviewFields struct {
		Work   string  `json:"work"`
		Site   string  `json:"site"`
		Outlet string  `json:"outlet"`
		Author string  `json:"author"`
		Kind   string  `json:"kind"`
		Title  string  `json:"title"`
		Date   *string `json:"date"`
		// DateText is the day as the page writes it ("16 Jan 2011",
		// DateLayout), nil when unknown.
		DateText *string  `json:"date_text"`
		Score    *float64 `json:"score"`
		ScoreRaw string   `json:"score_raw,omitempty"`
		// Band is the score's band class (search.ScoreBand.Class):
		// "great", "good", "mixed", "poor" or "none".
		Band    string       `json:"band"`
		Helpful *HelpfulJSON `json:"helpful"`
		Spoiler bool         `json:"spoiler"`
		URL     string       `json:"url"`
	}
	// HelpfulJSON is a review's helpful votes.
	HelpfulJSON struct {
		Yes   int `json:"yes"`
		Total int `json:"total"`
	}
	// FacetsJSON are the facet counts.
	FacetsJSON struct {
		Outlet      []TermCount  `json:"outlet"`
		Work        []TermCount  `json:"work"`
		OutletCount int          `json:"outlet_count"`
		WorkCount   int          `json:"work_count"`
		Score       []BandJSON   `json:"score"`
		Date        []BucketJSON `json:"date"`
	}
	// BandJSON is one score band; min and max are null for "no score".
	BandJSON struct {
		Label    string   `json:"label"`
		Min      *float64 `json:"min"`
		Max      *float64 `json:"max"`
		Missing  bool     `json:"missing"`
		Count    int      `json:"count"`
		Selected bool     `json:"selected"`
	}
	// BucketJSON is one date bucket, its bounds as days.
	BucketJSON struct {
		Label    string `json:"label"`
		From     string `json:"from"`
		To       string `json:"to"`
		Count    int    `json:"count"`
		Selected bool   `json:"selected"`
	}
	// ReviewJSON is one whole review.
	ReviewJSON struct {
		ID string `json:"id"`
		ReviewFields
		Paragraphs []string `json:"paragraphs"`
		SameText   []string `json:"same_text"`
	}
)

// dateText is t as the page writes a day, nil when unknown.
func dateText(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(DateLayout)
	return &s
}

// DayJSON is t as the API writes a day, YYYY-MM-DD, nil when unknown.
func DayJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

// scoreJSON is s as a 0–100 number and its raw form, nil when unscored.
func scoreJSON(s *corpus.Score) (*float64, string) {
	if s == nil {
		return nil, ""
	}
	v := s.Value
	return &v, s.Raw
}

// helpfulOf is h in its JSON shape, nil when unknown.
func helpfulOf(h *corpus.Helpful) *HelpfulJSON {
	if h == nil {
		return nil
	}
	return &HelpfulJSON{Yes: h.Yes, Total: h.Total}
}

// MaxTextBytes bounds a hit's text in a response. Imports split paragraphs
// at 16 KiB (corpus.MaxParagraphBytes); an index built before that may
// hold longer ones, which are cut at a word boundary with TextCut set.
const MaxTextBytes = 16 << 10

// cutText cuts s to at most MaxTextBytes, at the last space before.
func cutText(s string) string {
	if len(s) <= MaxTextBytes {
		return s
	}
	cut := strings.LastIndexByte(s[:MaxTextBytes], ' ')
	if cut <= 0 {
		cut = MaxTextBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + "…"
}

// NewResponseJSON maps a response to its API shape.
func NewResponseJSON(req Request, resp *Response) ResponseJSON {
	out := ResponseJSON{
		Query:      resp.Query,
		Total:      resp.Total,
		TookMS:     float64(resp.Took.Microseconds()) / 1000,
		Page:       req.Page,
		Size:       req.Size,
		Suggestion: resp.Suggestion,
		AnyWords:   resp.AnyWords,
		Cut:        req.Cut,
		Partial:    len(resp.Missing) > 0,
		Missing:    resp.Missing,
		Hits:       make([]HitJSON, 0, len(resp.Hits)),
	}
	for _, h := range resp.Hits {
		also := h.Also
		if also == nil {
			also = []Source{}
		}
		out.Hits = append(out.Hits, HitJSON{
			ID: h.ID, ReviewID: h.ReviewID, Paragraph: h.Paragraph, ReviewFields: h.Fields(),
			Text: cutText(h.Text), TextCut: len(h.Text) > MaxTextBytes, Highlight: h.Highlight, Quote: h.CreditLine(), Also: also,
		})
	}
	out.Facets.Outlet, out.Facets.Work = resp.Facets.Outlet, resp.Facets.Work
	out.Facets.OutletCount, out.Facets.WorkCount = resp.Facets.OutletCount, resp.Facets.WorkCount
	if out.Facets.Outlet == nil {
		out.Facets.Outlet = []TermCount{}
	}
	if out.Facets.Work == nil {
		out.Facets.Work = []TermCount{}
	}
	out.Facets.Score = make([]BandJSON, 0, len(resp.Facets.Score))
	for _, b := range resp.Facets.Score {
		j := BandJSON{Label: b.Label, Missing: b.Missing, Count: b.Count, Selected: b.Selected}
		if !b.Missing {
			lo, hi := b.Min, b.Max
			j.Min, j.Max = &lo, &hi
		}
		out.Facets.Score = append(out.Facets.Score, j)
	}
	out.Facets.Date = make([]BucketJSON, 0, len(resp.Facets.Date))
	for _, d := range resp.Facets.Date {
		out.Facets.Date = append(out.Facets.Date, BucketJSON{
			Label: d.Label, From: d.From.Format(time.DateOnly), To: d.To.Format(time.DateOnly),
			Count: d.Count, Selected: d.Selected,
		})
	}
	return out
}

// ReviewFieldsOf maps a review's fields (not its ID or text) to their API
// shape.
func ReviewFieldsOf(r corpus.Review) ReviewFields {
	score, raw := scoreJSON(r.Score)
	return ReviewFields{
		Work: r.Work, Site: r.Site, Outlet: r.Outlet, Author: r.Author,
		Kind: string(r.Kind), Title: r.Title, Date: DayJSON(r.Date), DateText: dateText(r.Date),
		Score: score, ScoreRaw: raw, Band: BandFor(score).Class, Helpful: helpfulOf(r.Helpful),
		Spoiler: r.Spoiler, URL: r.URL,
	}
}

// ReviewPath is the address of a whole review on the server, at paragraph
// p (the page, /reviews/{id}, scrolls to #pN).
func ReviewPath(id string, p int) string {
	return "/reviews/" + url.PathEscape(id) + "#p" + strconv.Itoa(p)
}

// Fields is the hit's review fields in their API shape.
func (h Hit) Fields() ReviewFields {
	return ReviewFieldsOf(corpus.Review{
		Work: h.Work, Site: h.Site, Outlet: h.Outlet, Author: h.Author,
		Kind: corpus.Kind(h.Kind), Title: h.Title, Date: h.Date,
		Score: h.Score, Helpful: h.Helpful, Spoiler: h.Spoiler, URL: h.URL,
	})
}

// NewReviewJSON maps a review to its API shape.
func NewReviewJSON(r *corpus.Review) ReviewJSON {
	out := ReviewJSON{ID: r.ID, ReviewFields: ReviewFieldsOf(*r), Paragraphs: r.Paragraphs, SameText: r.SameText}
	if out.Paragraphs == nil {
		out.Paragraphs = []string{}
	}
	if out.SameText == nil {
		out.SameText = []string{}
	}
	return out
}

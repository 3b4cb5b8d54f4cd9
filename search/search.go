// Package search holds the domain of a query: the Request a user makes, the
// Response they get, the user query language (Parse) and the Searcher
// interface that an index implements. It imports no search engine.
package search

import (
	"context"
	"strconv"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

// Searcher runs searches and fetches whole reviews. index.Index implements it;
// web serves any Searcher.
type Searcher interface {
	// Search runs req. A syntax error in req.Query never fails the search.
	Search(ctx context.Context, req Request) (*Response, error)
	// Review returns one whole review by ID, or an error wrapping ErrNotFound.
	Review(ctx context.Context, id string) (*corpus.Review, error)
}

// Sort orders hits.
type Sort string

// The sort orders.
const (
	SortRelevance Sort = "relevance"
	SortNewest    Sort = "newest"
	SortOldest    Sort = "oldest"
	SortScore     Sort = "score"   // highest score first
	SortHelpful   Sort = "helpful" // most helpful votes first
)

// Range is an inclusive numeric range on 0–100; a nil bound is open.
type Range struct {
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
}

// IsZero reports whether the range has no bounds.
func (r Range) IsZero() bool { return r.Min == nil && r.Max == nil }

// DateRange is an inclusive range of days; a zero bound is open.
type DateRange struct {
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

// IsZero reports whether the range has no bounds.
func (r DateRange) IsZero() bool { return r.From.IsZero() && r.To.IsZero() }

// Filter narrows a search. Values within one field are ORed; fields are ANDed.
type Filter struct {
	Outlets []string `json:"outlets,omitempty"`
	Authors []string `json:"authors,omitempty"`
	Kinds   []string `json:"kinds,omitempty"`
	Works   []string `json:"works,omitempty"`
	Score   Range    `json:"score,omitzero"`
	// NoScore selects paragraphs whose review has no score (the "no score"
	// band); combined with Score, either matches.
	NoScore bool      `json:"no_score,omitempty"`
	Date    DateRange `json:"date,omitzero"`
}

// Request is one search.
type Request struct {
	// Query is the user's text in the query language (see Parse).
	Query  string `json:"query"`
	Filter Filter `json:"filter"`
	Sort   Sort   `json:"sort,omitempty"`
	// Page counts from 1; Size is hits per page.
	Page      int  `json:"page,omitempty"`
	Size      int  `json:"size,omitempty"`
	Highlight bool `json:"highlight,omitempty"`
	// Prefix lets the last word also match the words it begins ("charis"
	// finds "charisma"): the page and the widget set it while the person
	// types. A submitted search, the API by default and the CLI match whole
	// words, which costs a quarter to half less (see Parsed).
	Prefix bool `json:"prefix,omitempty"`
	// Exact turns typo tolerance off: words match as typed (in any form:
	// stems still match), for "search instead for masterpeice".
	Exact bool `json:"exact,omitempty"`
	// All names a keyword facet ("outlet" or "work") to list whole rather
	// than its top values ("Show all 1,277 outlets").
	All string `json:"all,omitempty"`
	// Cut is set by Normalize when the query text had more than
	// MaxQueryWords words and Query holds only the first; it is no part
	// of the search (Key leaves it out).
	Cut *QueryCut `json:"cut,omitempty"`
}

// Response is the result of a search. Its JSON shape, for the API and the
// CLI, is ResponseJSON (wire.go).
type Response struct {
	Query string
	Total uint64
	Took  time.Duration
	Hits  []Hit
	// Facets are disjunctive: each facet's counts apply every filter but its own.
	Facets Facets
	// Suggestion is a corrected query to offer when there are few or no hits.
	Suggestion string
	// AnyWords is set when no paragraph had all the words and the hits match
	// any of them instead.
	AnyWords bool
	// Missing names the parts of a clustered index (shards) that did not
	// answer: the response is partial, its totals and facets short of
	// their paragraphs. Empty when the whole index answered.
	Missing []string
}

// Hit is one matching paragraph with its review's fields.
type Hit struct {
	// ID is the paragraph's ID; ReviewID its review's; Paragraph its
	// position in the review, from 0.
	ID        string
	ReviewID  string
	Paragraph int

	Work    string
	Site    string
	Outlet  string
	Author  string
	Kind    string
	Title   string
	Date    time.Time
	Score   *corpus.Score
	Helpful *corpus.Helpful
	Spoiler bool
	URL     string

	// Text is the whole paragraph, plain.
	Text string
	// Highlight is an HTML-escaped fragment of Text (a sentence or two,
	// cut at sentence or word boundaries) with matches in <mark>.
	Highlight string
	// Relevance is the ranking score.
	Relevance float64
	// Also lists the other places the same text appears (collapsed hits).
	Also []Source
}

// HitOf returns the hit of a review's paragraph: its ID, its position in
// the review and its text, with the review's fields (no highlight,
// relevance or Also).
func HitOf(r *corpus.Review, id string, paragraph int, text string) Hit {
	return Hit{
		ID: id, ReviewID: r.ID, Paragraph: paragraph,
		Work: r.Work, Site: r.Site, Outlet: r.Outlet, Author: r.Author,
		Kind: string(r.Kind), Title: r.Title, Date: r.Date,
		Score: r.Score, Helpful: r.Helpful, Spoiler: r.Spoiler, URL: r.URL,
		Text: text,
	}
}

// Source names one place a collapsed paragraph also appears.
type Source struct {
	ReviewID string `json:"review_id"`
	Site     string `json:"site"`
	Outlet   string `json:"outlet"`
	Author   string `json:"author,omitempty"`
	URL      string `json:"url,omitempty"`
}

// Facets are the counts shown beside results.
type Facets struct {
	Outlet []TermCount `json:"outlet"`
	Work   []TermCount `json:"work"` // films
	// OutletCount and WorkCount are how many values those facets have in
	// all: the lists hold the top ones unless Request.All names them.
	OutletCount int          `json:"outlet_count"`
	WorkCount   int          `json:"work_count"`
	Score       []ScoreBand  `json:"score"`
	Date        []DateBucket `json:"date"`
}

// TermCount is one value of a keyword facet.
type TermCount struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// ScoreBand is one score band; Missing marks the "no score" band.
type ScoreBand struct {
	Label   string  `json:"label"`
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Missing bool    `json:"missing,omitempty"`
	// Class names the band's colour on the page and in the widget.
	Class string `json:"class"`
	// Sentiment is what a score in the band says: "positive", "mixed" or
	// "negative" ("" for no score).
	Sentiment string `json:"-"`
	Count     int    `json:"count"`
	Selected  bool   `json:"selected"`
}

// DateBucket is one year (or one month, when the results fall in one year).
type DateBucket struct {
	Label    string    `json:"label"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Count    int       `json:"count"`
	Selected bool      `json:"selected"`
}

// ScoreBands are the fixed score bands, highest first (the display
// order); the last is "no score". This table is the one home of the
// bands: the facet, the engines' band field, the page's and the widget's
// colours (Hit band, class), the sentiments of film pages and the quote
// check, and the benchmark's SQL all come from it.
var ScoreBands = []ScoreBand{
	{Label: "80–100", Min: 80, Max: 100, Class: "great", Sentiment: "positive"},
	{Label: "60–79", Min: 60, Max: 79.999, Class: "good", Sentiment: "positive"},
	{Label: "40–59", Min: 40, Max: 59.999, Class: "mixed", Sentiment: "mixed"},
	{Label: "0–39", Min: 0, Max: 39.999, Class: "poor", Sentiment: "negative"},
	{Label: "no score", Missing: true, Class: "none"},
}

// BandFor returns the band of ScoreBands that holds a score (0–100; a
// score below 0 is in the lowest), the "no score" band for nil.
func BandFor(score *float64) ScoreBand {
	if score == nil {
		return ScoreBands[len(ScoreBands)-1]
	}
	for _, b := range ScoreBands {
		if !b.Missing && *score >= b.Min {
			return b
		}
	}
	return ScoreBands[len(ScoreBands)-2]
}

// BandOf returns the minimum of the band that holds a score (0–100): what
// the score facet counts it under, in every engine.
func BandOf(v float64) float64 { return BandFor(&v).Min }

// BandKey is BandOf in decimal ("80"): a score facet's value.
func BandKey(v float64) string {
	return strconv.FormatFloat(BandOf(v), 'f', -1, 64)
}

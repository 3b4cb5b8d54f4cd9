// Package corpus reads film reviews from scraped pages (Metacritic, IMDb,
// articles) and bulk exports (CSV, JSON Lines) into one clean Review model.
// It knows nothing about indexes or HTTP.
package corpus

import "time"

// Kind says who wrote a review.
type Kind string

// The kinds of review.
const (
	KindCritic  Kind = "critic"
	KindUser    Kind = "user"
	KindArticle Kind = "article"
)

// Score is a review's score: normalised to 0–100, with the raw text and the
// scale it was given on kept. A nil *Score means the score is unknown, which
// is not the same as a score of 0.
type Score struct {
	// Value is the score on 0–100.
	Value float64 `json:"value"`
	// Raw is the score as written: "6", "B+", "3.5/5", "4 stars".
	Raw string `json:"raw"`
	// Scale names the scale Raw is on: "100", "10", "5", "4", "letter", "stars".
	Scale string `json:"scale"`
}

// Helpful counts readers' votes on a review: Yes of Total found it helpful.
type Helpful struct {
	Yes   int `json:"yes"`
	Total int `json:"total"`
}

// Review is one review of one work, with its body split into paragraphs.
// Fields not found in the source or its manifest stay empty: nothing is
// invented.
type Review struct {
	// ID is stable: the same input gives the same ID on every run and machine.
	ID string `json:"id"`
	// Work is the film reviewed.
	Work string `json:"work"`
	// Site is where the page was found, e.g. "Metacritic", "IMDb".
	Site string `json:"site"`
	// Outlet is the publication; for user reviews, the site.
	Outlet string `json:"outlet,omitempty"`
	// Author wrote the review; empty when unknown.
	Author string `json:"author,omitempty"`
	// Kind is critic, user or article.
	Kind Kind `json:"kind"`
	// Title is the review's headline, if it has one.
	Title string `json:"title,omitempty"`
	// Date is the review's date (UTC midnight); zero when unknown.
	Date time.Time `json:"date,omitzero"`
	// Score is nil when unknown.
	Score *Score `json:"score,omitempty"`
	// Helpful is nil when the page states no votes.
	Helpful *Helpful `json:"helpful,omitempty"`
	// Spoiler is set when the page warns of spoilers.
	Spoiler bool `json:"spoiler,omitempty"`
	// URL is the review's address, if known.
	URL string `json:"url,omitempty"`
	// Paragraphs is the body: NFC-normalised, whitespace collapsed, no page chrome.
	Paragraphs []string `json:"paragraphs"`
	// Fingerprint identifies the text across sites: reviews whose texts are
	// the same (one possibly a truncated copy of the other) share it.
	Fingerprint string `json:"fingerprint,omitempty"`
	// SameText lists the IDs of other reviews in the same import with the
	// same text (e.g. a Metacritic copy of an IMDb review).
	SameText []string `json:"same_text,omitempty"`
	// Source is the file (and line, for bulk formats) the review came from.
	Source string `json:"source,omitempty"`
}

// Aggregate is a page-level summary score a page states for a work, such as
// "Metascore 81, Universal acclaim, based on 28 Critics". It is kept as the
// page gives it: nothing is recomputed from the reviews.
type Aggregate struct {
	Work  string `json:"work"`
	Site  string `json:"site"`
	Kind  Kind   `json:"kind"`
	Score Score  `json:"score"`
	// Count is how many critics, ratings or reviews the score is based on
	// (Unit says which); 0 when the page does not say.
	Count int    `json:"count"`
	Unit  string `json:"unit,omitempty"`
	// Label names the score as the page does: "Metascore", "User score".
	Label string `json:"label,omitempty"`
	// Verdict is the page's own words for the score: "Universal acclaim".
	Verdict string `json:"verdict,omitempty"`
	// Distribution is the page's breakdown of the count, in its order:
	// "Positive: 24 out of 28".
	Distribution []Share `json:"distribution,omitempty"`
}

// Share is one line of an aggregate's distribution: Count of Of.
type Share struct {
	Label string `json:"label"`
	Count int    `json:"count"`
	Of    int    `json:"of"`
}

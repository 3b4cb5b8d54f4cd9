package opensearch

import "github.com/pullquote/pullquote/analysis"

// Field names of a paragraph document.
const (
	fieldText      = "text"       // analysed as analysis.Stemmed, with positions
	fieldExact     = "text.exact" // analysed as analysis.Exact: phrases, prefixes, the words a typo is near
	fieldReviewID  = "review_id"
	fieldParagraph = "paragraph"
	fieldWork      = "work"
	fieldOutlet    = "outlet"
	fieldAuthor    = "author"
	fieldKind      = "kind"
	fieldSite      = "site"
	fieldScore     = "score"
	fieldBand      = "band"
	fieldDate      = "date"
	fieldMonth     = "month"
	fieldDay       = "day"
	fieldHelpful   = "helpful"
	fieldFirst     = "first" // the review's first indexed paragraph: film counts count reviews by it
	fieldReview    = "review"
)

// IndexOptions are a new index's layout.
type IndexOptions struct {
	// Shards and Replicas are the index's primary shards and the copies
	// of each (replication is the cluster's: pullquote writes once). A
	// negative Replicas is one when the cluster has more than one data
	// node, else none (Build).
	Shards, Replicas int
}

// indexBody is the body that creates a paragraph index: analysis as
// package analysis reads text, the review's fields as keywords, numbers
// and dates, and the review record stored, not indexed, for hits and
// Review.
func indexBody(o IndexOptions) map[string]any {
	keyword := map[string]any{"type": "keyword"}
	return map[string]any{
		"settings": map[string]any{
			"index": map[string]any{
				"number_of_shards":   max(o.Shards, 1),
				"number_of_replicas": max(o.Replicas, 0),
				// A build writes with refreshes off (Writer); searches
				// see writes after a refresh.
				"refresh_interval":  "1s",
				"max_result_window": 10000,
			},
			"analysis": analysisSettings(),
		},
		"mappings": map[string]any{
			"dynamic": "strict",
			"properties": map[string]any{
				// The stemmed field is matched term by term and never as a
				// phrase: no positions. Phrases (scored, so with norms),
				// prefixes and typo lookups use the exact field.
				fieldText: map[string]any{
					"type": "text", "analyzer": "pq_stemmed", "index_options": "freqs",
					"fields": map[string]any{"exact": map[string]any{"type": "text", "analyzer": "pq_exact"}},
				},
				fieldReviewID:  keyword,
				fieldParagraph: map[string]any{"type": "integer"},
				fieldWork:      keyword,
				fieldOutlet:    keyword,
				fieldAuthor:    keyword,
				fieldKind:      keyword,
				fieldSite:      keyword,
				fieldScore:     map[string]any{"type": "double"},
				fieldBand:      keyword,
				fieldDate:      map[string]any{"type": "date", "format": "strict_date_optional_time"},
				fieldMonth:     keyword,
				fieldDay:       keyword,
				fieldHelpful:   map[string]any{"type": "integer"},
				fieldFirst:     map[string]any{"type": "boolean"},
				fieldReview:    map[string]any{"type": "object", "enabled": false},
			},
		},
	}
}

// filmsIndexBody creates the index of the aggregates pages stated (one
// document each, stored, not searched).
func filmsIndexBody(o IndexOptions) map[string]any {
	return map[string]any{
		"settings": map[string]any{"index": map[string]any{"number_of_shards": 1, "number_of_replicas": max(o.Replicas, 0)}},
		"mappings": map[string]any{"dynamic": "strict", "properties": map[string]any{
			"aggregate": map[string]any{"type": "object", "enabled": false},
		}},
	}
}

// analysisSettings configure pq_exact and pq_stemmed as package analysis
// reads text: the standard tokenizer (Unicode words, UAX #29; symbols
// such as ® and emoji are not words), curly and
// full-width apostrophes read as ', lower case, accents folded, leading
// apostrophes, a possessive 's and trailing apostrophes removed (a token of
// apostrophes alone dropped), and for pq_stemmed the English stop words
// kept as they are and every other word stemmed by Snowball's English
// (Porter2) stemmer, the algorithm analysis uses.
func analysisSettings() map[string]any {
	filters := []string{"lowercase", "asciifolding", "pq_leading_apostrophes", "pq_possessive", "pq_trailing_apostrophes", "pq_nonempty"}
	return map[string]any{
		"char_filter": map[string]any{
			"pq_apostrophes": map[string]any{"type": "mapping", "mappings": []string{
				"\u2019 => '", "\uff07 => '", "\u2018 => '", "\u02bc => '",
			}},
			// Lucene's tokenizer makes a token of a symbol such as ® or an
			// emoji; analysis keeps only words with a letter or a digit.
			"pq_symbols": map[string]any{"type": "pattern_replace", "pattern": "\\p{So}", "replacement": " "},
		},
		"filter": map[string]any{
			"pq_leading_apostrophes":  map[string]any{"type": "pattern_replace", "pattern": "^'+", "replacement": ""},
			"pq_possessive":           map[string]any{"type": "pattern_replace", "pattern": "'s$", "replacement": ""},
			"pq_trailing_apostrophes": map[string]any{"type": "pattern_replace", "pattern": "'+$", "replacement": ""},
			"pq_nonempty":             map[string]any{"type": "length", "min": 1},
			"pq_stop_words":           map[string]any{"type": "keyword_marker", "keywords": analysis.StopWords()},
			"pq_snowball":             map[string]any{"type": "snowball", "language": "English"},
		},
		"analyzer": map[string]any{
			"pq_exact": map[string]any{"type": "custom", "tokenizer": "standard", "char_filter": []string{"pq_apostrophes", "pq_symbols"}, "filter": filters},
			"pq_stemmed": map[string]any{"type": "custom", "tokenizer": "standard", "char_filter": []string{"pq_apostrophes", "pq_symbols"},
				"filter": append(append([]string{}, filters...), "pq_stop_words", "pq_snowball")},
		},
	}
}

package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/pullquote/pullquote/search"
)

// Lexicon is an Engine that knows the words its paragraphs hold, as
// analysis.Exact gives them: the searcher then gives unknown words typo
// variants, the word being typed its prefixes, and checks a phrase's
// words as written only where a stem has other forms. An engine that is
// no Lexicon has every word taken as known, prefixes matched by the
// engine itself (Match.Prefix), and phrases always checked (Match.Exact).
type Lexicon interface {
	// Words returns the vocabulary as it is now (an add may replace it).
	Words() Vocabulary
}

// Vocabulary is a Lexicon's words at one moment.
type Vocabulary interface {
	// Known reports whether some paragraph holds word (folded,
	// unstemmed).
	Known(word string) bool
	// Near returns the stems of the words within edits of word (same first
	// letter; a swap of neighbours is one edit), each with the fewest
	// edits to a word of it.
	Near(word string, edits int) (stems []string, dists []uint8)
	// Prefixed returns the stems of the words that begin with prefix.
	Prefixed(prefix string) []string
	// OtherForms reports whether another word has word's stem ("films",
	// "film"), so that a phrase found by its stems must be checked; true
	// for a word it lacks.
	OtherForms(word string) bool
}

// Priming is a Vocabulary that can look many words up at once: before
// planning a search the searcher gives it the words it will ask Known
// about, so that a cluster answers them in one request, not one a word.
type Priming interface {
	Prime(words []string)
}

// KeywordResolver is an Engine that matches filter values to its own
// spelling regardless of case (outlet:"boston globe" finds "Boston
// Globe"); values it does not hold in any case stay as they are.
type KeywordResolver interface {
	ResolveKeywords(f search.Filter) search.Filter
}

// Corrector is an Engine that can suggest the word it holds that a word
// no paragraph holds most likely meant (within a typo's reach, keeping the
// first letter), or "" for none. The searcher asks it when a search finds
// nothing and no typo variant gave a spelling.
type Corrector interface {
	Correct(word string) string
}

// CorrectionEdits is how many edits away a Corrector looks for the word
// that word meant: one, two from 9 letters, none (0) for a word under 3
// letters or with a digit. Every engine corrects by it.
func CorrectionEdits(word string) int {
	n := utf8.RuneCountInString(word)
	switch {
	case n < 3 || strings.ContainsFunc(word, func(r rune) bool { return r >= '0' && r <= '9' }):
		return 0
	case n >= 9:
		return 2
	}
	return 1
}

// Versioned is an Engine whose contents carry a version that changes with
// every write: the searcher passes it on, and answers are cached by it
// (search/cache). An engine that is not Versioned is never cached.
type Versioned interface {
	Version() string
}

// Snapshotter is an Engine that can change under a search (a directory
// whose generations are swapped): Acquire returns the engine as it is now,
// to run every retrieval of one search on, and release when done.
type Snapshotter interface {
	Acquire() (e Engine, release func())
}

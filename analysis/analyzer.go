package analysis

// Names an engine may register the analyzers under (the Bleve index
// records them in its mapping).
const (
	// StemmedName names Stemmed: Unicode words, lower case, accents
	// folded, possessives, Snowball English stems of all but the English
	// stop words (kept as they are).
	StemmedName = "pullquote_en"
	// ExactName names Exact: the same without stemming, the words a
	// lexicon holds and a "phrase" is checked against.
	ExactName = "pullquote_exact"
)

// Analyzer reads text into words. Its zero value is not usable: use New.
// It is safe for concurrent use.
type Analyzer struct {
	stem *Stemmer
}

// New returns an analyzer with a stem memo of its own.
func New() *Analyzer { return &Analyzer{stem: NewStemmer()} }

// Stemmer returns the analyzer's stemmer, to stem a word the way Stemmed
// does (a lexicon's words).
func (a *Analyzer) Stemmer() *Stemmer { return a.stem }

// Exact returns text's words folded and in lower case, unstemmed, with
// positions and offsets (ExactName). It may rewrite text's bytes.
func (a *Analyzer) Exact(text []byte) []Token {
	toks := Tokenize(text)
	lower(toks)
	fold(toks)
	return possessive(toks)
}

// Stemmed returns text's words as Exact does, then stemmed, the stop words
// marked KeyWord and left as they are (StemmedName). It may rewrite
// text's bytes.
func (a *Analyzer) Stemmed(text []byte) []Token {
	return a.Stem(a.Exact(text))
}

// Stem stems tokens as Exact gave them, in place (marking the stop words
// KeyWord), and returns them: Stemmed is Stem(Exact(text)), for a caller
// that wants the words before their stems too (a lexicon gathers them).
func (a *Analyzer) Stem(toks []Token) []Token {
	markStops(toks)
	a.stem.stemTokens(toks)
	return toks
}

// Term is one word of a text with its stem, as a query or a highlight
// reads it.
type Term struct {
	// Word is the word unstemmed (Exact's term); Stem its stem, "" for a
	// stop word.
	Word, Stem string
	// Start and End are its byte offsets in the text; Position counts the
	// text's words from 1.
	Start, End, Position int
}

// Terms returns text's words, each with its stem ("" for stop words).
func (a *Analyzer) Terms(text string) []Term {
	toks := a.Exact([]byte(text))
	out := make([]Term, len(toks))
	for i, t := range toks {
		w := string(t.Term)
		out[i] = Term{Word: w, Start: t.Start, End: t.End, Position: t.Position}
		if !IsStop(t.Term) {
			out[i].Stem = a.stem.Stem(w)
		}
	}
	return out
}

// HasPhrase reports whether text holds the phrase's words (as Exact gives
// them) at consecutive positions.
func (a *Analyzer) HasPhrase(text string, phrase []string) bool {
	words := a.Exact([]byte(text))
	for i := 0; i+len(phrase) <= len(words); i++ {
		if PhraseAt(words[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// PhraseAt reports whether toks are the phrase's words, in order, at
// consecutive positions.
func PhraseAt(toks []Token, phrase []string) bool {
	if len(toks) != len(phrase) {
		return false
	}
	for j, t := range toks {
		if string(t.Term) != phrase[j] || (j > 0 && t.Position != toks[j-1].Position+1) {
			return false
		}
	}
	return true
}

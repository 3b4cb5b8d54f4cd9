package index

import (
	"fmt"
	"slices"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/pullquote/pullquote/analysis"
)

// wordsName names the analyzer of FieldExact: analysis.Exact without
// the stop words (FieldText holds them as they are).
const wordsName = "pullquote_words"

// bleveAnalyzer is pullquote's analysis (package analysis) as a Bleve
// analyzer, registered under analysis.StemmedName, ExactName and
// wordsName: the index holds the words the searcher and every other
// engine read.
type bleveAnalyzer struct {
	a *analysis.Analyzer
	// stem stems the words (StemmedName); noStops drops the stop words
	// (wordsName).
	stem, noStops bool
	words         *wordCollector // set by collectWords during a build
}

// Analyze returns text's tokens as Bleve's.
func (b *bleveAnalyzer) Analyze(text []byte) banalysis.TokenStream {
	toks := b.a.Exact(text)
	if b.words != nil {
		b.words.addTokens(toks)
	}
	if b.stem {
		toks = b.a.Stem(toks)
	}
	if b.noStops {
		toks = slices.DeleteFunc(toks, func(t analysis.Token) bool { return analysis.IsStop(t.Term) })
	}
	out := make(banalysis.TokenStream, len(toks))
	bt := make([]banalysis.Token, len(toks))
	for i, t := range toks {
		bt[i] = banalysis.Token{Term: t.Term, Start: t.Start, End: t.End, Position: t.Position, Type: banalysis.AlphaNumeric, KeyWord: t.KeyWord}
		out[i] = &bt[i]
	}
	return out
}

func init() {
	for name, mode := range map[string]bleveAnalyzer{
		analysis.StemmedName: {stem: true},
		analysis.ExactName:   {},
		wordsName:            {noStops: true},
	} {
		err := registry.RegisterAnalyzer(name, func(map[string]interface{}, *registry.Cache) (banalysis.Analyzer, error) {
			return &bleveAnalyzer{a: analysis.New(), stem: mode.stem, noStops: mode.noStops}, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// collectWords makes the stemmed analyzer of m, a mapping of its own that
// only one shard builder uses, add the words it analyses (before their
// stems) to c, so a build gathers the lexicon from the analysis Bleve runs
// anyway rather than analyse every paragraph twice. Bleve's offline
// builder analyses a shard's documents one at a time, in one goroutine.
// Validating m (bleve.NewBuilder does) makes new analyzers, without c.
func collectWords(m mapping.IndexMapping, c *wordCollector) error {
	a, ok := m.AnalyzerNamed(analysis.StemmedName).(*bleveAnalyzer)
	if !ok {
		return fmt.Errorf("analyzer %s is not pullquote's", analysis.StemmedName)
	}
	a.words = c
	return nil
}

package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/pullquote/pullquote/analysis"
)

// DocType is the type of every document in the index: one review paragraph.
const DocType = "paragraph"

// newMapping returns the index mapping: one document type for paragraphs,
// with no dynamic fields, no _all field and nothing stored in bleve (text
// and review fields are read from the side store). Doc values are kept only
// on fields that facets and sorts read. Scoring is BM25.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = analysis.StemmedName
	m.DefaultType = DocType
	m.TypeField = "_type"
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()
	doc.Dynamic = false

	// text: stemmed words, with positions for "phrases" (whose exact
	// words are checked in the hits' text). The words behind the stems are
	// in the lexicon, not in bleve.
	doc.AddFieldMappingsAt(FieldText, textField(FieldText, analysis.StemmedName))
	// exact: the words as written, without positions or stop words, so
	// "film" in quotes is the paragraphs with the word film (not films)
	// without reading their text, and a phrase reads only the paragraphs
	// holding its words as typed. Never scored.
	exact := textField(FieldExact, wordsName)
	exact.IncludeTermVectors = false
	exact.SkipFreqNorm = true
	doc.AddFieldMappingsAt(FieldText, exact)

	for _, f := range []struct {
		name      string
		docValues bool
	}{
		{FieldWork, true},
		{FieldOutlet, true},
		{FieldAuthor, true},
		{FieldKind, true},
		{FieldHasScore, true},
		{FieldBand, true},
		{FieldMonth, true},
	} {
		doc.AddFieldMappingsAt(f.name, keywordField(f.name, f.docValues))
	}
	// Numbers are indexed as 16 prefix-coded terms each, so a paragraph's
	// position is not indexed: it is in its ID. (bleve sorts only on
	// indexed fields, so helpful votes stay indexed.)
	for _, f := range []struct {
		name             string
		index, docValues bool
	}{
		{FieldScore, true, true},
		{FieldHelpful, true, true},
	} {
		fm := mapping.NewNumericFieldMapping()
		fm.Name = f.name
		fm.Store = false
		fm.Index = f.index
		fm.IncludeInAll = false
		fm.DocValues = f.docValues
		fm.SkipFreqNorm = true
		doc.AddFieldMappingsAt(f.name, fm)
	}
	date := mapping.NewDateTimeFieldMapping()
	date.Name = FieldDate
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true
	date.SkipFreqNorm = true
	doc.AddFieldMappingsAt(FieldDate, date)

	m.AddDocumentMapping(DocType, doc)
	m.DefaultMapping = mapping.NewDocumentDisabledMapping()
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

func textField(name, analyzer string) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Name = name
	fm.Analyzer = analyzer
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = true
	fm.DocValues = false
	return fm
}

func keywordField(name string, docValues bool) *mapping.FieldMapping {
	fm := mapping.NewKeywordFieldMapping()
	fm.Name = name
	fm.Analyzer = keyword.Name
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = docValues
	fm.SkipFreqNorm = true // filters and facets, never scored
	return fm
}

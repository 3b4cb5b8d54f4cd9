package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pullquote/pullquote/search"
)

// ResolveKeywords returns f with its outlet, author and work values
// matched to the index's own spelling regardless of case, so that
// outlet:"boston globe" finds "Boston Globe". A value the index does not
// hold in any case stays as it is (and matches nothing).
func (ix *Index) ResolveKeywords(f search.Filter) search.Filter {
	f.Outlets = ix.resolveTerms(FieldOutlet, f.Outlets)
	f.Authors = ix.resolveTerms(FieldAuthor, f.Authors)
	f.Works = ix.resolveTerms(FieldWork, f.Works)
	return f
}

func (ix *Index) resolveTerms(field string, values []string) []string {
	if len(values) == 0 {
		return values
	}
	out := make([]string, 0, len(values))
	for _, v := range values {
		if ix.hasTerm(field, v) {
			out = appendUnique(out, v)
			continue
		}
		found := ix.termsFold(field, v)
		if len(found) == 0 {
			found = []string{v}
		}
		for _, t := range found {
			out = appendUnique(out, t)
		}
	}
	return out
}

func appendUnique(list []string, v string) []string {
	for _, s := range list {
		if s == v {
			return list
		}
	}
	return append(list, v)
}

// hasTerm reports whether any shard holds term in field.
func (ix *Index) hasTerm(field, term string) bool {
	for _, s := range ix.shards {
		d, err := s.FieldDictRange(field, []byte(term), []byte(term))
		if err != nil {
			continue
		}
		e, err := d.Next()
		d.Close()
		if err == nil && e != nil && e.Term == term {
			return true
		}
	}
	return false
}

// termsFold returns the terms of field equal to v but for case, looking
// only at terms that start with v's first letter in upper or lower case.
func (ix *Index) termsFold(field, v string) []string {
	r, size := utf8.DecodeRuneInString(v)
	if size == 0 {
		return nil
	}
	var out []string
	prefixes := []string{string(unicode.ToUpper(r)), string(unicode.ToLower(r))}
	if prefixes[0] == prefixes[1] {
		prefixes = prefixes[:1]
	}
	for _, s := range ix.shards {
		for _, p := range prefixes {
			d, err := s.FieldDictPrefix(field, []byte(p))
			if err != nil {
				continue
			}
			for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
				if len(e.Term) == len(v) && strings.EqualFold(e.Term, v) {
					out = appendUnique(out, e.Term)
				}
			}
			d.Close()
		}
	}
	return out
}

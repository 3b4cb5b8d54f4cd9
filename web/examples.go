package web

import (
	"context"
	"net/url"
	"strings"
	"unicode"

	"github.com/pullquote/pullquote/search"
)

// example is one search the welcome page offers.
type example struct {
	Label string
	URL   string
}

// examples draws the welcome page's examples from the index itself, so
// they find something whatever was indexed: a phrase from the newest
// paragraph, the film with the most paragraphs, the outlet with the most.
// A failed search gives none (the page still works).
func (s *server) examples(ctx context.Context) []example {
	resp, err := s.search(ctx, search.Request{Size: 5})
	if err != nil || len(resp.Hits) == 0 {
		return nil
	}
	var out []example
	for _, h := range resp.Hits {
		if ph := phraseFrom(h.Text); ph != "" {
			out = append(out, example{Label: `"` + ph + `"`, URL: "/?" + url.Values{"q": {`"` + ph + `"`}}.Encode()})
			break
		}
	}
	if len(resp.Facets.Work) > 0 {
		w := resp.Facets.Work[0].Value
		out = append(out, example{Label: "reviews of " + w, URL: "/?" + url.Values{"work": {w}}.Encode()})
	}
	if len(resp.Facets.Outlet) > 0 {
		o := resp.Facets.Outlet[0].Value
		out = append(out, example{Label: "everything from " + o, URL: "/?" + url.Values{"outlet": {o}}.Encode()})
	}
	return out
}

// phraseFrom picks two adjacent words of five or more letters from text, a
// phrase that finds at least its own paragraph; "" when there are none.
func phraseFrom(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	long := func(w string) bool { return len([]rune(w)) >= 5 && !strings.ContainsRune(w, '\'') }
	for i := 0; i+1 < len(words); i++ {
		if long(words[i]) && long(words[i+1]) {
			return strings.ToLower(words[i] + " " + words[i+1])
		}
	}
	return ""
}

package corpus

import (
	"encoding/json"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// structuredReviews reads the schema.org reviews a page states: JSON-LD
// first (single objects, arrays, @graph, reviews nested in the film they
// review), then microdata (itemscope/itemprop). It returns the reviews, the
// aggregate ratings, and warnings for blocks it could not read.
func structuredReviews(doc *html.Node) ([]Review, []Aggregate, []string) {
	var objs []map[string]any
	var warns []string
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Script && strings.EqualFold(attr(n, "type"), "application/ld+json") {
			var raw strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				raw.WriteString(c.Data)
			}
			var v any
			if err := json.Unmarshal([]byte(raw.String()), &v); err != nil {
				warns = append(warns, "unreadable JSON-LD block: "+err.Error())
				return false
			}
			objs = append(objs, jsonObjects(v)...)
			return false
		}
		if n.Type == html.ElementNode && hasAttr(n, "itemscope") {
			if t := itemType(attr(n, "itemtype")); t != "" {
				objs = append(objs, microdata(n))
				return false
			}
		}
		return true
	})
	var reviews []Review
	var aggs []Aggregate
	var visit func(o map[string]any, work string)
	visit = func(o map[string]any, work string) {
		types := typesOf(o)
		if name := str(o["name"]); has(types, "Movie", "Film", "CreativeWork", "TVSeries", "TVEpisode") && name != "" {
			work = name
		}
		if has(types, "Review", "CriticReview", "UserReview", "EmployerReview") {
			reviews = append(reviews, schemaReview(o, work)) // one without text is reported by the caller
		}
		if a, ok := schemaAggregate(o, types, work); ok {
			aggs = append(aggs, a)
		}
		for k, v := range o {
			if k == "itemReviewed" || k == "aggregateRating" || k == "reviewRating" {
				continue
			}
			for _, child := range jsonObjects(v) {
				visit(child, work)
			}
		}
	}
	for _, o := range objs {
		visit(o, "")
	}
	return reviews, aggs, warns
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// jsonObjects returns the objects v holds: itself, an array's, a @graph's.
func jsonObjects(v any) []map[string]any {
	switch v := v.(type) {
	case map[string]any:
		if g, ok := v["@graph"]; ok {
			return jsonObjects(g)
		}
		return []map[string]any{v}
	case []any:
		var out []map[string]any
		for _, e := range v {
			out = append(out, jsonObjects(e)...)
		}
		return out
	}
	return nil
}

// typesOf returns an object's @type(s), without a schema.org prefix.
func typesOf(o map[string]any) []string {
	var out []string
	switch t := o["@type"].(type) {
	case string:
		out = append(out, itemType(t))
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, itemType(s))
			}
		}
	}
	return out
}

// itemType is the last part of a type URL ("https://schema.org/Review" →
// "Review").
func itemType(t string) string {
	t = strings.TrimSpace(strings.Fields(t + " x")[0])
	if t == "x" {
		return ""
	}
	if i := strings.LastIndexAny(t, "/:"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

func has(types []string, want ...string) bool {
	for _, t := range types {
		for _, w := range want {
			if strings.EqualFold(t, w) {
				return true
			}
		}
	}
	return false
}

// str reads a JSON value as text: a string, a number, or the name of an
// object (or of the first of an array).
func str(v any) string {
	switch v := v.(type) {
	case string:
		return CleanText(html.UnescapeString(v))
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case map[string]any:
		return firstNonEmpty(str(v["name"]), str(v["@value"]))
	case []any:
		var names []string
		for _, e := range v {
			if s := str(e); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// schemaReview reads one Review object.
func schemaReview(o map[string]any, work string) Review {
	body := ""
	switch b := o["reviewBody"].(type) {
	case string:
		body = b // paragraphs kept; entities decoded by splitParagraphs
	default:
		body = str(b)
	}
	if strings.TrimSpace(body) == "" {
		body = firstNonEmpty(str(o["description"]), str(o["text"]))
	}
	r := Review{
		Work:   firstNonEmpty(str(o["itemReviewed"]), work),
		Author: str(o["author"]),
		Outlet: firstNonEmpty(str(o["publisher"]), str(o["sourceOrganization"])),
		Title:  firstNonEmpty(str(o["headline"]), str(o["name"])),
		URL:    str(o["url"]),
		Kind:   KindCritic,
	}
	if has(typesOf(o), "UserReview") {
		r.Kind = KindUser
	}
	if t, ok := parseDate(dateOnly(str(o["datePublished"]))); ok {
		r.Date = t
	}
	if rating, ok := o["reviewRating"].(map[string]any); ok {
		r.Score = schemaRating(rating)
	}
	r.Paragraphs = splitParagraphs(body, true)
	return r
}

// schemaRating normalises a Rating to 0–100 as every score here is
// (NormalizeScore): ratingValue over bestRating (default 5), so 3.5 of 4 is
// 87.5 and 4 of 5 stars 80; worstRating only bounds the value.
func schemaRating(o map[string]any) *Score {
	v, ok := num(o["ratingValue"])
	if !ok {
		return nil
	}
	best, ok := num(o["bestRating"])
	if !ok {
		best = 5
	}
	worst, _ := num(o["worstRating"])
	if best <= worst || v < worst || v > best {
		return nil
	}
	raw := strconv.FormatFloat(v, 'f', -1, 64) + "/" + strconv.FormatFloat(best, 'f', -1, 64)
	return &Score{Value: roundScore(100 * v / best), Raw: raw, Scale: strconv.FormatFloat(best, 'f', -1, 64)}
}

func roundScore(v float64) float64 {
	return float64(int(v*10+0.5)) / 10
}

// num reads a number from a JSON number or a numeric string.
func num(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(v, ",", ".")), 64)
		return f, err == nil
	}
	return 0, false
}

// schemaAggregate reads an AggregateRating (directly, or as a film's
// aggregateRating).
func schemaAggregate(o map[string]any, types []string, work string) (Aggregate, bool) {
	ar, ok := o["aggregateRating"].(map[string]any)
	if !ok && has(types, "AggregateRating") {
		ar, ok = o, true
	}
	if !ok {
		return Aggregate{}, false
	}
	s := schemaRating(ar)
	if s == nil {
		return Aggregate{}, false
	}
	n, _ := num(ar["ratingCount"])
	unit := "ratings"
	if n == 0 {
		n, _ = num(ar["reviewCount"])
		unit = "reviews"
	}
	if n == 0 {
		unit = ""
	}
	return Aggregate{Work: firstNonEmpty(str(ar["itemReviewed"]), work), Score: *s, Count: int(n), Unit: unit, Label: "aggregate rating"}, true
}

// microdata turns an itemscope element into the same shape as a JSON-LD
// object: @type from itemtype, each itemprop's value (a nested item, a
// content/datetime/href/src attribute, or the text).
func microdata(n *html.Node) map[string]any {
	o := map[string]any{"@type": itemType(attr(n, "itemtype"))}
	var props func(c *html.Node)
	props = func(c *html.Node) {
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			if k.Type != html.ElementNode {
				continue
			}
			name := attr(k, "itemprop")
			nested := hasAttr(k, "itemscope")
			if name != "" {
				var v any
				switch {
				case nested:
					v = microdata(k)
				case attr(k, "content") != "":
					v = attr(k, "content")
				case k.DataAtom == atom.Time && attr(k, "datetime") != "":
					v = attr(k, "datetime")
				case k.DataAtom == atom.A || k.DataAtom == atom.Link:
					v = firstNonEmpty(textOf(k), attr(k, "href"))
					if name == "url" || name == "sameAs" {
						v = attr(k, "href")
					}
				case k.DataAtom == atom.Img:
					v = attr(k, "src")
				case name == "reviewBody" || name == "description":
					v = paragraphsText(k)
				default:
					v = textOf(k)
				}
				for _, nm := range strings.Fields(name) {
					if _, dup := o[nm]; !dup {
						o[nm] = v
					}
				}
			}
			if !nested {
				props(k)
			}
		}
	}
	props(n)
	return o
}

// paragraphsText is an element's text with a blank line between its
// paragraphs, so a review body keeps them.
func paragraphsText(n *html.Node) string {
	var b strings.Builder
	var visit func(c *html.Node)
	visit = func(c *html.Node) {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && c.DataAtom == atom.Br:
			b.WriteString("\n")
		case c.Type == html.ElementNode:
			block := blockElems[c.DataAtom]
			if block {
				b.WriteString("\n\n")
			}
			for k := c.FirstChild; k != nil; k = k.NextSibling {
				visit(k)
			}
			if block {
				b.WriteString("\n\n")
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		visit(c)
	}
	return strings.TrimSpace(b.String())
}

package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/htmlindex"
)

// HTML review pages, as people save them ("Save page as…", a scraper's
// files, a blog's export). Structured data first: schema.org Review,
// CriticReview and UserReview in JSON-LD or microdata, which name the
// author, outlet, rating and film better than anything guessed from text.
// Without it, the page's text: the site parsers read it where they know
// the site (a saved Metacritic or IMDb page gives the same reviews as its
// text), and anything else is read as an article.

// isHTML reports whether the start of a file is HTML.
func isHTML(head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<!--", "<meta", "<body"} {
		if bytes.HasPrefix(h, []byte(p)) {
			return p != "<!--" || bytes.Contains(h, []byte("<html"))
		}
	}
	return false
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)`)

// htmlText decodes a page: by its byte-order mark, else its <meta charset>
// (or http-equiv content type), else as UTF-8, where bytes that are not
// are read as Windows-1252 and reported (the rule CSV files follow).
func htmlText(data []byte) (text string, warning string) {
	switch {
	case bytes.HasPrefix(data, []byte("\uFEFF")):
		return string(data[3:]), ""
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc, _ := htmlindex.Get("utf-16le")
		if data[0] == 0xFE {
			enc, _ = htmlindex.Get("utf-16be")
		}
		if s, err := enc.NewDecoder().String(string(data[2:])); err == nil {
			return s, ""
		}
	}
	head := data[:min(len(data), 2048)]
	if m := metaCharset.FindSubmatch(head); m != nil {
		if enc, err := ParseEncoding(string(m[1])); err == nil && enc != nil {
			if s, err := enc.NewDecoder().String(string(data)); err == nil {
				return s, ""
			}
		}
	}
	s, ok := fixUTF8(string(data))
	if !ok {
		return s, notUTF8
	}
	return s, ""
}

// readHTML reads one HTML page.
func (l *loader) readHTML(name string, data []byte, meta FileMeta) error {
	text, warning := htmlText(data)
	if warning != "" {
		l.warn(Skip{File: name, Reason: warning})
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return l.skip(Skip{File: name, Reason: "bad HTML: " + err.Error()})
	}
	if meta.Format != "" { // the manifest names the site parser
		return l.readPage(name, []byte(renderText(doc)), meta)
	}
	page := pageInfo(doc)
	reviews, aggs, warns := structuredReviews(doc)
	for _, w := range warns {
		l.warn(Skip{File: name, Reason: w})
	}
	for _, a := range aggs {
		if meta.Work != "" {
			a.Work = meta.Work
		}
		if a.Site == "" {
			a.Site = firstNonEmpty(meta.Site, page.site)
		}
		l.rep.Aggregates = append(l.rep.Aggregates, a)
	}
	if len(reviews) == 0 {
		lines := strings.Split(renderText(doc), "\n")
		if f := detectPage(lines); f == "metacritic" || f == "imdb" {
			meta.Format = f
			return l.readPage(name, []byte(strings.Join(lines, "\n")), meta)
		}
		if r, ok := articleReview(doc, page); ok {
			reviews = append(reviews, r)
		}
	}
	if len(reviews) == 0 {
		return l.skip(Skip{File: name, Reason: "no review text found in the HTML page"})
	}
	for i, r := range reviews {
		r.Source = name
		if len(reviews) > 1 {
			r.Source = name + "#" + strconv.Itoa(i+1)
		}
		r.Site = firstNonEmpty(r.Site, page.site)
		r.Work = firstNonEmpty(r.Work, page.work)
		if r.URL == "" && len(reviews) == 1 {
			r.URL = page.url
		}
		if r.URL != "" && !isWebURL(r.URL) {
			r.URL = ""
		}
		if r.Kind == KindUser && r.Outlet == "" {
			r.Outlet = r.Site
		}
		meta.apply(&r)
		if w := finish(&r); w != "" {
			l.warn(Skip{File: name, Reason: w})
		}
		if len(r.Paragraphs) == 0 {
			if err := l.skip(Skip{File: name, Reason: fmt.Sprintf("review %d has no text", i+1)}); err != nil {
				return err
			}
			continue
		}
		l.pages = append(l.pages, r)
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// info is what a page's head says about it.
type info struct {
	title, author, date, site, url, work string
}

// pageInfo reads the page's own description: Open Graph, meta tags, the
// canonical link, the first <h1> and <time>, a byline.
func pageInfo(doc *html.Node) info {
	var in info
	var h1, title, timeAttr, byline, relAuthor, ogTitle string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Meta:
			key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
			v := attr(n, "content")
			switch key {
			case "og:title":
				ogTitle = firstNonEmpty(ogTitle, v)
			case "og:site_name":
				in.site = firstNonEmpty(in.site, v)
			case "og:url":
				in.url = firstNonEmpty(in.url, v)
			case "author", "article:author":
				if !strings.HasPrefix(v, "http") {
					in.author = firstNonEmpty(in.author, v)
				}
			case "article:published_time", "date", "datepublished", "pubdate":
				in.date = firstNonEmpty(in.date, v)
			}
		case atom.Link:
			switch strings.ToLower(attr(n, "rel")) {
			case "canonical":
				in.url = firstNonEmpty(attr(n, "href"), in.url)
			case "author":
				relAuthor = firstNonEmpty(relAuthor, textOf(n))
			}
		case atom.A:
			if strings.Contains(" "+strings.ToLower(attr(n, "rel"))+" ", " author ") {
				relAuthor = firstNonEmpty(relAuthor, textOf(n))
			}
		case atom.Title:
			title = firstNonEmpty(title, textOf(n))
		case atom.H1:
			h1 = firstNonEmpty(h1, textOf(n))
		case atom.Time:
			timeAttr = firstNonEmpty(timeAttr, attr(n, "datetime"))
		}
		if c := strings.ToLower(attr(n, "class") + " " + attr(n, "id")); byline == "" && strings.Contains(c, "byline") {
			byline = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(textOf(n)), "By "))
			byline = strings.TrimPrefix(byline, "by ")
		}
		return true
	})
	in.title = firstNonEmpty(ogTitle, h1, title)
	in.author = firstNonEmpty(in.author, relAuthor, byline)
	in.date = firstNonEmpty(in.date, timeAttr)
	return in
}

// walk calls fn on n and its descendants, depth first, not descending
// where fn returns false.
func walk(n *html.Node, fn func(*html.Node) bool) {
	if !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// textOf is the text of n, white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style):
			return false
		case c.Type == html.ElementNode && c.DataAtom == atom.Br:
			b.WriteByte(' ')
		}
		return true
	})
	return CleanText(b.String())
}

// droppedElems are the elements that are never review text.
var droppedElems = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true,
	atom.Svg: true, atom.Button: true, atom.Select: true, atom.Head: true,
}

// chrome matches the class or id of page furniture: cookie and consent
// banners, share and social widgets, newsletters, comments, related links.
var chrome = regexp.MustCompile(`(?i)cookie|consent|gdpr|share|social|newsletter|subscribe|comment|related|promo|advert|\bads?\b|banner|popup|modal|breadcrumb|sidebar|menu`)

// isChrome reports whether an element is page furniture, not content.
func isChrome(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if droppedElems[n.DataAtom] {
		return true
	}
	if r := strings.ToLower(attr(n, "role")); r == "navigation" || r == "banner" || r == "contentinfo" || r == "dialog" {
		return true
	}
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main || n.DataAtom == atom.Body {
		return false
	}
	return chrome.MatchString(attr(n, "class") + " " + attr(n, "id"))
}

// blockElems start a new line in the page's text.
var blockElems = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Tr: true, atom.Table: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Pre: true, atom.Figure: true, atom.Figcaption: true,
	atom.Time: false, atom.Br: true, atom.Hr: true, atom.Header: true, atom.Footer: true,
}

// renderText renders the page as text the way a browser's "save as text"
// does: one line per block, a blank line after a paragraph, list items
// numbered ("1. ") and their content indented under them. Scripts,
// styles and page chrome (navigation, banners, footers) are left out.
func renderText(doc *html.Node) string {
	var b, line strings.Builder
	indent, marker := "", "" // marker: a list item's number, before its first line
	flush := func() {
		t := collapse(line.String())
		line.Reset()
		if t == "" {
			return
		}
		b.WriteString(indent + marker + t + "\n")
		if marker != "" {
			indent += strings.Repeat(" ", len(marker)+1) // the item's other lines sit under its text
			marker = ""
		}
	}
	var render func(n *html.Node, depth int)
	render = func(n *html.Node, depth int) {
		if isChrome(n) {
			return
		}
		if n.Type == html.TextNode {
			line.WriteString(n.Data)
			return
		}
		block := n.Type == html.ElementNode && blockElems[n.DataAtom]
		if block {
			flush()
		}
		num := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.DataAtom != atom.Li {
				render(c, depth)
				continue
			}
			num++
			flush()
			saved := indent
			indent, marker = strings.Repeat("  ", depth+1), "* "
			if n.DataAtom == atom.Ol {
				marker = strconv.Itoa(num) + ". "
			}
			for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
				render(cc, depth+1)
			}
			flush()
			indent, marker = saved, ""
		}
		if block {
			flush()
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			b.WriteString("\n") // a paragraph ends with a blank line
		}
	}
	render(doc, 0)
	flush()
	return b.String()
}

// collapse turns runs of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// articleReview reads a page without structured data as an article: the
// paragraphs of its <article> (or <main>, else <body>) that are not page
// chrome, from <p>, <blockquote> and text broken by <br><br>.
func articleReview(doc *html.Node, page info) (Review, bool) {
	root := doc
	for _, a := range []atom.Atom{atom.Article, atom.Main, atom.Body} {
		if n := findElem(doc, a); n != nil {
			root = n
			break
		}
	}
	var paras []string
	var cur strings.Builder
	brs := 0
	flush := func() {
		if t := CleanText(cur.String()); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if isChrome(n) {
			return
		}
		switch {
		case n.Type == html.TextNode:
			if strings.TrimSpace(n.Data) != "" {
				brs = 0
			}
			cur.WriteString(n.Data)
			return
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Br:
			brs++
			if brs >= 2 {
				flush()
			} else {
				cur.WriteByte(' ')
			}
			return
		case n.DataAtom == atom.H1 || n.DataAtom == atom.H2 || n.DataAtom == atom.H3 || n.DataAtom == atom.Figcaption ||
			n.DataAtom == atom.Time || n.DataAtom == atom.Address:
			flush() // headings, captions and datelines are not paragraphs
			return
		}
		block := n.Type == html.ElementNode && blockElems[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		if block {
			flush()
		}
	}
	visit(root)
	flush()
	// A byline or a dateline repeated as a paragraph is not text.
	out := paras[:0]
	for _, p := range paras {
		if p == page.author || "By "+page.author == p || p == page.title {
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return Review{}, false
	}
	r := Review{Kind: KindArticle, Title: page.title, Author: page.author, Outlet: page.site, Paragraphs: out}
	if t, ok := parseDate(dateOnly(page.date)); ok {
		r.Date = t
	}
	return r, true
}

func findElem(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walk(n, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if c.Type == html.ElementNode && c.DataAtom == a {
			found = c
			return false
		}
		return true
	})
	return found
}

// dateOnly cuts an ISO timestamp to its day ("2012-07-27T10:00:00Z").
func dateOnly(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' ') {
		return s[:10]
	}
	return s
}

package searcher

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pullquote/pullquote/analysis"
	"github.com/pullquote/pullquote/corpus"

	"github.com/pullquote/pullquote/search"
)

var markRE = regexp.MustCompile(`<mark>(.*?)</mark>`)

// marked returns the marked words of a highlight, unescaped.
func marked(h string) []string {
	var out []string
	for _, m := range markRE.FindAllStringSubmatch(h, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// plainOf strips a highlight's marks and ellipses and unescapes it.
func plainOf(h string) (plain string, cutStart, cutEnd bool) {
	h = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h)
	cutStart = strings.HasPrefix(h, Ellipsis)
	cutEnd = strings.HasSuffix(h, Ellipsis)
	h = strings.TrimSuffix(strings.TrimPrefix(h, Ellipsis), Ellipsis)
	if cutStart {
		h = strings.TrimPrefix(h, " ")
	}
	if cutEnd {
		h = strings.TrimSuffix(h, " ")
	}
	return html.UnescapeString(h), cutStart, cutEnd
}

// checkFragment checks that a highlight is an escaped piece of text cut at
// word boundaries, with ellipses exactly where it was cut.
func checkFragment(t *testing.T, text, h string) {
	t.Helper()
	if strings.ContainsAny(markRE.ReplaceAllString(h, ""), "<>") {
		t.Errorf("highlight not escaped: %s", h)
	}
	plain, cutStart, cutEnd := plainOf(h)
	at := strings.Index(text, plain)
	if at < 0 || plain == "" {
		t.Fatalf("highlight %q is not a piece of the text %q", plain, text)
	}
	end := at + len(plain)
	if (at > 0) != cutStart || (end < len(text)) != cutEnd {
		t.Errorf("ellipses wrong: cut at %d..%d of %d, highlight %q", at, end, len(text), h)
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if at > 0 {
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		first, _ := utf8.DecodeRuneInString(plain)
		if isWord(before) && isWord(first) {
			t.Errorf("fragment starts mid-word: …%q|%q", text[max(0, at-10):at], plain[:min(10, len(plain))])
		}
	}
	if end < len(text) {
		after, _ := utf8.DecodeRuneInString(text[end:])
		last, _ := utf8.DecodeLastRuneInString(plain)
		if isWord(after) && isWord(last) {
			t.Errorf("fragment ends mid-word: %q|%q…", plain[max(0, len(plain)-10):], text[end:min(len(text), end+10)])
		}
	}
	if len(plain) > maxFragment+40 {
		t.Errorf("fragment is %d bytes, more than a sentence or two", len(plain))
	}
}

func TestHighlightMarksStems(t *testing.T) {
	ix, _ := embeddedIndex(t)
	tests := []struct {
		query string
		marks []string // each must be marked in the first hit
	}{
		{"inspiring successors", []string{"inspired", "successors"}},
		{`"never sorry" feels unfinished`, []string{"Never", "Sorry", "feels", "unfinished"}},
		{"verite style", []string{"vérité", "style"}},
		{"thriling symphony", []string{"thrilling", "symphony"}},
		{"rumpled charis*", []string{"rumpled", "charisma"}},                          // * : typed, a prefix
		{`"the story is enthralling"`, []string{"The", "story", "is", "enthralling"}}, // stop words of a phrase too
	}
	for _, tt := range tests {
		q, typing := strings.CutSuffix(tt.query, "*")
		resp := mustSearch(t, ix, search.Request{Query: q, Highlight: true, Prefix: typing})
		if len(resp.Hits) == 0 {
			t.Errorf("%q: no hits", tt.query)
			continue
		}
		h := resp.Hits[0]
		got := marked(h.Highlight)
		for _, w := range tt.marks {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %q not marked in %s", tt.query, w, h.Highlight)
			}
		}
		checkFragment(t, h.Text, h.Highlight)
	}
}

// Every highlight of a range of queries is a clean fragment.
func TestHighlightFragments(t *testing.T) {
	ix, _ := embeddedIndex(t)
	for _, q := range []string{"ai", "government", "documentary film", "art politics", "twitter china police", "", "kind:article"} {
		resp := mustSearch(t, ix, search.Request{Query: q, Highlight: true, Size: search.MaxSize})
		for _, h := range resp.Hits {
			checkFragment(t, h.Text, h.Highlight)
		}
		if resp.Total > 0 && len(resp.Hits) == 0 {
			t.Errorf("%q: total %d but no hits", q, resp.Total)
		}
	}
	resp := mustSearch(t, ix, search.Request{Query: "ai"})
	if resp.Hits[0].Highlight != "" {
		t.Error("highlight given though the request did not ask for it")
	}
}

func TestHighlightEscapesAndCuts(t *testing.T) {
	a := analysis.New()
	long := strings.Repeat("Filler words go on and on without the answer here. ", 3) +
		"This sentence is very long and runs on with " + strings.Repeat("many more words ", 30) +
		"until the <b>secret</b> & \"quoted\" symphony arrives, then " + strings.Repeat("it keeps going ", 30) + "to the end."
	tests := []struct {
		name, text, query string
		marks             []string
		want              string // the whole highlight, when given
	}{
		{"escapes", `He said <script>alert("x")</script> & the symphony played.`, "symphony script", []string{"script", "script", "symphony"}, ""},
		{"long sentence cut at words", long, "secret symphony", []string{"secret", "symphony"}, ""},
		{"best sentence of several", "One. Two is a bore. The thrilling symphony: never over! Four.", "thrilling symphony", []string{"thrilling", "symphony"}, ""},
		{"no words: the start", strings.Repeat("Words without any match at all here. ", 20), "", nil, ""},
		{"cuts between sentences are spaced", "One. Two is a bore. The thrilling symphony: never over! Four.", "thrilling symphony", nil,
			"… Two is a bore. The <mark>thrilling</mark> <mark>symphony</mark>: never over! …"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlan(a, search.Parse(tt.query+" "), search.Filter{}, nil)
			h := highlight(tt.text, occurrences(tt.text, newMatcher(p.terms), a))
			checkFragment(t, tt.text, h)
			if tt.want != "" {
				if h != tt.want {
					t.Errorf("highlight\n %s\nwant\n %s", h, tt.want)
				}
			} else if got := marked(h); strings.Join(got, "|") != strings.Join(tt.marks, "|") {
				t.Errorf("marked %q, want %q in %s", got, tt.marks, h)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	text := `It's 3.5 stars. "Wow!" she said. Really? Yes… and no. Wait . . . the end`
	var got []string
	for _, s := range corpus.Sentences(text) {
		got = append(got, text[s[0]:s[1]])
	}
	want := []string{`It's 3.5 stars.`, `"Wow!"`, `she said.`, `Really?`, `Yes…`, `and no.`, `Wait . . .`, `the end`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}

func TestHighlightWholePhrases(t *testing.T) {
	a := analysis.New()
	text := "The story is told. It is the story is enthralling that matters, and the story."
	p := newPlan(a, search.Parse(`"the story is enthralling" `), search.Filter{}, nil)
	occ := withPhrases(text, occurrences(text, newMatcher(p.terms), a), p.terms, p.phraseWords, a)
	h := highlight(text, occ)
	// Only the phrase, whole: its words elsewhere are not what was asked.
	want := "The story is told. It is <mark>the</mark> <mark>story</mark> <mark>is</mark> <mark>enthralling</mark> that matters, and the story."
	if h != want {
		t.Errorf("highlight\n got %s\nwant %s", h, want)
	}
}

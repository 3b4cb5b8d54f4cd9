package corpus

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestCleanText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"  a \t b\n\nc  ", "a b c"},
		{"Reviewed by:\u00a0Kerry", "Reviewed by: Kerry"},
		{"“curly” ‘quotes’ — kept", "“curly” ‘quotes’ — kept"},
		{"ve\u0301rite\u0301", "vérité"}, // decomposed → NFC
		{"a\u200bb\x00c", "a bc"},        // zero-width space is a space; NUL dropped
		{"", ""},
	} {
		got := CleanText(c.in)
		if got != c.want {
			t.Errorf("CleanText(%q) = %q, want %q", c.in, got, c.want)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("CleanText(%q) not NFC", c.in)
		}
	}
}

func TestSplitParagraphs(t *testing.T) {
	got := splitParagraphs("One &#8220;two&#8221;\nthree.\r\n\r\n&amp; four&#46;\n\n\n", true)
	want := []string{"One “two” three.", "& four."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("splitParagraphs = %q, want %q", got, want)
	}
}

func TestFingerprint(t *testing.T) {
	full := "Ai Weiwei is an internationally acclaimed Chinese artist-activist who is provocatively condemning his motherland government for grave social underbellies (in light of an unbalanced economy)."
	for _, c := range []struct {
		name string
		a, b string
		same bool
	}{
		{"truncated copy", full, full[:len(full)-20], true},
		{"truncated inside the 20th word", full, full[:len(full)-40], false},
		{"case, spacing and punctuation", full, strings.ToUpper(strings.ReplaceAll(full, " ", "  ")), true},
		{"apostrophes", "It's a film. Don’t miss it", "Its a film Dont miss it", true},
		{"NFC and NFD", "vérité film", norm.NFD.String("vérité film"), true},
		{"different text", full, "Alison Klayman's documentary is one of the most engagingly powerful movies of the year", false},
		{"same start, cut before 20 words", full, "Ai Weiwei is an internationally acclaimed Chinese", false},
	} {
		fa, fb := Fingerprint(c.a), Fingerprint(c.b)
		if (fa == fb) != c.same || fa == "" {
			t.Errorf("%s: %q vs %q, same=%v", c.name, fa, fb, c.same)
		}
	}
	if Fingerprint(" — … ") != "" {
		t.Error("Fingerprint of no words should be empty")
	}
}

func TestReviewIDStable(t *testing.T) {
	base := Review{Site: "IMDb", Work: "W", Kind: KindUser, Author: "a", Date: day(2012, 7, 27), Paragraphs: []string{"Text one.", "Two."}, Source: "x.txt:1"}
	r1 := base
	finish(&r1)
	if len(r1.ID) != 16 {
		t.Fatalf("ID %q", r1.ID)
	}
	// Source and SameText do not change the ID; content does.
	r2 := base
	r2.Source = "elsewhere.txt:99"
	finish(&r2)
	if r2.ID != r1.ID {
		t.Errorf("ID depends on source: %s vs %s", r1.ID, r2.ID)
	}
	for name, mut := range map[string]func(*Review){
		"text":   func(r *Review) { r.Paragraphs = []string{"Text one.", "Three."} },
		"author": func(r *Review) { r.Author = "b" },
		"date":   func(r *Review) { r.Date = r.Date.Add(24 * time.Hour) },
		"site":   func(r *Review) { r.Site = "Metacritic" },
	} {
		r := base
		r.Paragraphs = append([]string(nil), base.Paragraphs...)
		mut(&r)
		finish(&r)
		if r.ID == r1.ID {
			t.Errorf("changing %s kept ID %s", name, r.ID)
		}
	}
}

func TestSplitLong(t *testing.T) {
	sentence := "The film is long and this sentence says so at some length. "
	long := strings.Repeat(sentence, 2*MaxParagraphBytes/len(sentence)+10)
	noBreaks := strings.Repeat("lorem", 3*MaxParagraphBytes/5)
	words := strings.Repeat("word ", MaxParagraphBytes/2)
	for _, tt := range []struct {
		name string
		in   string
	}{{"sentences", long}, {"one word", noBreaks}, {"words, no full stop", words}, {"accents", strings.Repeat("é", MaxParagraphBytes)}} {
		parts := splitLong(strings.TrimSpace(tt.in))
		if len(parts) < 2 {
			t.Errorf("%s: %d parts", tt.name, len(parts))
		}
		total := 0
		for i, p := range parts {
			if len(p) > MaxParagraphBytes || p == "" || !utf8.ValidString(p) {
				t.Errorf("%s: part %d is %d bytes (valid UTF-8 %v)", tt.name, i, len(p), utf8.ValidString(p))
			}
			total += len(strings.ReplaceAll(p, " ", ""))
		}
		if want := len(strings.ReplaceAll(tt.in, " ", "")); total != want {
			t.Errorf("%s: parts hold %d bytes of text, want %d: nothing lost", tt.name, total, want)
		}
		if tt.name == "sentences" {
			for i, p := range parts[:len(parts)-1] {
				if !strings.HasSuffix(p, ".") {
					t.Errorf("part %d ends %q, not at a sentence boundary", i, p[len(p)-20:])
				}
			}
		}
	}
}

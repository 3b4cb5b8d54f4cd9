package analysis

import (
	"reflect"
	"testing"
)

func terms(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

func TestStemmed(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"books", []string{"book"}},
		{"the", []string{"the"}},              // a stop word, kept for phrases
		{"being be", []string{"being", "be"}}, // stop words are not stemmed
		{"Ai's", []string{"ai"}},
		{"Ai\u2019s", []string{"ai"}},
		{"AI\uff07S", []string{"ai"}},
		{"the critics' choice", []string{"the", "critic", "choic"}},
		{"vérité", []string{"verit"}},
		{"Vérité", []string{"verit"}},
		{"naïve café", []string{"naiv", "cafe"}},
		{"inspiring inspired inspires", []string{"inspir", "inspir", "inspir"}},
		{"It's a thrilling, unfinished symphony.", []string{"it", "a", "thrill", "unfinish", "symphoni"}},
		{"don\u2019t stop", []string{"don't", "stop"}}, // curly apostrophe: still the stop word
		{"shouldn\u2019ve believed", []string{"shouldn'v", "believ"}},
		{"Straße", []string{"strass"}},
		{"2012 was great", []string{"2012", "was", "great"}},
		{"ΣΟΦΟΣ", []string{"σοφος"}}, // a final sigma
		{"— ... !", nil},
		{"", nil},
	}
	a := New()
	for _, tt := range tests {
		if got := terms(a.Stemmed([]byte(tt.in))); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Stemmed(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExact(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The story is NOT over", []string{"the", "story", "is", "not", "over"}},
		{"Ai's vérité", []string{"ai", "verite"}},
		{"inspiring", []string{"inspiring"}},
		{"'til the end", []string{"til", "the", "end"}},
		{"snake_case words", []string{"snake_case", "words"}},
		{"Wall·E's 3D", []string{"wall·e", "3d"}}, // one word, as UAX #29 has it
	}
	a := New()
	for _, tt := range tests {
		if got := terms(a.Exact([]byte(tt.in))); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Exact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestOffsets checks that positions count every word (stop words
// included, so phrases line up) and that offsets point into the original
// text even where a term was folded or stripped.
func TestOffsets(t *testing.T) {
	text := "The vérité of Ai’s films"
	got := New().Stemmed([]byte(text))
	want := []struct {
		term       string
		pos        int
		start, end int
		keyword    bool
	}{
		{"the", 1, 0, 3, true},
		{"verit", 2, 4, 12, false},
		{"of", 3, 13, 15, true},
		{"ai", 4, 16, 22, false},
		{"film", 5, 23, 28, false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens %v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if string(g.Term) != w.term || g.Position != w.pos || g.Start != w.start || g.End != w.end || g.KeyWord != w.keyword {
			t.Errorf("token %d = %s@%d [%d:%d] %v, want %s@%d [%d:%d] %v", i, g.Term, g.Position, g.Start, g.End, g.KeyWord, w.term, w.pos, w.start, w.end, w.keyword)
		}
	}
}

func TestTerms(t *testing.T) {
	got := New().Terms("Not the films’ fault")
	want := []Term{
		{Word: "not", Start: 0, End: 3, Position: 1},
		{Word: "the", Start: 4, End: 7, Position: 2},
		{Word: "films", Stem: "film", Start: 8, End: 13, Position: 3}, // the closing ’ is not part of the word
		{Word: "fault", Stem: "fault", Start: 17, End: 22, Position: 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %+v\nwant %+v", got, want)
	}
}

// TestAnalyzeKeepsText checks that analysing a string's bytes leaves the
// string as it was (Terms copies).
func TestAnalyzeKeepsText(t *testing.T) {
	text := "Thrilling running symphonies"
	New().Terms(text)
	if text != "Thrilling running symphonies" {
		t.Errorf("text changed: %q", text)
	}
}

func TestStopWords(t *testing.T) {
	ws := StopWords()
	if len(ws) != 174 || !IsStop([]byte("not")) || IsStop([]byte("film")) {
		t.Errorf("%d stop words; not: %v, film: %v", len(ws), IsStop([]byte("not")), IsStop([]byte("film")))
	}
	ws[0] = "changed"
	if StopWords()[0] != "a" {
		t.Error("StopWords shares its slice")
	}
}

func TestStemmerKeyWord(t *testing.T) {
	toks := []Token{{Term: []byte("running")}, {Term: []byte("running"), KeyWord: true}}
	NewStemmer().stemTokens(toks)
	if string(toks[0].Term) != "run" || string(toks[1].Term) != "running" {
		t.Errorf("got %s, %s; want run, running", toks[0].Term, toks[1].Term)
	}
}

// TestStemmerMemoBounded checks the memo forgets rather than grows past
// its bound, and still stems correctly after forgetting.
func TestStemmerMemoBounded(t *testing.T) {
	s := NewStemmer()
	for i := range stemShards * stemShardCap * 2 {
		s.Stem("word" + itoa36(i) + "ing")
	}
	n := 0
	for i := range s.shards {
		n += len(s.shards[i].m)
	}
	if n > stemShards*stemShardCap {
		t.Errorf("memo holds %d words, bound is %d", n, stemShards*stemShardCap)
	}
	if got := s.Stem("thrilling"); got != "thrill" {
		t.Errorf("Stem(thrilling) = %q", got)
	}
}

func itoa36(i int) string {
	const digits = "abcdefghijklmnopqrstuvwxyz"
	s := ""
	for {
		s = string(digits[i%26]) + s
		i /= 26
		if i == 0 {
			return s
		}
	}
}

func TestStemmerConcurrent(t *testing.T) {
	s := NewStemmer()
	words := []string{"thrilling", "symphonies", "inspired", "running", "critics"}
	want := []string{"thrill", "symphoni", "inspir", "run", "critic"}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- true }()
			for i := 0; i < 2000; i++ {
				k := (i + g) % len(words)
				if got := s.Stem(words[k]); got != want[k] {
					t.Errorf("Stem(%s) = %s, want %s", words[k], got, want[k])
					return
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}

func BenchmarkStemmed(b *testing.B) {
	a := New()
	text := []byte("A thrilling, unfinished symphony: the story is not over, and Pixar's animators know it. The film's inspired visual gags keep coming, but the emotional beats land harder than anything the studio has tried before.")
	b.SetBytes(int64(len(text)))
	buf := make([]byte, len(text))
	for b.Loop() {
		copy(buf, text)
		a.Stemmed(buf)
	}
}

func TestEdits(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"symphony", "symphony", 0}, {"symphny", "symphony", 1}, {"sympohny", "symphony", 1}, {"verite", "vérité", 2}, {"", "ab", 2}, {"thrill", "thrilling", 3}} {
		if got := Edits(tt.a, tt.b); got != tt.want {
			t.Errorf("Edits(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

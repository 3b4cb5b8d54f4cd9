package index

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// terms analyses text with the named analyzer and returns its terms with
// positions, as "term@pos".
func analyse(tb testing.TB, name, text string) []string {
	tb.Helper()
	a, err := Analyzer(name)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

func TestAnalyzerStemmed(t *testing.T) {
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
		{"", nil},
	}
	for _, tt := range tests {
		got := analyse(t, AnalyzerStemmed, tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s(%q) = %q, want %q", AnalyzerStemmed, tt.in, got, tt.want)
		}
	}
}

func TestAnalyzerExact(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The story is NOT over", []string{"the", "story", "is", "not", "over"}},
		{"Ai's vérité", []string{"ai", "verite"}},
		{"inspiring", []string{"inspiring"}},
		{"'til the end", []string{"til", "the", "end"}},
	}
	for _, tt := range tests {
		got := analyse(t, AnalyzerExact, tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s(%q) = %q, want %q", AnalyzerExact, tt.in, got, tt.want)
		}
	}
}

// TestAnalyzerOffsets checks that positions count every word (stop words
// included, so phrases line up) and that offsets point into the original
// text even where a term was folded or stripped.
func TestAnalyzerOffsets(t *testing.T) {
	a, err := Analyzer(AnalyzerStemmed)
	if err != nil {
		t.Fatal(err)
	}
	text := "The vérité of Ai’s films"
	got := a.Analyze([]byte(text))
	want := []struct {
		term       string
		pos        int
		start, end int
	}{
		{"the", 1, 0, 3},
		{"verit", 2, 4, 12},
		{"of", 3, 13, 15},
		{"ai", 4, 16, 22},
		{"film", 5, 23, 28},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens %v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if string(g.Term) != w.term || g.Position != w.pos || g.Start != w.start || g.End != w.end {
			t.Errorf("token %d = %s@%d [%d:%d], want %s@%d [%d:%d]", i, g.Term, g.Position, g.Start, g.End, w.term, w.pos, w.start, w.end)
		}
	}
}

func TestSnowballFilterKeyWord(t *testing.T) {
	f := NewSnowballFilter()
	in := analysis.TokenStream{
		{Term: []byte("running")},
		{Term: []byte("running"), KeyWord: true},
	}
	out := f.Filter(in)
	if string(out[0].Term) != "run" || string(out[1].Term) != "running" {
		t.Errorf("got %s, %s; want run, running", out[0].Term, out[1].Term)
	}
}

// TestSnowballMemoBounded checks the memo forgets rather than grows past
// its bound, and still stems correctly after forgetting.
func TestSnowballMemoBounded(t *testing.T) {
	f := NewSnowballFilter()
	for i := range stemShards * stemShardCap * 2 {
		f.Stem([]byte("word" + itoa36(i) + "ing"))
	}
	n := 0
	for i := range f.shards {
		n += len(f.shards[i].m)
	}
	if n > stemShards*stemShardCap {
		t.Errorf("memo holds %d words, bound is %d", n, stemShards*stemShardCap)
	}
	if got := f.Stem([]byte("thrilling")); got != "thrill" {
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

func TestSnowballFilterConcurrent(t *testing.T) {
	f := NewSnowballFilter()
	words := []string{"thrilling", "symphonies", "inspired", "running", "critics"}
	want := []string{"thrill", "symphoni", "inspir", "run", "critic"}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- true }()
			for i := 0; i < 2000; i++ {
				k := (i + g) % len(words)
				if got := f.Stem([]byte(words[k])); got != want[k] {
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

func BenchmarkAnalyzeStemmed(b *testing.B) {
	a, err := Analyzer(AnalyzerStemmed)
	if err != nil {
		b.Fatal(err)
	}
	text := []byte("A thrilling, unfinished symphony: the story is not over, and Pixar's animators know it. The film's inspired visual gags keep coming, but the emotional beats land harder than anything the studio has tried before.")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a.Analyze(text)
	}
}

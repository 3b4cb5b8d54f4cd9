package synth

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// words.txt and outlets.txt are derived from real reviews (the seed pages
// and the Rotten Tomatoes Pixar critic quotes) by internal/genwords.
var (
	//go:embed testdata/words.txt
	wordsTxt string
	//go:embed testdata/outlets.txt
	outletsTxt string
)

// Sizes of the invented parts of the vocabulary.
const (
	inventedWords   = 60000 // the long tail of rare words
	inventedSurname = 4000  // surnames for people in reviews and bylines
	outletTarget    = 1500  // real outlets plus invented ones
	workCount       = 400
	// tailMass is the share of running words drawn from invented words.
	tailMass = 0.03
)

// vocab is the word list with its sampler. Index 0 is the most frequent.
type vocab struct {
	words []string // as written mid-sentence
	caps  []string // capitalised, for a sentence start
	pick  *alias
	// arena and capArena hold words and caps for fast appending.
	arena, capArena *arena
}

// parseCounts reads "text<TAB>count" lines.
func parseCounts(name, s string) ([]string, []int, error) {
	var texts []string
	var counts []int
	for i, line := range strings.Split(strings.TrimSpace(s), "\n") {
		t, c, ok := strings.Cut(line, "\t")
		n, err := strconv.Atoi(c)
		if !ok || err != nil || t == "" {
			return nil, nil, fmt.Errorf("%s line %d: want text<TAB>count, got %q", name, i+1, line)
		}
		texts = append(texts, t)
		counts = append(counts, n)
	}
	return texts, counts, nil
}

// syllables make invented words and names; fixed so the vocabulary does not
// depend on the seed.
var (
	onsets = []string{"b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pr", "qu", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "z"}
	nuclei = []string{"a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"}
	codas  = []string{"", "", "", "n", "r", "l", "s", "m", "nd", "rt", "sk", "x", "th"}
)

// invent makes a pronounceable word of 2–4 syllables.
func invent(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(3) {
		b.WriteString(onsets[r.IntN(len(onsets))])
		b.WriteString(nuclei[r.IntN(len(nuclei))])
		b.WriteString(codas[r.IntN(len(codas))])
	}
	return b.String()
}

// capitalize upper-cases the first letter.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// newVocab builds the vocabulary: real words by real frequency rank, then
// invented rare words, with Zipf-like weights on rank.
func newVocab() (*vocab, error) {
	real, _, err := parseCounts("words.txt", wordsTxt)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(real)+inventedWords)
	for _, w := range real {
		seen[strings.ToLower(w)] = true
	}
	r := rand.New(rand.NewPCG(1, 2))
	words := append([]string(nil), real...)
	for len(words) < len(real)+inventedWords {
		w := invent(r)
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	weights := zipfWeights(len(words), 1.05, 2)
	var head, tail float64
	for i, w := range weights {
		if i < len(real) {
			head += w
		} else {
			tail += w
		}
	}
	f := tailMass / (1 - tailMass) * head / tail
	for i := len(real); i < len(words); i++ {
		weights[i] *= f
	}
	v := &vocab{words: words, caps: make([]string, len(words)), pick: newAlias(weights)}
	for i, w := range words {
		v.caps[i] = capitalize(w)
	}
	v.arena, v.capArena = newArena(v.words), newArena(v.caps)
	return v, nil
}

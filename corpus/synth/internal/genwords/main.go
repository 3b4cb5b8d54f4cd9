// Command genwords derives the synthetic corpus's vocabulary and outlet list
// from real review text: the seed pages and the Rotten Tomatoes critic CSV.
// It writes words.txt ("word<TAB>count", most frequent first, each word in
// its most common mid-sentence casing) and outlets.txt ("outlet<TAB>count").
//
//	go run ./corpus/synth/internal/genwords -seeds ../shared/seeds \
//	    -csv ../shared/data/rt-pixar/critic_reviews.csv -out corpus/synth/testdata
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "genwords:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("genwords", flag.ContinueOnError)
	seeds := fs.String("seeds", "", "directory of seed page text files")
	csvPath := fs.String("csv", "", "Rotten Tomatoes critic_reviews.csv")
	out := fs.String("out", "corpus/synth/testdata", "output directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := newCounter()
	outlets := map[string]int{}
	if *seeds != "" {
		files, err := filepath.Glob(filepath.Join(*seeds, "*.txt"))
		if err != nil {
			return fmt.Errorf("list seeds %s: %w", *seeds, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return fmt.Errorf("read seed: %w", err)
			}
			c.addText(string(b))
		}
	}
	if *csvPath != "" {
		if err := readCSV(*csvPath, c, outlets); err != nil {
			return err
		}
	}
	if err := writeCounts(filepath.Join(*out, "words.txt"), c.words()); err != nil {
		return err
	}
	return writeCounts(filepath.Join(*out, "outlets.txt"), sorted(outlets))
}

func readCSV(path string, c *counter, outlets map[string]int) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open csv: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("read %s header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	qi, ok1 := col["quote"]
	pi, ok2 := col["publicationName"]
	if !ok1 || !ok2 {
		return fmt.Errorf("%s: header lacks quote or publicationName", path)
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
		c.addText(rec[qi])
		if p := strings.TrimSpace(rec[pi]); p != "" && !strings.ContainsAny(p, "\t\n") {
			outlets[p]++
		}
	}
}

type pair struct {
	s string
	n int
}

func sorted(m map[string]int) []pair {
	ps := make([]pair, 0, len(m))
	for s, n := range m {
		ps = append(ps, pair{s, n})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].n != ps[j].n {
			return ps[i].n > ps[j].n
		}
		return ps[i].s < ps[j].s
	})
	return ps
}

func writeCounts(path string, ps []pair) error {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s\t%d\n", p.s, p.n)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// counter counts words by lower-case key and remembers their casings seen
// mid-sentence, so names keep their capitals.
type counter struct {
	count  map[string]int
	casing map[string]map[string]int
}

func newCounter() *counter {
	return &counter{count: map[string]int{}, casing: map[string]map[string]int{}}
}

func (c *counter) addText(s string) {
	start := true // at a sentence start
	for _, f := range strings.Fields(s) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
		w = strings.Trim(w, "'")
		if w == "" || !isWord(w) {
			start = strings.ContainsAny(f, ".!?:")
			continue
		}
		k := strings.ToLower(w)
		c.count[k]++
		if !start {
			if c.casing[k] == nil {
				c.casing[k] = map[string]int{}
			}
			c.casing[k][w]++
		}
		start = strings.ContainsAny(f[len(f)-1:], ".!?:")
	}
}

func isWord(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '\'' || r == '-':
		default:
			return false
		}
	}
	return letters > 0 && letters <= 20
}

func (c *counter) words() []pair {
	ps := sorted(c.count)
	for i, p := range ps {
		best, bn := p.s, 0
		for form, n := range c.casing[p.s] {
			if n > bn || (n == bn && form > best) {
				best, bn = form, n
			}
		}
		// "I" and names keep capitals; a word only capitalised at sentence
		// starts stays lower case.
		ps[i].s = best
	}
	return ps
}

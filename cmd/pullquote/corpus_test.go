package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/corpus"
)

func TestCorpusCommand(t *testing.T) {
	csvFile := filepath.Join("..", "..", "corpus", "testdata", "reviews.csv")
	for _, c := range []struct {
		name    string
		args    []string
		wantErr string
		// want are regular expressions stdout must match.
		want  []string
		lines int // JSON Lines expected on stdout; -1: not checked
	}{
		{
			name: "stats embedded",
			args: []string{"--stats"},
			want: []string{`(?m)^reviews: 28$`, `(?m)^skipped: 0$`, `(?m)^files: 5$`,
				`(?m)^ +15  Metacritic$`, `(?m)^ +10  IMDb$`, `(?m)^ +13  critic$`, `(?m)^ +12  user$`, `(?m)^ +3  article$`,
				`(?m)^ +14  \(unknown\)$`, `Metascore: 81 \(81/100\) Universal acclaim from 28 critics`, `User score: 8\.1 \(81/100\) Universal acclaim from 10 ratings`},
			lines: -1,
		},
		{name: "jsonl embedded", args: nil, lines: 28},
		{
			name:  "stats csv",
			args:  []string{"--stats", csvFile},
			want:  []string{`(?m)^reviews: 5$`, `(?m)^skipped: 3$`, regexp.QuoteMeta(csvFile + ":3: row has 3 fields, header has 6"), regexp.QuoteMeta(csvFile + ":4: no review text")},
			lines: -1,
		},
		{name: "csv rows", args: []string{csvFile}, lines: 5},
		{name: "strict", args: []string{"--strict", csvFile}, wantErr: ":3: row has 3 fields", lines: 1},
		{name: "nothing read", args: []string{"no/such/file.csv"}, wantErr: "no reviews could be read", lines: 0},
		{name: "bad map", args: []string{"--map", "quote=nonsense", csvFile}, wantErr: `unknown field "nonsense"`, lines: 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"pullquote", "corpus"}, c.args...)
			err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
			if c.wantErr == "" && err != nil {
				t.Fatalf("error %v; stderr %s", err, stderr.String())
			}
			if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("error %v, want %q", err, c.wantErr)
			}
			for _, re := range c.want {
				if !regexp.MustCompile(re).MatchString(stdout.String()) {
					t.Errorf("stdout does not match %s:\n%s", re, stdout.String())
				}
			}
			if c.lines >= 0 {
				n := 0
				for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
					if line == "" {
						continue
					}
					var r corpus.Review
					if err := json.Unmarshal([]byte(line), &r); err != nil || len(r.ID) != 16 || len(r.Paragraphs) == 0 {
						t.Fatalf("line %q: %v", line, err)
					}
					n++
				}
				if n != c.lines {
					t.Errorf("%d JSON lines, want %d", n, c.lines)
				}
			}
		})
	}
}

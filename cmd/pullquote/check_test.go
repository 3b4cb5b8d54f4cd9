package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCheckCmd(t *testing.T, stdin string, args ...string) (stdout string, code int, err error) {
	t.Helper()
	var out, errw bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), append([]string{"pullquote", "check"}, args...), getenv, strings.NewReader(stdin), &out, &errw)
	var exit exitError
	switch {
	case errors.As(err, &exit):
		code = exit.code
	case err != nil:
		code = 1
	}
	return out.String(), code, err
}

func TestCheckCommand(t *testing.T) {
	dir := searchTestIndex(t)
	tests := []struct {
		name string
		args []string
		code int
		want []string // in the output
	}{
		{"exact and plain", []string{`"A thrilling unfinished symphony" — Kenneth Turan`}, 0, []string{"exact", "author: matches"}},
		{"trimmed but flagged", []string{`"Seek out this movie ... worth the drive" — Pamela Powell`}, 1, []string{"trimmed", "removed: “It's a limited release, but”", "flag ellipsis_removed"}},
		{"misattributed", []string{"--author", "Ty Burr", `"He makes no apologies."`}, 1, []string{"exact", `author: differs — given "Ty Burr", the source says "Peter Rainer"`}},
		{"altered", []string{`"a thrill unfinished symphony"`}, 1, []string{"altered", "said “thrilling”, quote says “thrill”"}},
		{"invented", []string{`"A triumph!"`}, 1, []string{"not_found", "nearest:"}},
		{"no words", []string{`"…" — Kenneth Turan`}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code, _ := runCheckCmd(t, "", append([]string{"--index", dir}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d\n%s", code, tt.code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestCheckCommandFile(t *testing.T) {
	dir := searchTestIndex(t)
	file := filepath.Join(t.TempDir(), "blurbs.txt")
	lines := "# blurbs from the poster\n\"A thrilling unfinished symphony\" — Kenneth Turan\n\n\"The title captures the man.\" (Metacritic)\n"
	if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code, err := runCheckCmd(t, "", "--index", dir, "--json", "--file", file)
	if code != 0 {
		t.Fatalf("exit status %d (%v)\n%s", code, err, out)
	}
	var verdicts []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ Verdict string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not JSON Lines: %q: %v", l, err)
		}
		verdicts = append(verdicts, r.Verdict)
	}
	if strings.Join(verdicts, ",") != "exact,exact" {
		t.Errorf("verdicts %v, want two exact", verdicts)
	}
	// Standard input, and a bad line named by file and line.
	if _, code, _ := runCheckCmd(t, "\"He makes no apologies.\" — Peter Rainer\n", "--index", dir, "--file", "-"); code != 0 {
		t.Errorf("--file -: exit status %d, want 0", code)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(bad, []byte("\"fine words\"\n“…”\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, code, err = runCheckCmd(t, "", "--index", dir, "--file", bad)
	if code != 2 || err == nil || !strings.Contains(err.Error(), bad+":2") {
		t.Errorf("a blurb without words: exit %d, %v; want 2 naming %s:2", code, err, bad)
	}
	if _, code, _ := runCheckCmd(t, "", "--index", dir); code != 2 {
		t.Errorf("no blurbs: exit status %d, want 2", code)
	}
}

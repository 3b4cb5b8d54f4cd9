package check

import (
	"errors"
	"testing"

	"github.com/pullquote/pullquote/search"
)

func TestParseBlurb(t *testing.T) {
	tests := []struct {
		in                          string
		quote, author, outlet, work string
	}{
		{`"A thrilling unfinished symphony" — Kenneth Turan, Los Angeles Times`, "A thrilling unfinished symphony", "Kenneth Turan", "Los Angeles Times", ""},
		{`“…riveting, vérité-style film…” (Salon)`, "…riveting, vérité-style film…", "", "Salon", ""},
		{`A triumph! -Kenneth Turan`, "A triumph!", "Kenneth Turan", "", ""},
		{`A triumph! – Kenneth Turan`, "A triumph!", "Kenneth Turan", "", ""},
		{`"A triumph" — Kenneth Turan (Los Angeles Times), on Ai Weiwei: Never Sorry`, "A triumph", "Kenneth Turan", "Los Angeles Times", "Ai Weiwei: Never Sorry"},
		{`‘Never sorry, never dull’ -- Ty Burr, Boston Globe`, "Never sorry, never dull", "Ty Burr", "Boston Globe", ""},
		{`"It's a "must-see", truly" — A. O. Scott`, `It's a "must-see", truly`, "A. O. Scott", "", ""},
		{`A well-made, self-assured film`, "A well-made, self-assured film", "", "", ""},
		{`"An unclosed quote`, "An unclosed quote", "", "", ""},
		{`The film . . . works (Variety)`, "The film . . . works", "", "Variety", ""},
		{`"Scary and funny" — Owen Gleiberman, Entertainment Weekly, on Monsters, Inc.`, "Scary and funny", "Owen Gleiberman", "Entertainment Weekly", "Monsters, Inc."},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b, err := ParseBlurb(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if b.Quote != tt.quote || b.Author != tt.author || b.Outlet != tt.outlet || b.Work != tt.work {
				t.Errorf("ParseBlurb = quote %q author %q outlet %q work %q\nwant quote %q author %q outlet %q work %q",
					b.Quote, b.Author, b.Outlet, b.Work, tt.quote, tt.author, tt.outlet, tt.work)
			}
		})
	}
	for _, bad := range []string{"", `"…" — Kenneth Turan`, "   "} {
		var inv *search.InvalidError
		if _, err := ParseBlurb(bad); !errors.As(err, &inv) {
			t.Errorf("ParseBlurb(%q) = %v, want an InvalidError", bad, err)
		}
	}
}

func TestFragments(t *testing.T) {
	tests := []struct {
		quote string
		want  [][]string // "*" for a bracketed insertion
	}{
		{"A thrilling symphony", [][]string{{"a", "thrilling", "symphony"}}},
		{"…riveting, vérité-style film…", [][]string{{"riveting", "verite", "style", "film"}}},
		{"Seek out this movie ... worth the drive", [][]string{{"seek", "out", "this", "movie"}, {"worth", "the", "drive"}}},
		{"It's standard . . . But that's all", [][]string{{"its", "standard"}, {"but", "thats", "all"}}},
		{"[The film] is Ai’s triumph", [][]string{{"*", "is", "ais", "triumph"}}},
	}
	for _, tt := range tests {
		var got [][]string
		for _, f := range fragments(tt.quote) {
			var ws []string
			for _, w := range f {
				if w.wild {
					ws = append(ws, "*")
				} else {
					ws = append(ws, w.norm)
				}
			}
			got = append(got, ws)
		}
		if len(got) != len(tt.want) {
			t.Errorf("fragments(%q) = %q, want %q", tt.quote, got, tt.want)
			continue
		}
		for i := range got {
			if len(got[i]) != len(tt.want[i]) {
				t.Errorf("fragments(%q) = %q, want %q", tt.quote, got, tt.want)
				break
			}
			for j := range got[i] {
				if got[i][j] != tt.want[i][j] {
					t.Errorf("fragments(%q) = %q, want %q", tt.quote, got, tt.want)
				}
			}
		}
	}
}

func TestBracketedInsertionMatches(t *testing.T) {
	src := tokenize("Klayman's riveting, vérité-style film captures this burly figure.")
	for _, q := range []string{"[The documentary] captures this burly figure", "Klayman's riveting [film] captures", "[Her] riveting, verite-style film"} {
		f := fragments(q)
		if _, _, ok := find(src, 0, f[0]); !ok {
			t.Errorf("%q does not match the source", q)
		}
	}
	if _, _, ok := find(src, 0, fragments("[The documentary] captures that burly figure")[0]); ok {
		t.Error("a changed word matched through a bracketed insertion")
	}
}

func TestAlignDiff(t *testing.T) {
	text := "Watching it is like experiencing a thrilling unfinished symphony: the story is enthralling."
	src := tokenize(text)
	q := []string{"a", "thrill", "unfinished", "symphony", "indeed"}
	a := align(q, src)
	got := a.diff(q, src, text)
	want := []DiffOp{{Op: "changed", Source: "thrilling", Quote: "thrill"}, {Op: "added", Quote: "indeed"}}
	if len(got) != len(want) {
		t.Fatalf("diff = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("diff[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if a.matched != 3 {
		t.Errorf("%d words matched, want 3", a.matched)
	}
}

package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The lines a poster wants rank high: short, praising, from a positive
// review by a named critic and outlet. Hedged, negated, turned, long,
// unattributed lines and lines from negative reviews rank low.
func TestQuotableRanking(t *testing.T) {
	score := func(v float64) *float64 { return &v }
	tests := []struct {
		name string
		// para holds the line between [[ and ]].
		para           string
		score          *float64
		author, outlet string
		high           bool
	}{
		{"short praise, named, 90", "[[A thrilling, unfinished symphony.]] The rest is history.", score(90), "Ty Burr", "Boston Globe", true},
		{"praise, article with an outlet", "[[Alison Klayman's documentary is a riveting portrait of a brilliant artist.]]", nil, "", "CineVue", true},
		{"praise in a 70 review", "Some scenes drag. [[The finale is pure joy and a triumph of animation.]]", score(70), "Kerry Lengel", "Arizona Republic", true},
		{"praise opening with It", "[[It is a masterpiece of quiet rage.]]", score(100), "Dana Stevens", "Slate", true},

		{"hedged", "[[It could have been a masterpiece.]]", score(90), "Ty Burr", "Boston Globe", false},
		{"negated", "[[This is not a great film.]]", score(90), "Ty Burr", "Boston Globe", false},
		{"turned in the next sentence", "[[The animation is stunning.]] But the story is hollow and dull.", score(90), "Ty Burr", "Boston Globe", false},
		{"no praise", "[[The film runs 91 minutes and follows Ai for three years.]]", score(90), "Ty Burr", "Boston Globe", false},
		{"praise from a negative review", "[[A brilliant premise.]] Everything after it fails.", score(25), "Ty Burr", "Boston Globe", false},
		{"praise from a mixed review", "[[Some of the voice work is wonderful.]]", score(50), "Ty Burr", "Boston Globe", false},
		{"too long", "[[The documentary, which follows the artist through years of surveillance, detention, beatings, demolitions, a studio razed by the state and a mother's quiet fear, is brilliant and moving in equal measure, and it never stops asking what a citizen owes a state and what a state owes an artist.]]", score(90), "Ty Burr", "Boston Globe", false},
		{"unattributed, unscored, plain", "[[A brilliant film.]]", nil, "", "", false},
		{"opens mid-thought", "[[But it is a moving, beautiful film.]]", score(60), "", "", false},
		{"a question", "[[Is this the most beautiful film of the year?]]", score(60), "", "", false},
		{"refers back with a contraction", "[[He's also the least stuffy of dissidents.]]", nil, "", "", false},
	}
	type ranked struct {
		name   string
		points int
		high   bool
	}
	var all []ranked
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.para, "[[")
			end := strings.Index(tt.para, "]]") - 2
			para := strings.NewReplacer("[[", "", "]]", "").Replace(tt.para)
			q := Quotable(Line{Paragraph: para, Start: start, End: end, Score: tt.score, Author: tt.author, Outlet: tt.outlet})
			if got := q.Points >= MinQuotable; got != tt.high {
				t.Errorf("%q: %d points (%s), want quotable=%v", para[start:end], q.Points, strings.Join(q.Reasons, "; "), tt.high)
			}
			all = append(all, ranked{tt.name, q.Points, tt.high})
		})
	}
	slices.SortStableFunc(all, func(a, b ranked) int { return b.points - a.points })
	for i, r := range all {
		if r.high && i > 0 && !all[i-1].high {
			t.Errorf("%q (%d points) ranks below a line that should rank low", r.name, r.points)
		}
	}
}

// Each point is accounted for by a reason.
func TestQuotableReasonsAddUp(t *testing.T) {
	v := 90.0
	p := "Pixar's animators have never been more inspired, but the plot is thin."
	q := Quotable(Line{Paragraph: p, Start: 0, End: len(p), Score: &v, Author: "A", Outlet: "B"})
	sum := 0
	for _, r := range q.Reasons {
		var n int
		if _, err := fmt.Sscan(r, &n); err != nil {
			t.Fatalf("reason %q has no points", r)
		}
		sum += n
	}
	if sum != q.Points {
		t.Errorf("reasons %q add up to %d, points %d", q.Reasons, sum, q.Points)
	}
	for _, want := range []string{"negated: never", "turns: but"} {
		if !slices.ContainsFunc(q.Reasons, func(r string) bool { return strings.HasSuffix(r, want) }) {
			t.Errorf("reasons %q lack %q", q.Reasons, want)
		}
	}
}

package corpus

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// find returns the one review matching pred, failing otherwise.
func find(tb testing.TB, rs []Review, what string, pred func(Review) bool) Review {
	tb.Helper()
	var out []Review
	for _, r := range rs {
		if pred(r) {
			out = append(out, r)
		}
	}
	if len(out) != 1 {
		tb.Fatalf("%s: %d reviews match, want 1", what, len(out))
	}
	return out[0]
}

func TestEmbeddedCounts(t *testing.T) {
	rs, rep := loadEmbedded(t)
	if rep.Reviews != 28 || len(rs) != 28 {
		t.Fatalf("reviews: report %d, callback %d; want 28", rep.Reviews, len(rs))
	}
	count := func(site string, kind Kind) int {
		n := 0
		for _, r := range rs {
			if r.Site == site && r.Kind == kind {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		site string
		kind Kind
		want int
	}{
		{"Metacritic", KindCritic, 13}, {"Metacritic", KindUser, 2},
		{"IMDb", KindUser, 10}, {"Examiner", KindArticle, 1},
		{"CineVue", KindArticle, 1}, {"Blog", KindArticle, 1},
	} {
		if got := count(c.site, c.kind); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.site, c.kind, got, c.want)
		}
	}
	if len(rep.Skipped) != 0 || rep.Files != 5 {
		t.Errorf("files %d skipped %v; want 5 files, no skips", rep.Files, rep.Skipped)
	}
	ids := map[string]bool{}
	for _, r := range rs {
		if r.Work != "Ai Weiwei: Never Sorry" {
			t.Errorf("%s: work %q", r.ID, r.Work)
		}
		if len(r.ID) != 16 || ids[r.ID] {
			t.Errorf("ID %q not 16 hex chars or not unique", r.ID)
		}
		ids[r.ID] = true
	}
	// Same input, same IDs, same order.
	again, _ := loadEmbedded(t)
	for i := range rs {
		if again[i].ID != rs[i].ID {
			t.Fatalf("review %d: ID %s then %s", i, rs[i].ID, again[i].ID)
		}
	}
}

func TestAggregatesKept(t *testing.T) {
	_, rep := loadEmbedded(t)
	want := map[Kind]Aggregate{
		KindCritic: {Work: "Ai Weiwei: Never Sorry", Site: "Metacritic", Kind: KindCritic, Score: Score{Value: 81, Raw: "81", Scale: "100"},
			Count: 28, Unit: "critics", Label: "Metascore", Verdict: "Universal acclaim",
			Distribution: []Share{{"Positive", 24, 28}, {"Negative", 0, 28}}},
		KindUser: {Work: "Ai Weiwei: Never Sorry", Site: "Metacritic", Kind: KindUser, Score: Score{Value: 81, Raw: "8.1", Scale: "10"},
			Count: 10, Unit: "ratings", Label: "User score", Verdict: "Universal acclaim",
			Distribution: []Share{{"Positive", 2, 2}, {"Mixed", 0, 2}, {"Negative", 0, 2}}},
	}
	if len(rep.Aggregates) != 2 {
		t.Fatalf("aggregates %+v, want 2", rep.Aggregates)
	}
	for _, a := range rep.Aggregates {
		if w := want[a.Kind]; !reflect.DeepEqual(a, w) {
			t.Errorf("aggregate %+v, want %+v", a, w)
		}
	}
}

// Metacritic critic entry 8 has no "Reviewed by" line and no date.
func TestMetacriticEntryWithoutAuthorOrDate(t *testing.T) {
	rs, _ := loadEmbedded(t)
	r := find(t, rs, "entry 8", func(r Review) bool {
		return r.Site == "Metacritic" && strings.HasPrefix(r.Paragraphs[0], "Ai Weiwei comes off as a man on a singular mission")
	})
	if r.Author != "" || !r.Date.IsZero() || r.Outlet != "" {
		t.Errorf("entry 8: author %q date %v outlet %q; want all unknown", r.Author, r.Date, r.Outlet)
	}
	if r.Score == nil || r.Score.Value != 88 || r.Kind != KindCritic {
		t.Errorf("entry 8: score %+v kind %s; want 88 critic", r.Score, r.Kind)
	}
}

// Metacritic user reviews: preview glued before the full text kept once,
// "Full Review »" dropped, scores 0–10 to 0–100, outlet = site.
func TestMetacriticUserReviews(t *testing.T) {
	lines := strings.Split("User Score\n8.1\n\nUniversal acclaim- based on 10 Ratings\n"+
		"  1. Nov 20, 2012\n    6\n    Ai Weiwei is an internationally acclaimed Chinese artist for grave socialAi Weiwei is an internationally acclaimed Chinese artist for grave social underbellies everywhere. Full Review »\n"+
		"  2. Jan 1, 2013\n    10\n    Short and sweet, not glued. Full Review »\n", "\n")
	res := parseMetacritic("mc.txt", lines)
	if len(res.reviews) != 2 || len(res.skips) != 0 {
		t.Fatalf("got %d reviews, skips %v", len(res.reviews), res.skips)
	}
	cases := []struct {
		text  string
		score float64
		raw   string
		date  time.Time
	}{
		{"Ai Weiwei is an internationally acclaimed Chinese artist for grave social underbellies everywhere.", 60, "6", day(2012, 11, 20)},
		{"Short and sweet, not glued.", 100, "10", day(2013, 1, 1)},
	}
	for i, c := range cases {
		r := res.reviews[i]
		if len(r.Paragraphs) != 1 || r.Paragraphs[0] != c.text {
			t.Errorf("review %d text %q, want %q", i, r.Paragraphs, c.text)
		}
		if r.Score == nil || r.Score.Value != c.score || r.Score.Raw != c.raw || r.Score.Scale != "10" {
			t.Errorf("review %d score %+v, want %v from %q/10", i, r.Score, c.score, c.raw)
		}
		if !r.Date.Equal(c.date) || r.Kind != KindUser || r.Outlet != "Metacritic" {
			t.Errorf("review %d: date %v kind %s outlet %q", i, r.Date, r.Kind, r.Outlet)
		}
	}
}

func TestDropGluedPreview(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"The quick brown fox jumps ovThe quick brown fox jumps over the dog.", "The quick brown fox jumps over the dog."},
		{"No repetition in this text at all, none.", "No repetition in this text at all, none."},
		{"short ashort a b", "short ashort a b"}, // preview under 20 bytes: kept
		{"", ""},
	} {
		if got := dropGluedPreview(c.in); got != c.want {
			t.Errorf("dropGluedPreview(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSplitIMDbByline(t *testing.T) {
	for _, c := range []struct {
		in     string
		author string
		date   time.Time
		ok     bool
	}{
		{"Pamela Powell27 July 2012", "Pamela Powell", day(2012, 7, 27), true},
		{"Howard Schumann2 September 2012", "Howard Schumann", day(2012, 9, 2), true},
		{"coltens1415 April 2014", "coltens14", day(2014, 4, 15), true},
		{"evening113 March 2013", "evening1", day(2013, 3, 13), true},
		{"user-674-9899381 May 2013", "user-674-989938", day(2013, 5, 1), true},
		{"politic198325 January 2014", "politic1983", day(2014, 1, 25), true},
		{"Larry Silverstein1 February 2013", "Larry Silverstein", day(2013, 2, 1), true},
		{"bob130 February 2013", "", time.Time{}, false},      // 30 Feb invalid, and 0 is no day
		{"ann231 April 2013", "ann23", day(2013, 4, 1), true}, // 31 April invalid → 1
		{"x29 February 2012", "x", day(2012, 2, 29), true},    // leap year
		{"x29 February 2013", "x2", day(2013, 2, 9), true},
		{"27 July 2012", "", day(2012, 7, 27), true},
		{"One Man Can Make a Difference", "", time.Time{}, false},
		{"Pamela Powell 27 Julember 2012", "", time.Time{}, false},
	} {
		author, date, ok := splitIMDbByline(c.in)
		if ok != c.ok || (ok && (author != c.author || !date.Equal(c.date))) {
			t.Errorf("splitIMDbByline(%q) = %q, %v, %v; want %q, %v, %v", c.in, author, date.Format(time.DateOnly), ok, c.author, c.date.Format(time.DateOnly), c.ok)
		}
	}
}

// IMDb: spoiler warning and vote line are flags, not text; header and footer
// are not reviews.
func TestIMDbTraps(t *testing.T) {
	page := `Some Film (2001) Poster

User Reviews

Review this title
2 Reviews
Sort by:
Filter by Rating:
Loved it
Jane Doe27 July 2012
Warning: Spoilers
First paragraph of the review.

Second paragraph.
18 out of 22 found this helpful. Was this review helpful? | Report this
Meh
joe991 May 2013
Only one paragraph here.
0 out of 0 found this helpful. Was this review helpful? | Report this

See also

Awards | FAQ | User Ratings | External Reviews | Metacritic Reviews`
	res := parseIMDb("imdb.txt", strings.Split(page, "\n"))
	if len(res.skips) != 0 {
		t.Fatalf("skips: %v", res.skips)
	}
	if len(res.reviews) != 2 {
		t.Fatalf("%d reviews, want 2: %+v", len(res.reviews), res.reviews)
	}
	a, b := res.reviews[0], res.reviews[1]
	if a.Work != "Some Film" || a.Title != "Loved it" || a.Author != "Jane Doe" || !a.Spoiler ||
		a.Helpful == nil || *a.Helpful != (Helpful{18, 22}) || len(a.Paragraphs) != 2 || a.Paragraphs[1] != "Second paragraph." {
		t.Errorf("first review: %+v", a)
	}
	if b.Spoiler || b.Author != "joe99" || !b.Date.Equal(day(2013, 5, 1)) || b.Helpful == nil || *b.Helpful != (Helpful{0, 0}) ||
		len(b.Paragraphs) != 1 || b.Outlet != "IMDb" || b.Kind != KindUser {
		t.Errorf("second review: %+v", b)
	}
}

// chromeMarkers must never appear in any paragraph of the embedded corpus.
var chromeMarkers = []string{
	"found this helpful", "Was this review helpful", "Report this", "Full Review »",
	"Reviewed by:", "Warning: Spoilers", "Skip to main content", "User login",
	"Designed with WordPress", "Be Sociable", "Comments are closed", "This entry was posted",
	"Write for us", "Sign in with your email", "Watch Video", "Mt. Everest", "Chelsea Clinton",
	"Founded in 2010", "independent film site", "See also", "Filter by Rating", "Sort by:",
	"Metascore", "based on 28 Critics", "You can contact",
}

func TestNoChromeInParagraphs(t *testing.T) {
	rs, _ := loadEmbedded(t)
	for _, r := range rs {
		for i, p := range r.Paragraphs {
			for _, m := range chromeMarkers {
				if strings.Contains(p, m) {
					t.Errorf("%s (%s) paragraph %d holds chrome %q", r.ID, r.Source, i, m)
				}
			}
			if p != CleanText(p) || p == "" {
				t.Errorf("%s paragraph %d not clean: %q", r.ID, i, p)
			}
		}
	}
}

func TestArticles(t *testing.T) {
	rs, _ := loadEmbedded(t)
	for _, c := range []struct {
		site, title, author, first, last string
		paragraphs                       int
	}{
		{"Examiner", "Ai Weiwei: Never Sorry", "", "China’s most famous dissident", "more powerful than a whole country.”", 7},
		{"CineVue", "Sheffield Doc/Fest 2012: ‘Ai Weiwei: Never Sorry’ review", "Sophia Satchell Baeza", "Alison Klayman’s Ai Weiwei", "dropped was denied by the festival’s programmers.", 3},
		{"Blog", "Ai Weiwei: Never Sorry", "Kerry Song", "It was one of the most talked about films", "better future for generations to come.", 9},
	} {
		r := find(t, rs, c.site, func(r Review) bool { return r.Site == c.site })
		if r.Title != c.title || r.Author != c.author || r.Kind != KindArticle || len(r.Paragraphs) != c.paragraphs {
			t.Errorf("%s: title %q author %q kind %s paragraphs %d; want %q %q article %d", c.site, r.Title, r.Author, r.Kind, len(r.Paragraphs), c.title, c.author, c.paragraphs)
			continue
		}
		if !strings.HasPrefix(r.Paragraphs[0], c.first) || !strings.HasSuffix(r.Paragraphs[len(r.Paragraphs)-1], c.last) {
			t.Errorf("%s: body %q … %q", c.site, r.Paragraphs[0][:40], r.Paragraphs[len(r.Paragraphs)-1])
		}
	}
}

func TestArticleByline(t *testing.T) {
	page := "Home\n\nA Great Film\nBy Jane Q. Public\n\nThis is the first paragraph of a review that has plenty of words in it to count.\n\nThe verdict\n\nAnd a second paragraph, shorter but ending a sentence.\n\nShare this\nTags: film, review\n"
	res := parseArticle("a.txt", strings.Split(page, "\n"))
	if len(res.reviews) != 1 {
		t.Fatalf("%d reviews, skips %v", len(res.reviews), res.skips)
	}
	r := res.reviews[0]
	want := []string{"This is the first paragraph of a review that has plenty of words in it to count.", "The verdict", "And a second paragraph, shorter but ending a sentence."}
	if r.Title != "A Great Film" || r.Author != "Jane Q. Public" || strings.Join(r.Paragraphs, "|") != strings.Join(want, "|") {
		t.Errorf("got title %q author %q paragraphs %q", r.Title, r.Author, r.Paragraphs)
	}
}

// The same review on two sites: both kept, linked by SameText.
func TestSameTextLinked(t *testing.T) {
	rs, _ := loadEmbedded(t)
	mc := find(t, rs, "Metacritic user 1", func(r Review) bool {
		return r.Site == "Metacritic" && r.Kind == KindUser && strings.HasPrefix(r.Paragraphs[0], "Ai Weiwei is an internationally")
	})
	imdb := find(t, rs, "IMDb lasttimeisaw", func(r Review) bool { return r.Author == "lasttimeisaw" })
	if mc.Fingerprint == "" || mc.Fingerprint != imdb.Fingerprint {
		t.Errorf("fingerprints %q and %q differ", mc.Fingerprint, imdb.Fingerprint)
	}
	if len(mc.SameText) != 1 || mc.SameText[0] != imdb.ID || len(imdb.SameText) != 1 || imdb.SameText[0] != mc.ID {
		t.Errorf("SameText %v / %v; want each other's IDs %s / %s", mc.SameText, imdb.SameText, imdb.ID, mc.ID)
	}
	linked := 0
	for _, r := range rs {
		if len(r.SameText) > 0 {
			linked++
		}
	}
	if linked != 2 {
		t.Errorf("%d reviews linked, want 2", linked)
	}
}

// Text stays as written: curly quotes and accents kept, NFC.
func TestTextKeptAsWritten(t *testing.T) {
	rs, _ := loadEmbedded(t)
	for _, c := range []struct{ site, author, want string }{
		{"Metacritic", "Andrew O'Hehir", "Klayman's riveting, vérité-style film"},
		{"CineVue", "Sophia Satchell Baeza", "Alison Klayman’s Ai Weiwei: Never Sorry (2012)"},
		{"Examiner", "", "“There are no outdoor sports as graceful as throwing stones at a dictatorship,” Ai tells"},
	} {
		r := find(t, rs, c.site+" "+c.author, func(r Review) bool {
			return r.Site == c.site && r.Author == c.author && strings.Contains(strings.Join(r.Paragraphs, "\n"), c.want)
		})
		if !norm.NFC.IsNormalString(strings.Join(r.Paragraphs, "\n")) {
			t.Errorf("%s: not NFC", r.ID)
		}
	}
}

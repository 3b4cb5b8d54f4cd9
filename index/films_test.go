package index

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func filmsByWork(t *testing.T, ix *Index) map[string]search.FilmCounts {
	t.Helper()
	fs, err := ix.Films(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]search.FilmCounts{}
	for _, f := range fs {
		out[f.Work] = f
	}
	return out
}

func TestFilmsCountTheReviews(t *testing.T) {
	ix := newTestIndex(t, testReviews())
	want := map[string]search.FilmCounts{
		"Up": {
			Work: "Up", Reviews: 2, Paragraphs: 3,
			Sites:  []search.SiteKindCount{{Site: "IMDb", Kind: "user", Reviews: 1}, {Site: "Metacritic", Kind: "critic", Reviews: 1}},
			Scores: []search.ScoreCount{{Score: 70, Reviews: 1}, {Score: 100, Reviews: 1}},
			Days:   []search.DayCount{{Day: day("2009-05-29"), Reviews: 1}, {Day: day("2012-01-03"), Reviews: 1}},
		},
		// The blank paragraph is not indexed, so not counted.
		"WALL-E": {Work: "WALL-E", Reviews: 1, Paragraphs: 2, Sites: []search.SiteKindCount{{Site: "Article", Kind: "article", Reviews: 1}}},
	}
	if got := filmsByWork(t, ix); !reflect.DeepEqual(got, want) {
		t.Errorf("films\n got %+v\nwant %+v", got, want)
	}
}

// The film records follow every add, replace and delete, and a re-run of
// the same input changes nothing.
func TestFilmsFollowAddsAndDeletes(t *testing.T) {
	ctx := context.Background()
	ix := newTestIndex(t, testReviews())
	metascore := corpus.Aggregate{Work: "Up", Site: "Metacritic", Kind: corpus.KindCritic, Label: "Metascore",
		Score: corpus.Score{Value: 88, Raw: "88", Scale: "100"}, Count: 37, Unit: "critics", Verdict: "Universal acclaim"}
	changed := testReviews()[0]
	changed.Score = &corpus.Score{Value: 40, Raw: "40", Scale: "100"}
	changed.Paragraphs = changed.Paragraphs[:1]
	opts := BuildOptions{Aggregates: func() []corpus.Aggregate { return []corpus.Aggregate{metascore} }}
	for range 2 {
		if _, err := ix.Add(ctx, corpus.Reviews([]corpus.Review{changed}), opts); err != nil {
			t.Fatal(err)
		}
	}
	up := filmsByWork(t, ix)["Up"]
	if up.Reviews != 2 || up.Paragraphs != 2 {
		t.Errorf("after replacing a review: %d reviews, %d paragraphs, want 2 and 2", up.Reviews, up.Paragraphs)
	}
	if want := []search.ScoreCount{{Score: 40, Reviews: 1}, {Score: 70, Reviews: 1}}; !reflect.DeepEqual(up.Scores, want) {
		t.Errorf("scores %+v, want %+v", up.Scores, want)
	}
	if len(up.Stated) != 1 || !reflect.DeepEqual(up.Stated[0], metascore) {
		t.Errorf("stated %+v, want the Metascore once", up.Stated)
	}

	if _, err := ix.Delete(ctx, "imdb-up-7", "art-wall-e"); err != nil {
		t.Fatal(err)
	}
	films := filmsByWork(t, ix)
	if _, ok := films["WALL-E"]; ok {
		t.Errorf("WALL-E listed after its only review was deleted: %+v", films["WALL-E"])
	}
	up = films["Up"]
	want := []search.SiteKindCount{{Site: "Metacritic", Kind: "critic", Reviews: 1}}
	if up.Reviews != 1 || !reflect.DeepEqual(up.Sites, want) || len(up.Days) != 1 {
		t.Errorf("after deleting the IMDb review: %+v", up)
	}
}

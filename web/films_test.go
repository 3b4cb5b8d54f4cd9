package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
)

// realHandler serves an index of the embedded corpus, built with its
// pages' aggregates and opened read-only.
func realHandler(t *testing.T) http.Handler {
	t.Helper()
	return NewHandler(slog.New(slog.DiscardHandler), EmbeddedIndex(t), Options{})
}

func TestFilmAPI(t *testing.T) {
	h := realHandler(t)
	var list struct {
		Total int
		Films []struct{ Work, Slug, URL string }
	}
	if err := json.Unmarshal([]byte(body(t, get(t, h, "/api/films"))), &list); err != nil {
		t.Fatal(err)
	}
	if list.Total != 1 || len(list.Films) != 1 || list.Films[0].Slug != "ai-weiwei-never-sorry" || list.Films[0].URL != "/films/ai-weiwei-never-sorry" {
		t.Fatalf("film list %+v", list)
	}
	for _, target := range []string{"/api/films/ai-weiwei-never-sorry", "/api/films/" + url.PathEscape("Ai Weiwei: Never Sorry")} {
		resp := get(t, h, target)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") == "" {
			t.Fatalf("%s: status %d, CORS %q", target, resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
		var f struct {
			Aggregates []struct {
				Label, Value, Verdict, Unit string
				Count                       int
			}
			Counted struct {
				BySite []struct {
					Site, Kind string
					Reviews    int
				} `json:"by_site"`
			}
			Quotes []struct{ Text, CheckURL string } `json:"quotes"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&f); err != nil {
			t.Fatal(err)
		}
		if len(f.Aggregates) != 2 || f.Aggregates[0].Label != "Metascore" || f.Aggregates[0].Value != "81" || f.Aggregates[0].Count != 28 ||
			f.Aggregates[1].Value != "8.1" || f.Aggregates[1].Count != 10 || f.Aggregates[1].Unit != "ratings" {
			t.Errorf("%s: aggregates %+v", target, f.Aggregates)
		}
		if len(f.Counted.BySite) != 6 || len(f.Quotes) == 0 {
			t.Errorf("%s: by site %+v, %d quotes", target, f.Counted.BySite, len(f.Quotes))
		}
	}
	for target, want := range map[string]int{
		"/api/films/toy-story":                     404,
		"/api/films?sort=best":                     400,
		"/api/films?page=0":                        400,
		"/api/films?q=" + strings.Repeat("x", 201): 400,
	} {
		resp := get(t, h, target)
		v := decode(t, resp)
		if resp.StatusCode != want || v["error"] == nil {
			t.Errorf("%s: status %d, body %v; want %d with an error", target, resp.StatusCode, v, want)
		}
	}
}

// The film endpoints answer what openapi.json says they answer.
func TestOpenAPIFilms(t *testing.T) {
	h := realHandler(t)
	var doc map[string]any
	if err := json.Unmarshal([]byte(body(t, get(t, h, "/api/openapi.json"))), &doc); err != nil {
		t.Fatal(err)
	}
	c := schemaChecker{doc: doc}
	for _, tt := range []struct {
		target, path, status string
	}{
		{"/api/films", "/api/films", "200"},
		{"/api/films?q=never&sort=score&size=5", "/api/films", "200"},
		{"/api/films?q=nothing+named+this", "/api/films", "200"},
		{"/api/films?sort=best", "/api/films", "400"},
		{"/api/films/ai-weiwei-never-sorry", "/api/films/{slug}", "200"},
		{"/api/films/toy-story", "/api/films/{slug}", "404"},
	} {
		resp := get(t, h, tt.target)
		if got := resp.Status[:3]; got != tt.status {
			t.Errorf("%s: status %s, want %s", tt.target, got, tt.status)
			continue
		}
		var v any
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
			t.Fatal(err)
		}
		op := doc["paths"].(map[string]any)[tt.path].(map[string]any)["get"].(map[string]any)
		schema := op["responses"].(map[string]any)[tt.status].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		for _, e := range c.check("$", schema, v) {
			t.Errorf("%s: %s", tt.target, e)
		}
	}
}

// The pages work without JavaScript: the list, the film page with both
// kinds of figure labelled, the chart with its table, and the card above
// a search that names the film.
func TestFilmPages(t *testing.T) {
	h := realHandler(t)
	page := func(target string) string {
		t.Helper()
		resp := get(t, h, target)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", target, resp.StatusCode)
		}
		return body(t, resp)
	}
	list := page("/films")
	if !strings.Contains(list, `href="/films/ai-weiwei-never-sorry"`) || !strings.Contains(list, "1 film") {
		t.Errorf("/films does not list the film")
	}
	film := page("/films/ai-weiwei-never-sorry")
	for _, want := range []string{
		"What the sites say", "What pullquote counts",
		"<strong>Metascore</strong> on Metacritic", "Universal acclaim", "based on 28 critics", "Positive: 24 out of 28 · Negative: 0 out of 28",
		"<strong>User score</strong> on Metacritic", ">8.1<", "based on 10 ratings",
		"13 critic reviews on Metacritic", "10 user reviews on IMDb", "2 user reviews on Metacritic",
		"1 article review on Examiner", "1 article review on CineVue", "1 article review on Blog",
		`<svg class="histogram"`, `<title id="chart-title">`, `<desc id="chart-desc">`, `<th scope="row">90–100</th>`,
		`class="btn copy"`, `href="/check?`, `href="/?work=Ai&#43;Weiwei%3A&#43;Never&#43;Sorry"`,
	} {
		if !strings.Contains(film, want) {
			t.Errorf("the film page lacks %q", want)
		}
	}
	resp := get(t, h, "/films/"+url.PathEscape("ai weiwei: never sorry"))
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/films/ai-weiwei-never-sorry" {
		t.Errorf("a film's name: status %d to %q, want a redirect to its slug", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := get(t, h, "/films/toy-story"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown film: status %d", resp.StatusCode)
	}

	named := page("/?q=" + url.QueryEscape("Ai Weiwei: Never Sorry"))
	if !strings.Contains(named, `class="film-card"`) || !strings.Contains(named, "Universal acclaim") {
		t.Error("a search for the film's name shows no film card")
	}
	words := page("/?q=never+sorry")
	if strings.Contains(words, `class="film-card"`) {
		t.Error("a search for words of the name shows the film card")
	}
	if !strings.Contains(words, `<a href="/films/ai-weiwei-never-sorry">Ai Weiwei: Never Sorry</a>`) {
		t.Error("hits do not link the film's name to its page")
	}
}

// A film with no scored and no dated review still has a page: no mean,
// an empty chart, and no stated scores, said in words.
func TestFilmPageWithoutScores(t *testing.T) {
	rs := []corpus.Review{{ID: "a", Work: "Unscored", Site: "Blog", Outlet: "A Blog", Author: "Ann", Kind: corpus.KindArticle,
		Paragraphs: []string{"A wonderful, moving film about nothing much."}}}
	h := NewHandler(slog.New(slog.DiscardHandler), BuildIndex(t, corpus.Reviews(rs), index.BuildOptions{}), Options{})
	resp := get(t, h, "/films/unscored")
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, page)
	}
	for _, want := range []string{"no scored review", "The pages in the index state no overall score", "A bar chart of 0 scored reviews", "1 article review on Blog"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	var f struct {
		Counted struct {
			Mean, Median *float64
			Scored       int
		}
	}
	if err := json.Unmarshal([]byte(body(t, get(t, h, "/api/films/unscored"))), &f); err != nil || f.Counted.Mean != nil || f.Counted.Median != nil || f.Counted.Scored != 0 {
		t.Errorf("counted %+v, %v; want no mean, no median, none scored", f.Counted, err)
	}
}

package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/index"
	"github.com/pullquote/pullquote/web"
)

// rtPixarServer serves an index of the rt-pixar export (1,277 outlets, 28
// films), skipping when ../shared is absent outside CI.
func rtPixarServer(t *testing.T) http.Handler {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "rt-pixar")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing", dir)
		}
		t.Skipf("%s is missing", dir)
	}
	src := func(ctx context.Context, fn func(corpus.Review) error) error {
		_, err := corpus.LoadPaths(ctx, []string{dir}, corpus.Options{}, fn)
		return err
	}
	return web.NewHandler(slog.New(slog.DiscardHandler), web.Backend(t, src, index.BuildOptions{}), web.Options{})
}

func getPage(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d", target, rec.Code)
	}
	return string(b)
}

// TestShowAllOutlets: the outlet list shows the top 20 and "Show all N";
// the whole list has every outlet and a box to find one.
func TestShowAllOutlets(t *testing.T) {
	h := rtPixarServer(t)
	top := getPage(t, h, "/?q=pixar")
	shown := strings.Count(top, `name="outlet" value=`)
	i := strings.Index(top, "Show all ")
	if shown != 20 || i < 0 {
		t.Fatalf("%d outlets shown, Show all link at %d; want 20 and a link", shown, i)
	}
	n, err := strconv.Atoi(strings.Fields(top[i+len("Show all "):])[0])
	if err != nil || n <= 20 {
		t.Fatalf("Show all %q", top[i:i+30])
	}
	whole := getPage(t, h, "/?q=pixar&all=outlet")
	if got := strings.Count(whole, `name="outlet" value=`); got != n {
		t.Errorf("the whole list has %d outlets, the link said %d", got, n)
	}
	if !strings.Contains(whole, `data-facet-filter`) || strings.Contains(whole, "Show all "+strconv.Itoa(n)+" outlets") {
		t.Error("the whole list has no box to find an outlet, or still offers to show all")
	}
	if films := strings.Count(top, `name="work" value=`); films < 20 {
		t.Errorf("%d films in the facet, want the top 20 of 28", films)
	}
}

// TestRTPixarFilmPages: every film of the export is listed, and each film's
// page renders its counts, chart and quotable lines.
func TestRTPixarFilmPages(t *testing.T) {
	h := rtPixarServer(t)
	list := getPage(t, h, "/films?size=100")
	links := regexp.MustCompile(`<h2><a href="(/films/[^"]+)">`).FindAllStringSubmatch(list, -1)
	if len(links) < 26 {
		t.Fatalf("/films lists %d films, want the export's 26 or more", len(links))
	}
	for _, l := range links {
		page := getPage(t, h, l[1])
		for _, want := range []string{"What pullquote counts", `<svg class="histogram"`, "critic reviews on rottentomatoes.com", "The pages in the index state no overall score"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", l[1], want)
			}
		}
	}
	if toy := getPage(t, h, "/films/toy-story"); !strings.Contains(toy, `class="quotable"`) {
		t.Error("Toy Story has no quotable line")
	}
}

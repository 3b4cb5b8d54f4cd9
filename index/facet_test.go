package index

import (
	"maps"
	"strconv"
	"testing"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
)

// para is one paragraph of the corpus with its review, for counting
// facets in Go, independently of the index.
type para struct {
	r    *corpus.Review
	text string
}

func paragraphsOf(rs []corpus.Review) []para {
	var out []para
	for i := range rs {
		for _, p := range rs[i].Paragraphs {
			out = append(out, para{&rs[i], p})
		}
	}
	return out
}

// counts are facet counts keyed by value, band label or date label.
type counts struct {
	outlet, score, date map[string]int
}

// countFacets counts ps the way the facets should: outlets (non-empty),
// score bands with "no score", and years (or months when one year).
func countFacets(ps []para, keepOutlet, keepScore, keepDate func(para) bool) counts {
	c := counts{map[string]int{}, map[string]int{}, map[string]int{}}
	years := map[int]bool{}
	for _, p := range ps {
		if keepScore(p) && keepDate(p) && p.r.Outlet != "" {
			c.outlet[p.r.Outlet]++
		}
		if keepOutlet(p) && keepDate(p) {
			c.score[bandOf(p.r.Score)]++
		}
		if keepOutlet(p) && keepScore(p) && !p.r.Date.IsZero() {
			years[p.r.Date.Year()] = true
			c.date[strconv.Itoa(p.r.Date.Year())]++
		}
	}
	if len(years) == 1 {
		c.date = map[string]int{}
		for _, p := range ps {
			if keepOutlet(p) && keepScore(p) && !p.r.Date.IsZero() {
				c.date[p.r.Date.Format("2006-01")]++
			}
		}
	}
	return c
}

func bandOf(s *corpus.Score) string {
	switch {
	case s == nil:
		return "no score"
	case s.Value >= 80:
		return "80–100"
	case s.Value >= 60:
		return "60–79"
	case s.Value >= 40:
		return "40–59"
	}
	return "0–39"
}

func all(para) bool { return true }

// facetCounts reads a response's facets into counts, leaving out zeros.
func facetCounts(f search.Facets) counts {
	c := counts{map[string]int{}, map[string]int{}, map[string]int{}}
	for _, t := range f.Outlet {
		if t.Count > 0 {
			c.outlet[t.Value] = t.Count
		}
	}
	for _, b := range f.Score {
		if b.Count > 0 {
			c.score[b.Label] = b.Count
		}
	}
	for _, d := range f.Date {
		if d.Count > 0 {
			c.date[d.Label] = d.Count
		}
	}
	return c
}

func checkCounts(t *testing.T, what string, got, want counts) {
	t.Helper()
	for _, f := range []struct {
		name      string
		got, want map[string]int
	}{{"outlet", got.outlet, want.outlet}, {"score", got.score, want.score}, {"date", got.date, want.date}} {
		if !maps.Equal(f.got, f.want) {
			t.Errorf("%s: %s facet = %v, want %v", what, f.name, f.got, f.want)
		}
	}
}

func TestFacetsAgainstCorpus(t *testing.T) {
	ix, rs := embeddedIndex(t)
	ps := paragraphsOf(rs)
	r80, _ := search.ParseScoreRange("80..100")
	y2012, _ := search.ParseDateRange("2012")
	imdb := func(p para) bool { return p.r.Outlet == "IMDb" }
	score80 := func(p para) bool { return p.r.Score != nil && p.r.Score.Value >= 80 }
	in2012 := func(p para) bool { return !p.r.Date.IsZero() && p.r.Date.Year() == 2012 }
	noScore := func(p para) bool { return p.r.Score == nil }
	tests := []struct {
		name                string
		filter              search.Filter
		outlet, score, date func(para) bool
	}{
		{"no filter", search.Filter{}, all, all, all},
		{"outlet selected", search.Filter{Outlets: []string{"IMDb"}}, imdb, all, all},
		{"score and year selected", search.Filter{Score: r80, Date: y2012}, all, score80, in2012},
		{"no score selected", search.Filter{NoScore: true}, all, noScore, all},
		{"all three", search.Filter{Outlets: []string{"IMDb", "Metacritic"}, Score: r80, Date: y2012},
			func(p para) bool { return p.r.Outlet == "IMDb" || p.r.Outlet == "Metacritic" }, score80, in2012},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := mustSearch(t, ix, search.Request{Filter: tt.filter, Size: search.MaxSize})
			want := countFacets(ps, tt.outlet, tt.score, tt.date)
			checkCounts(t, tt.name, facetCounts(resp.Facets), want)
			wantTotal := 0
			for _, p := range ps {
				if tt.outlet(p) && tt.score(p) && tt.date(p) {
					wantTotal++
				}
			}
			if int(resp.Total) != wantTotal {
				t.Errorf("total = %d, want %d", resp.Total, wantTotal)
			}
			for _, o := range resp.Facets.Outlet {
				if o.Selected != (len(tt.filter.Outlets) > 0 && (o.Value == "IMDb" || o.Value == "Metacritic") &&
					contains(tt.filter.Outlets, o.Value)) {
					t.Errorf("outlet %s selected = %v", o.Value, o.Selected)
				}
			}
			for _, b := range resp.Facets.Score {
				wantSel := (b.Missing && tt.filter.NoScore) || (!b.Missing && !tt.filter.Score.IsZero() && b.Min == 80)
				if b.Selected != wantSel {
					t.Errorf("band %s selected = %v, want %v", b.Label, b.Selected, wantSel)
				}
			}
		})
	}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// With query text, the facets must agree with the hits themselves: the
// unselected facets count the hits, the selected one counts the hits of
// the same query without its filter.
func TestFacetsAgainstHits(t *testing.T) {
	ix, rs := embeddedIndex(t)
	byID := map[string]*corpus.Review{}
	for i := range rs {
		byID[rs[i].ID] = &rs[i]
	}
	countHits := func(q string, f search.Filter) counts {
		resp := mustSearch(t, ix, search.Request{Query: q, Filter: f, Size: search.MaxSize})
		if int(resp.Total) > search.MaxSize {
			t.Fatalf("%q: %d hits, more than one page", q, resp.Total)
		}
		var ps []para
		for _, h := range resp.Hits {
			// Collapsed copies are counted by the facets too.
			ps = append(ps, para{byID[h.ReviewID], h.Text})
			for _, a := range h.Also {
				ps = append(ps, para{byID[a.ReviewID], h.Text})
			}
		}
		return countFacets(ps, all, all, all)
	}
	for _, q := range []string{"documentary", "chinese government ", "twitter"} {
		t.Run(q, func(t *testing.T) {
			resp := mustSearch(t, ix, search.Request{Query: q})
			checkCounts(t, q, facetCounts(resp.Facets), countHits(q, search.Filter{}))

			f := search.Filter{Outlets: []string{"IMDb"}}
			resp = mustSearch(t, ix, search.Request{Query: q, Filter: f})
			want := countHits(q, f)
			want.outlet = countHits(q, search.Filter{}).outlet
			checkCounts(t, q+" outlet:IMDb", facetCounts(resp.Facets), want)
		})
	}
}

func TestDateFacetByMonth(t *testing.T) {
	ix, rs := embeddedIndex(t)
	resp := mustSearch(t, ix, search.Request{Query: "date:2012-07..2012-08"})
	// The date facet leaves out its own filter: years of every dated paragraph.
	years := map[string]int{}
	for _, p := range paragraphsOf(rs) {
		if !p.r.Date.IsZero() {
			years[strconv.Itoa(p.r.Date.Year())]++
		}
	}
	if got := facetCounts(resp.Facets).date; !maps.Equal(got, years) {
		t.Errorf("date facet = %v, want %v", got, years)
	}
	for _, d := range resp.Facets.Date {
		if d.Selected {
			t.Errorf("year %s selected by a two-month filter", d.Label)
		}
	}
	// Critics all wrote in 2012: months.
	resp = mustSearch(t, ix, search.Request{Query: "kind:critic date:2012-07"})
	months := map[string]int{}
	for _, p := range paragraphsOf(rs) {
		if p.r.Kind == corpus.KindCritic && !p.r.Date.IsZero() {
			months[p.r.Date.Format("2006-01")]++
		}
	}
	if got := facetCounts(resp.Facets).date; !maps.Equal(got, months) || len(months) < 2 {
		t.Errorf("date facet = %v, want months %v", got, months)
	}
	for _, d := range resp.Facets.Date {
		if want := d.Label == "2012-07"; d.Selected != want {
			t.Errorf("month %s selected = %v, want %v", d.Label, d.Selected, want)
		}
		if d.To.Before(d.From) || d.From.Day() != 1 || d.To.AddDate(0, 0, 1).Day() != 1 {
			t.Errorf("month %s spans %v..%v", d.Label, d.From, d.To)
		}
	}
}

// The film facet counts paragraphs by work, disjunctively: ticking one
// film still counts the others (with the other filters), and a ticked
// film no paragraph of the query has stays, with 0.
func TestWorkFacet(t *testing.T) {
	review := func(id, work, outlet, text string) corpus.Review {
		return corpus.Review{ID: id, Work: work, Site: "S", Outlet: outlet, Kind: corpus.KindCritic, Paragraphs: []string{text}}
	}
	ix := newTestIndex(t, []corpus.Review{
		review("a", "Up", "Variety", "A moving film about a house and balloons."),
		review("b", "Up", "Slate", "A moving, funny film."),
		review("c", "Coco", "Variety", "A moving film about music and memory."),
		review("d", "Soul", "Variety", "A film about jazz."),
	})
	count := func(resp *search.Response) map[string]int {
		out := map[string]int{}
		for _, w := range resp.Facets.Work {
			out[w.Value] = w.Count
		}
		return out
	}
	resp := mustSearch(t, ix, search.Request{Query: "moving"})
	if got, want := count(resp), map[string]int{"Up": 2, "Coco": 1}; !maps.Equal(got, want) {
		t.Errorf("moving: films %v, want %v", got, want)
	}
	resp = mustSearch(t, ix, search.Request{Query: "moving", Filter: search.Filter{Works: []string{"Coco", "Soul"}}})
	if resp.Total != 1 {
		t.Errorf("moving in Coco or Soul: %d hits, want 1", resp.Total)
	}
	if got, want := count(resp), map[string]int{"Up": 2, "Coco": 1, "Soul": 0}; !maps.Equal(got, want) {
		t.Errorf("moving, Coco and Soul ticked: films %v, want %v (disjunctive, ticked kept)", got, want)
	}
	for _, w := range resp.Facets.Work {
		if w.Selected != (w.Value == "Coco" || w.Value == "Soul") {
			t.Errorf("film %s selected = %v", w.Value, w.Selected)
		}
	}
	resp = mustSearch(t, ix, search.Request{Query: "film", Filter: search.Filter{Outlets: []string{"Variety"}}})
	if got, want := count(resp), map[string]int{"Up": 1, "Coco": 1, "Soul": 1}; !maps.Equal(got, want) {
		t.Errorf("film at Variety: films %v, want %v (the outlet filter applies)", got, want)
	}
}

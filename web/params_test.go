package web

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pullquote/pullquote/search"
)

func ptr(f float64) *float64 { return &f }

func TestParseRequest(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  search.Request
	}{
		{"empty", "", search.Request{Highlight: true, Page: 1, Size: 10}},
		{"query trimmed", "q=+clever+cat+", search.Request{Query: "clever cat", Highlight: true, Page: 1, Size: 10}},
		{"repeatable filters", "outlet=Variety&outlet=IMDb&outlet=Variety&outlet=&kind=critic&work=Never+Sorry",
			search.Request{Highlight: true, Page: 1, Size: 10, Filter: search.Filter{
				Outlets: []string{"Variety", "IMDb"}, Kinds: []string{"critic"}, Works: []string{"Never Sorry"}}}},
		{"score range", "score=80..100", search.Request{Highlight: true, Page: 1, Size: 10,
			Filter: search.Filter{Score: search.Range{Min: ptr(80), Max: ptr(100)}}}},
		{"open score range", "score=..39.999", search.Request{Highlight: true, Page: 1, Size: 10,
			Filter: search.Filter{Score: search.Range{Max: ptr(39.999)}}}},
		{"two bands join", "score=60..79.999&score=80..100", search.Request{Highlight: true, Page: 1, Size: 10,
			Filter: search.Filter{Score: search.Range{Min: ptr(60), Max: ptr(100)}}}},
		{"no score band", "score=none&score=80..100", search.Request{Highlight: true, Page: 1, Size: 10,
			Filter: search.Filter{Score: search.Range{Min: ptr(80), Max: ptr(100)}, NoScore: true}}},
		{"dates sort paging", "from=2012-01-01&to=2012-12-31&sort=newest&page=3&size=25",
			search.Request{Highlight: true, Page: 3, Size: 25, Sort: search.SortNewest, Filter: search.Filter{
				Date: search.DateRange{From: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2012, 12, 31, 0, 0, 0, 0, time.UTC)}}}},
		{"while typing", "q=docum&prefix=1", search.Request{Query: "docum", Prefix: true, Highlight: true, Page: 1, Size: 10}},
		{"a long query", "q=" + strings.Repeat("w+", search.MaxQueryWords) + "last", search.Request{
			Query: strings.TrimSpace(strings.Repeat("w ", search.MaxQueryWords)), Highlight: true, Page: 1, Size: 10,
			Cut: &search.QueryCut{Text: strings.Repeat("w ", search.MaxQueryWords) + "last", Searched: search.MaxQueryWords, Given: search.MaxQueryWords + 1}}},
		{"unknown params ignored", "q=x&utm_source=news", search.Request{Query: "x", Highlight: true, Page: 1, Size: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseRequest(v)
			if err != nil {
				t.Fatalf("parseRequest(%q): %v", tt.query, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseRequest(%q)\n got %+v\nwant %+v", tt.query, got, tt.want)
			}
			// encodeRequest is its inverse.
			again, err := parseRequest(encodeRequest(got))
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("round trip via %q: got %+v, %v", encodeRequest(got).Encode(), again, err)
			}
		})
	}
}

func TestParseRequestErrors(t *testing.T) {
	tests := []struct {
		query string
		param string // the parameter the error must name
	}{
		{"q=" + strings.Repeat("a", search.MaxQueryRunes+1), "q"},
		{"q=a&q=b", "q"},
		{"score=80..200", "score"},
		{"score=abc", "score"},
		{"score=90..10", "score"},
		{"score=..", "score"},
		{"from=2012-13-01", "from"},
		{"to=yesterday", "to"},
		{"from=0000-01-01", "from"},
		{"to=9999-12-31", "to"},
		{"from=2013-01-01&to=2012-01-01", "to"},
		{"sort=random", "sort"},
		{"page=0", "page"},
		{"page=abc", "page"},
		{"page=1001", "page"},
		{"size=101", "size"},
		{"size=-1", "size"},
		{"page=101&size=100", "page"},
		{"kind=robot", "kind"},
		{"outlet=" + strings.Repeat("x", search.MaxValueRunes+1), "outlet"},
		{strings.Repeat("work=w&", search.MaxValues+1), "work"},
	}
	for _, tt := range tests {
		t.Run(tt.param, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = parseRequest(v)
			var inv *search.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("parseRequest(%.60q) = %v, want an InvalidError", tt.query, err)
			}
			if inv.Param != tt.param {
				t.Errorf("parseRequest(%.60q) names %q, want %q (%v)", tt.query, inv.Param, tt.param, err)
			}
		})
	}
}

func TestCountText(t *testing.T) {
	resp := &search.Response{Total: 2}
	for _, tt := range []struct{ query, want string }{
		{"never sorry", "2 results for “never sorry”"},
		{`"never sorry"`, `2 results for "never sorry"`},
		{`“never sorry”`, `2 results for “never sorry”`},
		{"", "2 results"},
	} {
		if got := countText(search.Request{Query: tt.query}, resp); got != tt.want {
			t.Errorf("countText(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestPager(t *testing.T) {
	req := search.Request{Query: "cat", Page: 5, Size: 10}
	links, prev, next := pager("/", req, 200, nil)
	var got []string
	for _, l := range links {
		switch {
		case l.Gap:
			got = append(got, "…")
		case l.Current:
			got = append(got, "["+l.URL+"]")
		default:
			got = append(got, l.URL)
		}
	}
	want := []string{"/?q=cat", "…", "/?page=3&q=cat", "/?page=4&q=cat", "[/?page=5&q=cat]", "/?page=6&q=cat", "/?page=7&q=cat", "…", "/?page=20&q=cat"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pager links\n got %v\nwant %v", got, want)
	}
	if prev != "/?page=4&q=cat" || next != "/?page=6&q=cat" {
		t.Errorf("prev, next = %q, %q", prev, next)
	}
	if links, _, _ := pager("/", req, 10, nil); links != nil {
		t.Errorf("one page of results got pager links %v", links)
	}
}

package film

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/internal/shared"
)

// The sorts of a film list.
const (
	SortReviews = "reviews" // most reviewed first (the default)
	SortScore   = "score"   // best mean score first, unscored last
	SortNewest  = "newest"  // newest film first, by the day of its earliest dated review; undated last
	SortName    = "name"    // by name
)

// Sorts lists the sorts of a film list.
func Sorts() []string { return []string{SortReviews, SortScore, SortNewest, SortName} }

// Page sizes of a film list.
const (
	DefaultSize = 24
	MaxSize     = 100
)

// ListRequest asks for a page of the film list.
type ListRequest struct {
	// Query keeps the films whose name has every word of it.
	Query string
	Sort  string
	// Page counts from 1; Size is films per page.
	Page, Size int
}

// List is a page of the film list: /api/films.
type List struct {
	Query string    `json:"query"`
	Sort  string    `json:"sort"`
	Total int       `json:"total"`
	Page  int       `json:"page"`
	Size  int       `json:"size"`
	Films []Summary `json:"films"`
}

// normalize checks a list request and fills its defaults.
func (r ListRequest) normalize() (ListRequest, error) {
	r.Query = strings.TrimSpace(r.Query)
	if n := len([]rune(r.Query)); n > search.MaxValueRunes {
		return r, &search.InvalidError{Param: "q", Reason: fmt.Sprintf("%d characters, at most %d allowed", n, search.MaxValueRunes)}
	}
	r.Sort = cmp.Or(r.Sort, SortReviews)
	if !slices.Contains(Sorts(), r.Sort) {
		return r, &search.InvalidError{Param: "sort", Reason: fmt.Sprintf("%q is not one of %s", r.Sort, strings.Join(Sorts(), ", "))}
	}
	r.Page = cmp.Or(r.Page, 1)
	r.Size = cmp.Or(r.Size, DefaultSize)
	switch {
	case r.Page < 1:
		return r, &search.InvalidError{Param: "page", Reason: fmt.Sprintf("%d is not 1 or more", r.Page)}
	case r.Size < 1 || r.Size > MaxSize:
		return r, &search.InvalidError{Param: "size", Reason: fmt.Sprintf("%d is not between 1 and %d", r.Size, MaxSize)}
	}
	return r, nil
}

// List returns a page of the films, filtered by name and sorted.
func (s *Service) List(ctx context.Context, req ListRequest) (*List, error) {
	req, err := req.normalize()
	if err != nil {
		return nil, err
	}
	c, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	words := strings.Fields(matchName(req.Query))
	var films []Summary
	for _, f := range c.summaries {
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(f.name, w) }) {
			films = append(films, f)
		}
	}
	slices.SortStableFunc(films, func(a, b Summary) int {
		byName := strings.Compare(a.Work, b.Work)
		switch req.Sort {
		case SortScore:
			return cmp.Or(cmpNil(a.MeanScore, b.MeanScore), b.Reviews-a.Reviews, byName)
		case SortNewest:
			return cmp.Or(b.first.Compare(a.first), b.Reviews-a.Reviews, byName)
		case SortName:
			return byName
		}
		return cmp.Or(b.Reviews-a.Reviews, byName)
	})
	out := &List{Query: req.Query, Sort: req.Sort, Total: len(films), Page: req.Page, Size: req.Size, Films: []Summary{}}
	if from := (req.Page - 1) * req.Size; from < len(films) {
		out.Films = films[from:min(from+req.Size, len(films))]
	}
	return out, nil
}

// cmpNil orders higher values first and nil last.
func cmpNil(a, b *float64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*b, *a)
}

// Get returns one film's page by its slug or, failing that, by its name
// (any case or punctuation: the widget's data-work). An unknown film is
// an error wrapping search.ErrNotFound. Pages are kept until the index
// version moves: callers must not change them.
func (s *Service) Get(ctx context.Context, slugOrName string) (*Film, error) {
	c, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	i, ok := c.bySlug[slugOrName]
	if !ok {
		i, ok = c.byName[matchName(slugOrName)]
	}
	if !ok {
		return nil, fmt.Errorf("film %q: %w", slugOrName, search.ErrNotFound)
	}
	c.mu.Lock()
	f, ok := c.pages[i]
	c.mu.Unlock()
	if ok {
		return f, nil
	}
	return shared.Do(ctx, &s.group, fmt.Sprintf("page\x00%p\x00%d", c, i), func(ctx context.Context) (*Film, error) {
		f := c.film(i)
		var err error
		if f.Quotes, err = s.quotes(ctx, f.Work); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.pages == nil || len(c.pages) >= maxPages {
			c.pages = map[int]*Film{}
		}
		c.pages[i] = f
		c.mu.Unlock()
		return f, nil
	})
}

// film is film i of c without its quotes.
func (c *catalog) film(i int) *Film {
	counts := c.counts[i]
	return &Film{Summary: c.summaries[i], Aggregates: stated(counts.Stated), Counted: count(counts), Quotes: []Quote{}}
}

// Match returns the film a query names, whole and alone ("never sorry"
// does not; "Ai Weiwei: Never Sorry" and "ai weiwei never sorry" do),
// without its quotes: the card shown above a search's results. It returns
// nil when the query names no film.
func (s *Service) Match(ctx context.Context, query string) (*Film, error) {
	name := matchName(query)
	if name == "" {
		return nil, nil
	}
	c, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	i, ok := c.byName[name]
	if !ok {
		return nil, nil
	}
	return c.film(i), nil
}

// URL returns the page of the film named work, "" when the index holds no
// such film.
func (s *Service) URL(ctx context.Context, work string) (string, error) {
	c, err := s.load(ctx)
	if err != nil {
		return "", err
	}
	i, ok := c.byWork[work]
	if !ok {
		return "", nil
	}
	return c.summaries[i].URL, nil
}

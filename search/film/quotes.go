package film

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/pullquote/pullquote/corpus"
	"github.com/pullquote/pullquote/search"
	"github.com/pullquote/pullquote/search/check"
)

// Quote is one of a film's most quotable lines, with its review's fields.
type Quote struct {
	// Text is the sentence, as the review has it.
	Text      string `json:"text"`
	ReviewID  string `json:"review_id"`
	Paragraph int    `json:"paragraph"`
	search.ReviewFields
	// Review is the line's place in the whole review; Check runs the
	// pull-quote check on it, credited to its critic and outlet.
	Review      string            `json:"review_url"`
	Check       string            `json:"check_url"`
	Quotability check.Quotability `json:"quotability"`
}

// Limits of the quotable lines.
const (
	// MaxQuotes is how many lines a film page offers.
	MaxQuotes = 10
	// perReview is how many lines of one review it offers.
	perReview = 2
	// quotePages of search.MaxSize paragraphs are read: the film's
	// positive and unscored reviews, best scored first.
	quotePages = 3
	// maxSentences bounds the sentences read of one paragraph.
	maxSentences = 40
)

// quotes ranks the sentences of a film's positive and unscored reviews by
// check.Quotable and returns the best: at least check.MinQuotable points,
// at most perReview from one review, each text once.
func (s *Service) quotes(ctx context.Context, work string) ([]Quote, error) {
	type candidate struct {
		q     Quote
		score float64 // the review's, -1 unscored
	}
	var cands []candidate
	seen := map[string]bool{}
	for page := 1; page <= quotePages; page++ {
		req, err := search.Request{
			Filter: search.Filter{Works: []string{work}, Score: search.Range{Min: ptr(float64(search.PositiveFrom))}, NoScore: true},
			Sort:   search.SortScore, Page: page, Size: search.MaxSize,
		}.Normalize()
		if err != nil {
			return nil, err
		}
		resp, err := s.searcher.Search(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range resp.Hits {
			var score *float64
			reviewScore := -1.0
			if h.Score != nil {
				score, reviewScore = &h.Score.Value, h.Score.Value
			}
			for n, sent := range corpus.Sentences(h.Text) {
				if n == maxSentences {
					break
				}
				text := strings.TrimSpace(h.Text[sent[0]:sent[1]])
				key := matchName(text)
				if key == "" || seen[key] {
					continue
				}
				seen[key] = true
				qa := check.Quotable(check.Line{Paragraph: h.Text, Start: sent[0], End: sent[1], Score: score, Author: h.Author, Outlet: h.Outlet, User: h.Kind == string(corpus.KindUser)})
				if qa.Points < check.MinQuotable {
					continue
				}
				q := Quote{
					Text: text, ReviewID: h.ReviewID, Paragraph: h.Paragraph, ReviewFields: h.Fields(),
					Review:      search.ReviewPath(h.ReviewID, h.Paragraph),
					Check:       checkURL(text, h),
					Quotability: qa,
				}
				cands = append(cands, candidate{q, reviewScore})
			}
		}
		if uint64(page*search.MaxSize) >= resp.Total {
			break
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if d := b.q.Quotability.Points - a.q.Quotability.Points; d != 0 {
			return d
		}
		if a.score != b.score {
			if b.score > a.score {
				return 1
			}
			return -1
		}
		return len(a.q.Text) - len(b.q.Text)
	})
	out := []Quote{}
	perID := map[string]int{}
	for _, c := range cands {
		if len(out) == MaxQuotes {
			break
		}
		if perID[c.q.ReviewID] == perReview {
			continue
		}
		perID[c.q.ReviewID]++
		out = append(out, c.q)
	}
	return out, nil
}

// checkURL is the quote check of a line, credited as a poster would.
func checkURL(text string, h search.Hit) string {
	// Quoted, so a dash inside the line is not taken for an attribution;
	// the credit goes in the parameters /check and /api/check read.
	v := url.Values{"q": {"“" + text + "”"}, "work": {h.Work}}
	if h.Author != "" {
		v.Set("author", h.Author)
	}
	if h.Outlet != "" {
		v.Set("outlet", h.Outlet)
	}
	return "/check?" + v.Encode()
}

func ptr(v float64) *float64 { return &v }

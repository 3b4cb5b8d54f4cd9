package search_test

import (
	"errors"
	"fmt"

	"github.com/pullquote/pullquote/search"
)

// Plain words must all match (stemmed, typo-tolerant); the last word also
// matches as a prefix while it is being typed.
func ExampleParse_words() {
	q := search.Parse("thrilling unfinished symph")
	fmt.Println(q)
	q = search.Parse("thrilling unfinished symphony ")
	fmt.Println(q)
	// Output:
	// thrilling unfinished symph*
	// thrilling unfinished symphony
}

// "Quoted phrases" match their words in order, unstemmed; a leading '-'
// excludes a word or a phrase.
func ExampleParse_phrases() {
	q := search.Parse(`"tofu construction" -"bird's nest" -olympics schools`)
	for _, c := range q.Clauses {
		fmt.Printf("%-20q phrase=%-5v exclude=%-5v prefix=%v\n", c.Text, c.Phrase, c.Exclude, c.Prefix)
	}
	// Output:
	// "tofu construction"  phrase=true  exclude=false prefix=false
	// "bird's nest"        phrase=true  exclude=true  prefix=false
	// "olympics"           phrase=false exclude=true  prefix=false
	// "schools"            phrase=false exclude=false prefix=true
}

// Field filters narrow the search; they merge into the Request's filter.
func ExampleParse_filters() {
	q := search.Parse(`outlet:"Boston Globe" outlet:Time kind:critic score:>=80 date:2012-07 documentary `)
	fmt.Println(q)
	fmt.Println("outlets:", q.Filter.Outlets)
	fmt.Println("kinds:", q.Filter.Kinds)
	fmt.Println("score from:", *q.Filter.Score.Min, "to:", q.Filter.Score.Max)
	fmt.Println("date:", q.Filter.Date.From.Format("2006-01-02"), "..", q.Filter.Date.To.Format("2006-01-02"))

	f := search.Filter{Kinds: []string{"user"}}.Merge(q.Filter)
	fmt.Println("merged kinds:", f.Kinds)
	// Output:
	// documentary
	// outlets: [Boston Globe Time]
	// kinds: [critic]
	// score from: 80 to: <nil>
	// date: 2012-07-01 .. 2012-07-31
	// merged kinds: [user critic]
}

// A syntax error never fails: the text is read as plain words and a
// warning says why.
func ExampleParse_fallback() {
	q := search.Parse(`score:high "never sorry`)
	fmt.Println(q)
	for _, w := range q.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// score high never sorry*
	// warning: invalid score: "high": "high" is not a number: read "score:high" as plain words
	// warning: unclosed quote at "\"never sorry": read as plain words
}

// ParseScoreRange reads score ranges for filters and URL parameters.
func ExampleParseScoreRange() {
	for _, s := range []string{"80..100", ">=90", "..39", "120"} {
		r, err := search.ParseScoreRange(s)
		var inv *search.InvalidError
		if errors.As(err, &inv) {
			fmt.Printf("%s: error for param %q: %v\n", s, inv.Param, err)
			continue
		}
		fmt.Printf("%s: contains 90: %v, contains 39: %v\n", s, r.Contains(90), r.Contains(39))
	}
	// Output:
	// 80..100: contains 90: true, contains 39: false
	// >=90: contains 90: true, contains 39: false
	// ..39: contains 90: false, contains 39: true
	// 120: error for param "score": invalid score: "120": 120 is outside 0–100
}

// ParseDateRange reads years, months, days and ranges of them.
func ExampleParseDateRange() {
	for _, s := range []string{"2012", "2012-07", "2012..2013", ">=2012-08-01", "<2013"} {
		r, _ := search.ParseDateRange(s)
		fmt.Printf("%-12s from %-10s to %s\n", s, r.From.Format("2006-01-02"), r.To.Format("2006-01-02"))
	}
	// Output:
	// 2012         from 2012-01-01 to 2012-12-31
	// 2012-07      from 2012-07-01 to 2012-07-31
	// 2012..2013   from 2012-01-01 to 2013-12-31
	// >=2012-08-01 from 2012-08-01 to 0001-01-01
	// <2013        from 0001-01-01 to 2012-12-31
}

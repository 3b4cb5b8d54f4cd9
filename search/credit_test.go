package search

import (
	"testing"
	"time"
)

func TestCreditLine(t *testing.T) {
	d := time.Date(2012, 8, 9, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		hit  Hit
		want string
	}{
		{"everything", Hit{Highlight: "the <mark>clever</mark> cat &amp; dog", Author: "Kerry Lengel", Outlet: "Phoenix New Times", Date: d,
			Work: "Ai Weiwei: Never Sorry", URL: "https://www.phoenixnewtimes.com/film/never-sorry"},
			"“the clever cat & dog” — Kerry Lengel, Phoenix New Times, on Ai Weiwei: Never Sorry (9 August 2012) https://www.phoenixnewtimes.com/film/never-sorry"},
		{"film, no author", Hit{Text: "x", Work: "Up"}, "“x” — on Up"},
		{"no highlight uses text", Hit{Text: "Plain text.", Outlet: "Variety"}, "“Plain text.” — Variety"},
		{"outlet same as author", Hit{Text: "x", Author: "IMDb", Outlet: "IMDb"}, "“x” — IMDb"},
		{"nothing known", Hit{Text: "x"}, "“x”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.hit.CreditLine(); got != tt.want {
				t.Errorf("CreditLine = %q, want %q", got, tt.want)
			}
		})
	}
}

package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/pullquote/pullquote/corpus"
)

var firstNames = strings.Fields(`Ada Alan Alice Amir Ana Andre Anna Ben Bianca Carl Carmen Chen Chloe
Dana David Diego Elena Emma Eric Farah Felix Grace Hana Hugo Ian Ines Ivan Jack Jade James Jin Joan
Jonas Julia Kai Karen Kenji Kerry Laura Leo Lena Liam Lucia Luis Maya Marco Maria Mark Marta Max Mei
Mira Nadia Nina Noah Nora Omar Owen Paul Peter Priya Rafael Rosa Ruth Sam Sara Sean Sofia Tariq Ty
Vera Victor Wei Yara Yusuf Zoe`)

var outletForms = []string{"The %s Review", "%s Film Journal", "The %s Gazette", "%s Cinema", "%s Weekly", "Reel %s", "%s Screen", "The %s Courier"}

var letterGrades = []struct {
	raw   string
	value float64
}{ // Metacritic's conversion
	{"A+", 100}, {"A", 100}, {"A-", 91}, {"B+", 83}, {"B", 75}, {"B-", 67},
	{"C+", 58}, {"C", 50}, {"C-", 42}, {"D+", 33}, {"D", 25}, {"D-", 16}, {"F", 0},
}

// work is one invented film.
type work struct {
	title   string
	release time.Time
	quality float64 // mean score on 0–100
}

// meta holds the fixed, seed-independent cast of outlets, people and works.
type meta struct {
	outlets    []string
	outletPick *alias
	surnames   []string
	works      []work
	workPick   *alias
}

func newMeta(v *vocab) (*meta, error) {
	real, _, err := parseCounts("outlets.txt", outletsTxt)
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(3, 4))
	m := &meta{outlets: append([]string(nil), real...)}
	seen := map[string]bool{}
	for _, o := range real {
		seen[o] = true
	}
	for len(m.outlets) < outletTarget {
		o := strings.Replace(outletForms[r.IntN(len(outletForms))], "%s", capitalize(invent(r)), 1)
		if !seen[o] {
			seen[o] = true
			m.outlets = append(m.outlets, o)
		}
	}
	m.outletPick = newAlias(zipfWeights(len(m.outlets), 1.0, 1))
	for range inventedSurname {
		m.surnames = append(m.surnames, capitalize(invent(r)))
	}
	// Titles from mid-frequency real words; popularity Zipf-like.
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for range workCount {
		var parts []string
		if r.IntN(3) == 0 {
			parts = append(parts, "The")
		}
		for range 1 + r.IntN(3) {
			parts = append(parts, v.caps[100+r.IntN(4000)])
		}
		if r.IntN(8) == 0 {
			parts = append(parts, strconv.Itoa(2+r.IntN(3)))
		}
		m.works = append(m.works, work{
			title:   strings.Join(parts, " "),
			release: start.AddDate(0, 0, r.IntN(25*365)),
			quality: clamp(r.NormFloat64()*15+65, 5, 98),
		})
	}
	m.workPick = newAlias(zipfWeights(workCount, 0.8, 3))
	return m, nil
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// person is a name from the fixed pools.
func (m *meta) person(r *rand.Rand) string {
	return firstNames[r.IntN(len(firstNames))] + " " + m.surnames[r.IntN(len(m.surnames))]
}

// score draws a score for a review of w on a mixed set of scales; the
// Value is the raw score normalised to 0–100.
func score(r *rand.Rand, w *work, kind corpus.Kind) *corpus.Score {
	x := clamp(w.quality+r.NormFloat64()*15, 0, 100)
	if kind == corpus.KindUser {
		n := math.Max(1, math.Round(x/10))
		return &corpus.Score{Value: n * 10, Raw: strconv.Itoa(int(n)) + "/10", Scale: "10"}
	}
	switch p := r.IntN(100); {
	case p < 35: // halves out of 5
		n := math.Round(x/100*5*2) / 2
		return &corpus.Score{Value: n / 5 * 100, Raw: fmtNum(n) + "/5", Scale: "5"}
	case p < 60:
		n := math.Round(x/100*4*2) / 2
		return &corpus.Score{Value: n / 4 * 100, Raw: fmtNum(n) + "/4", Scale: "4"}
	case p < 72:
		for _, g := range letterGrades[1:] {
			if x >= g.value-4 {
				return &corpus.Score{Value: g.value, Raw: g.raw, Scale: "letter"}
			}
		}
		return &corpus.Score{Value: 0, Raw: "F", Scale: "letter"}
	case p < 87:
		n := math.Round(x/10*2) / 2
		return &corpus.Score{Value: n * 10, Raw: fmtNum(n) + "/10", Scale: "10"}
	default:
		n := math.Round(x)
		return &corpus.Score{Value: n, Raw: fmtNum(n), Scale: "100"}
	}
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// reviewDate is a day after the work's release: mostly within weeks, a long
// tail of years, never past the end of 2024.
func reviewDate(r *rand.Rand, w *work) time.Time {
	days := int(r.ExpFloat64() * 40)
	if r.IntN(10) == 0 {
		days += r.IntN(8 * 365)
	}
	d := w.release.AddDate(0, 0, days-7)
	if end := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC); d.After(end) {
		d = end
	}
	return d
}

// slug makes a lower-case URL path part.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

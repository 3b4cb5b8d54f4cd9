package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadCSV measures streaming a generated CSV export; it reports
// rows per second.
func BenchmarkReadCSV(b *testing.B) {
	const rows = 20_000
	b.ReportAllocs()
	for b.Loop() {
		l := newLoader(context.Background(), Options{}, func(Review) error { return nil })
		if err := l.readCSV("gen.csv", &csvGen{rows: rows}, FileMeta{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkLoadEmbedded measures parsing and linking the embedded corpus.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadEmbedded(context.Background(), Options{}, func(Review) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadHTMLFolder reads a folder of 10,000 generated review pages
// (JSON-LD and microdata, with page chrome around them), as LoadPaths
// does, and reports reviews/s to set beside BenchmarkReadCSV's rows/s.
func BenchmarkReadHTMLFolder(b *testing.B) {
	const pages = 10_000
	dir := b.TempDir()
	for i := range pages {
		var page string
		if i%2 == 0 {
			page = fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Review %d</title>
<meta property="og:site_name" content="Outlet %d"><script>var x = %d;</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Review","author":{"@type":"Person","name":"Critic %d"},
"publisher":{"name":"Outlet %d"},"datePublished":"2012-%02d-%02d","itemReviewed":{"@type":"Movie","name":"Film %d"},
"reviewRating":{"ratingValue":%d,"bestRating":10},"reviewBody":"A film of %d wonders, the review says, with a second sentence for length.\n\nAnd a second paragraph that goes on a little while about the acting and the camera."}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>Review %d</h1><p>A film of %d wonders.</p></article><footer>©</footer></body></html>`,
				i, i%50, i, i%300, i%50, 1+i%12, 1+i%28, i%40, 1+i%10, i, i, i)
		} else {
			page = fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Review %d</title></head><body>
<div id="cookie-banner">Cookies!</div><div itemscope itemtype="https://schema.org/Review"><h1 itemprop="name">Review %d</h1>
<span itemprop="author">Critic %d</span><time itemprop="datePublished" datetime="2013-01-%02d">Jan</time>
<div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><span itemprop="ratingValue">%d</span>/<span itemprop="bestRating">5</span></div>
<div itemprop="reviewBody"><p>Paragraph one of review %d, about the film and its subject.</p><p>Paragraph two, about the maker.</p></div></div></body></html>`,
				i, i, i%300, 1+i%28, 1+i%5, i)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%05d.html", i)), []byte(page), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n = 0
		if _, err := LoadPaths(context.Background(), []string{dir}, Options{}, func(Review) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	if n != pages {
		b.Fatalf("%d reviews from %d pages", n, pages)
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "reviews/s")
}

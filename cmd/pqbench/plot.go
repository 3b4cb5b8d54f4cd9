package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

var engineColors = map[string]color.RGBA{
	enginePullquote:     {0xd6, 0x27, 0x28, 0xff},
	engineBleve:         {0x1f, 0x77, 0xb4, 0xff},
	engineSQLite:        {0x2c, 0xa0, 0x2c, 0xff},
	enginePostgres:      {0x94, 0x67, 0xbd, 0xff},
	engineSphinx:        {0x8c, 0x56, 0x4b, 0xff},
	engineSphinx2:       {0xe3, 0x77, 0xc2, 0xff},
	enginePQSphinx:      {0x17, 0xbe, 0xcf, 0xff},
	enginePQSphinx3:     {0xbc, 0xbd, 0x22, 0xff},
	enginePQOpenSearch:  {0x00, 0x5e, 0xb8, 0xff},
	enginePQOpenSearch3: {0x00, 0x9a, 0x8c, 0xff},
	engineOpenSearch:    {0x8c, 0x56, 0x4b, 0xff},
}

var (
	black = color.RGBA{0, 0, 0, 0xff}
	grey  = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	amber = color.RGBA{0xff, 0x99, 0x00, 0xff}
)

// writePlot draws p99 latency (log scale) against corpus size (log scale),
// one panel per query class and one line per engine, with the 25 ms target
// dashed.
func writePlot(path string, rs []result) error {
	const (
		w, h       = 1560, 780
		cols, rows = 4, 2
		top        = 60
	)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	text(img, 20, 22, "p99 query latency (ms, log scale) against corpus size (paragraphs, log scale); dashed: 25 ms target", black)
	x := 20
	for _, e := range allEngines {
		c := engineColors[e]
		fill(img, image.Rect(x, 34, x+24, 40), c)
		text(img, x+30, 42, e, black)
		x += 40 + 7*len(e) + 30
	}
	ns := sizes(rs)
	// The y range covers every p99, in whole decades.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rs {
		for _, c := range r.Classes {
			if c.P99 > 0 {
				lo, hi = math.Min(lo, c.P99), math.Max(hi, c.P99)
			}
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 1, 100
	}
	ylo, yhi := math.Floor(math.Log10(math.Min(lo, 25))), math.Ceil(math.Log10(math.Max(hi, 25)))
	if yhi == ylo {
		yhi++
	}
	pw, ph := (w-20)/cols, (h-top-10)/rows
	for i, class := range classes {
		px, py := 10+(i%cols)*pw, top+(i/cols)*ph
		// Plot area inside the panel, leaving room for tick labels.
		area := image.Rect(px+60, py+30, px+pw-20, py+ph-40)
		text(img, px+60, py+20, classNames[class], black)
		outline(img, area, black)
		xpos := func(n int) int {
			if len(ns) == 1 {
				return (area.Min.X + area.Max.X) / 2
			}
			f := (math.Log10(float64(n)) - math.Log10(float64(ns[0]))) / (math.Log10(float64(ns[len(ns)-1])) - math.Log10(float64(ns[0])))
			return area.Min.X + 15 + int(f*float64(area.Dx()-30))
		}
		ypos := func(ms float64) int {
			f := (math.Log10(ms) - ylo) / (yhi - ylo)
			return area.Max.Y - int(f*float64(area.Dy()))
		}
		for d := ylo; d <= yhi; d++ {
			y := ypos(math.Pow(10, d))
			hline(img, area.Min.X+1, area.Max.X-1, y, grey, false)
			label := fmt.Sprintf("%g", math.Pow(10, d))
			text(img, area.Min.X-8-7*len(label), y+4, label, black)
		}
		hline(img, area.Min.X+1, area.Max.X-1, ypos(25), amber, true)
		for _, n := range ns {
			x := xpos(n)
			vline(img, x, area.Max.Y, area.Max.Y+5, black)
			label := sizeLabel(n)
			text(img, x-7*len(label)/2, area.Max.Y+18, label, black)
		}
		for _, e := range allEngines {
			var prev image.Point
			first := true
			for _, n := range ns {
				r := find(rs, e, n)
				if r == nil || r.Classes[class].P99 <= 0 {
					continue
				}
				p := image.Pt(xpos(n), ypos(r.Classes[class].P99))
				fill(img, image.Rect(p.X-3, p.Y-3, p.X+4, p.Y+4), engineColors[e])
				if !first {
					line(img, prev, p, engineColors[e])
				}
				prev, first = p, false
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func sizeLabel(n int) string {
	switch {
	case n >= 1e6 && n%1e6 == 0:
		return fmt.Sprintf("%dM", n/1e6)
	case n >= 1e3 && n%1e3 == 0:
		return fmt.Sprintf("%dk", n/1e3)
	}
	return fmt.Sprint(n)
}

func text(img *image.RGBA, x, y int, s string, c color.Color) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func outline(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	hline(img, r.Min.X, r.Max.X, r.Min.Y, c, false)
	hline(img, r.Min.X, r.Max.X, r.Max.Y, c, false)
	vline(img, r.Min.X, r.Min.Y, r.Max.Y, c)
	vline(img, r.Max.X, r.Min.Y, r.Max.Y, c)
}

func hline(img *image.RGBA, x0, x1, y int, c color.RGBA, dashed bool) {
	for x := x0; x <= x1; x++ {
		if !dashed || (x/6)%2 == 0 {
			img.SetRGBA(x, y, c)
		}
	}
}

func vline(img *image.RGBA, x, y0, y1 int, c color.RGBA) {
	for y := y0; y <= y1; y++ {
		img.SetRGBA(x, y, c)
	}
}

// line draws a two-pixel-wide line from a to b.
func line(img *image.RGBA, a, b image.Point, c color.RGBA) {
	steps := max(abs(b.X-a.X), abs(b.Y-a.Y), 1)
	for i := 0; i <= steps; i++ {
		x := a.X + (b.X-a.X)*i/steps
		y := a.Y + (b.Y-a.Y)*i/steps
		img.SetRGBA(x, y, c)
		img.SetRGBA(x, y+1, c)
		img.SetRGBA(x+1, y, c)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

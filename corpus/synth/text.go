package synth

import "math/rand/v2"

// paragraph writes 40–160 words in sentences of 4–28 words, with commas,
// names and the work's title now and then.
func (g *Generator) paragraph(w *work) string {
	r, v := g.r, g.v
	b := g.buf[:0]
	words := 40 + r.IntN(121)
	for words > 0 {
		n := min(words, 4+r.IntN(25))
		if words-n < 4 { // no stub sentence at the end
			n = words
		}
		words -= n
		if len(b) > 0 {
			b = append(b, ' ')
		}
		for i := range n {
			if i > 0 {
				b = append(b, ' ')
			}
			// One random number per word: the high bits pick the word, the
			// low 12 bits the rarer events (a name, the title, a comma).
			u := r.Uint64()
			x := u & 0xfff
			switch {
			case x < 25 && i > 0:
				b = append(b, g.m.person(r)...)
			case x < 37 && i > 0:
				b = append(b, w.title...)
			default:
				k := v.pick.drawBits(u)
				if i == 0 {
					b = append(b, v.caps[k]...)
				} else {
					b = append(b, v.words[k]...)
				}
			}
			if i < n-1 && x >= 4096-293 { // one word in 14
				b = append(b, ',')
			}
		}
		b = append(b, endPunct(r))
	}
	g.buf = b
	return string(b)
}

func endPunct(r *rand.Rand) byte {
	switch r.IntN(25) {
	case 0:
		return '!'
	case 1:
		return '?'
	}
	return '.'
}

// title is a short capitalised headline.
func (g *Generator) title(r *rand.Rand) string {
	b := g.buf[:0]
	for i := range 3 + r.IntN(5) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, g.v.caps[g.v.pick.draw(r)]...)
	}
	g.buf = b
	return string(b)
}

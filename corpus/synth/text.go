package synth

import (
	"encoding/binary"
	"math/rand/v2"
)

// arena holds every word preceded by a space, back to back, with 16 bytes
// of padding, so a word is appended with two 8-byte moves instead of a
// memmove call: the hot path of generation.
type arena struct {
	bytes []byte
	ref   []uint64 // offset<<8 | length (space included)
}

func newArena(words []string) *arena {
	a := &arena{ref: make([]uint64, len(words))}
	for i, w := range words {
		a.ref[i] = uint64(len(a.bytes))<<8 | uint64(len(w)+1)
		a.bytes = append(a.bytes, ' ')
		a.bytes = append(a.bytes, w...)
	}
	a.bytes = append(a.bytes, make([]byte, 16)...)
	return a
}

// appendWord appends " word" for word k.
func (a *arena) appendWord(b []byte, k int) []byte {
	ref := a.ref[k]
	off, n := int(ref>>8), int(ref&0xff)
	l := len(b)
	if cap(b)-l < 16+n {
		b = append(b[:cap(b)], make([]byte, 64+n+len(b))...)
	}
	b = b[:l+16]
	src := a.bytes[off : off+16]
	binary.LittleEndian.PutUint64(b[l:], binary.LittleEndian.Uint64(src))
	binary.LittleEndian.PutUint64(b[l+8:], binary.LittleEndian.Uint64(src[8:]))
	if n > 16 {
		b = append(b[:l+16], a.bytes[off+16:off+n]...)
	}
	return b[:l+n]
}

// paragraph writes 40–160 words in sentences of 4–28 words, with commas,
// names and the work's title now and then. The result is valid until the
// next call.
func (g *Generator) paragraph(w *work) []byte {
	r, v := g.r, g.v
	b := g.buf[:0]
	words := 40 + r.IntN(121)
	for words > 0 {
		n := min(words, 4+r.IntN(25))
		if words-n < 4 { // no stub sentence at the end
			n = words
		}
		words -= n
		for i := range n {
			// One random number per word: the high bits pick the word, the
			// low 12 bits the rarer events (a name, the title, a comma).
			u := r.Uint64()
			x := u & 0xfff
			switch {
			case x < 25 && i > 0:
				b = append(b, ' ')
				b = append(b, g.m.person(r)...)
			case x < 37 && i > 0:
				b = append(b, ' ')
				b = append(b, w.title...)
			case i == 0:
				b = v.capArena.appendWord(b, v.pick.drawBits(u))
			default:
				b = v.arena.appendWord(b, v.pick.drawBits(u))
			}
			if i < n-1 && x >= 4096-293 { // one word in 14
				b = append(b, ',')
			}
		}
		b = append(b, endPunct(r))
	}
	g.buf = b
	return b[1:] // the first word's space
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

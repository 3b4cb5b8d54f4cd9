package index

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress reports a build's progress: a bar redrawn in place on a
// terminal, a line every few seconds otherwise, and a final rate.
type progress struct {
	w     io.Writer
	tty   bool
	total int
	start time.Time
	last  time.Time
	drawn bool
}

// progressEvery is how often progress is reported to a non-terminal.
const progressEvery = 5 * time.Second

// newProgress returns a progress reporter writing to w (nil: none).
func newProgress(w io.Writer, total int, start time.Time) *progress {
	if w == nil {
		return nil
	}
	return &progress{w: w, tty: isTerminal(w), total: total, start: start, last: start}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(s *BuildStats) {
	if p == nil {
		return
	}
	now := time.Now()
	if !p.tty && now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	rate := float64(s.Paragraphs) / max(now.Sub(p.start).Seconds(), 1e-9)
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", p.line(s, rate))
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, p.line(s, rate))
}

// line is one progress report: a bar when the total is known, then counts.
func (p *progress) line(s *BuildStats, rate float64) string {
	var b strings.Builder
	if p.total > 0 {
		const width = 30
		done := min(s.Paragraphs*width/p.total, width)
		fmt.Fprintf(&b, "[%s%s] %3d%% ", strings.Repeat("=", done), strings.Repeat(" ", width-done), min(100, s.Paragraphs*100/p.total))
	}
	fmt.Fprintf(&b, "%d paragraphs, %d reviews, %.0f paragraphs/s", s.Paragraphs, s.Reviews, rate)
	return b.String()
}

// finish prints the final line: counts, time, rate and size.
func (p *progress) finish(s *BuildStats) {
	if p == nil {
		return
	}
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "indexed %d paragraphs of %d reviews in %s: %.0f paragraphs/s", s.Paragraphs, s.Reviews,
		s.Elapsed.Round(time.Millisecond), s.Rate())
	if s.Bytes > 0 {
		fmt.Fprintf(p.w, ", %.1f MB on disk", float64(s.Bytes)/1e6)
	}
	fmt.Fprintln(p.w)
}

package corpus

import (
	"context"
	"errors"
	"fmt"
	"golang.org/x/text/encoding"
	"log/slog"
	"sort"
	"strconv"
)

// Options configure a load.
type Options struct {
	// Strict makes the load fail on the first skipped record.
	Strict bool
	// Mapping maps CSV column names (and JSON Lines keys) to review fields;
	// nil means the defaults (see ColumnMapping).
	Mapping ColumnMapping
	// Logger receives skips and warnings as they happen; nil discards them.
	Logger *slog.Logger
	// Encoding is the character set of CSV and JSON Lines files (see
	// ParseEncoding); nil means UTF-8, with any row that is not read as
	// Windows-1252 and warned about.
	Encoding encoding.Encoding
}

// Report summarises a load.
type Report struct {
	// Files counts the files read (pages and exports).
	Files int `json:"files"`
	// Reviews counts the reviews passed to the callback.
	Reviews int `json:"reviews"`
	// BySite, ByKind and ByOutlet count reviews by site, kind and outlet
	// (an unknown outlet counts under "").
	BySite   map[string]int `json:"by_site"`
	ByKind   map[string]int `json:"by_kind"`
	ByOutlet map[string]int `json:"by_outlet"`
	// Aggregates are the page-level scores pages state per work.
	Aggregates []Aggregate `json:"aggregates,omitempty"`
	// Skipped lists the records, lines and files that were not read, and why.
	Skipped []Skip `json:"skipped,omitempty"`
	// Warnings lists fields that could not be read in records that were kept
	// (an unreadable score or date is left unknown).
	Warnings []Skip `json:"warnings,omitempty"`
}

// Skip is one record (or file) that was not read, or one field left unknown.
type Skip struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"` // 0 when the whole file is meant
	Reason string `json:"reason"`
}

// Error formats the skip as "file:line: reason".
func (s Skip) Error() string {
	if s.Line > 0 {
		return s.File + ":" + strconv.Itoa(s.Line) + ": " + s.Reason
	}
	return s.File + ": " + s.Reason
}

// ErrNothingRead is wrapped by the error a load returns when not one review
// could be read.
var ErrNothingRead = errors.New("no reviews could be read")

// loader carries one load's state.
type loader struct {
	ctx  context.Context
	opts Options
	rep  *Report
	fn   func(Review) error
	log  *slog.Logger
	// pages holds reviews from page files, linked by fingerprint and
	// emitted at the end; bulk rows are emitted as they are read.
	pages []Review
}

func newLoader(ctx context.Context, opts Options, fn func(Review) error) *loader {
	lg := opts.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &loader{
		ctx: ctx, opts: opts, fn: fn, log: lg,
		rep: &Report{BySite: map[string]int{}, ByKind: map[string]int{}, ByOutlet: map[string]int{}},
	}
}

// strictError marks the error that stops a strict load.
type strictError struct{ Skip }

func (e strictError) Error() string { return "strict: " + e.Skip.Error() }
func (e strictError) Unwrap() error { return e.Skip }

// skip records a skipped record; with Strict it returns the error that stops the load.
func (l *loader) skip(s Skip) error {
	l.rep.Skipped = append(l.rep.Skipped, s)
	l.log.Warn("skipped", "file", s.File, "line", s.Line, "reason", s.Reason)
	if l.opts.Strict {
		return strictError{s}
	}
	return nil
}

// warn records a field left unknown in a kept record.
func (l *loader) warn(s Skip) {
	l.rep.Warnings = append(l.rep.Warnings, s)
	l.log.Info("field left unknown", "file", s.File, "line", s.Line, "reason", s.Reason)
}

// callbackError marks an error returned by the caller's callback.
type callbackError struct{ err error }

func (e callbackError) Error() string { return e.err.Error() }
func (e callbackError) Unwrap() error { return e.err }

// emit counts r and passes it to the callback.
func (l *loader) emit(r Review) error {
	if err := l.ctx.Err(); err != nil {
		return err
	}
	l.rep.Reviews++
	l.rep.BySite[r.Site]++
	l.rep.ByKind[string(r.Kind)]++
	l.rep.ByOutlet[r.Outlet]++
	if err := l.fn(r); err != nil {
		return callbackError{err}
	}
	return nil
}

// flushPages links the buffered page reviews and emits them.
func (l *loader) flushPages() error {
	linkSameText(l.pages)
	for _, r := range l.pages {
		if err := l.emit(r); err != nil {
			return err
		}
	}
	l.pages = nil
	return nil
}

// end turns the load's outcome into the error the caller sees.
func (l *loader) end(err error) (*Report, error) {
	if err == nil {
		err = l.flushPages()
	}
	var cb callbackError
	switch {
	case errors.As(err, &cb):
		return l.rep, cb.err
	case err != nil:
		return l.rep, err
	case l.rep.Reviews == 0:
		if len(l.rep.Skipped) > 0 {
			return l.rep, fmt.Errorf("%w (%d skipped, first: %v)", ErrNothingRead, len(l.rep.Skipped), l.rep.Skipped[0])
		}
		return l.rep, ErrNothingRead
	}
	return l.rep, nil
}

// linkSameText sets SameText on reviews that share a fingerprint, so that a
// copy of a review on another site is linked to the original. Each list is
// sorted by ID.
func linkSameText(rs []Review) {
	byFP := map[string][]int{}
	for i, r := range rs {
		if r.Fingerprint != "" {
			byFP[r.Fingerprint] = append(byFP[r.Fingerprint], i)
		}
	}
	for _, idx := range byFP {
		if len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			var same []string
			for _, j := range idx {
				if j != i && rs[j].ID != rs[i].ID {
					same = append(same, rs[j].ID)
				}
			}
			sort.Strings(same)
			rs[i].SameText = same
		}
	}
}

package search

import (
	"errors"
	"time"
)

// ErrNotFound is wrapped by errors for a review or paragraph that does not exist.
var ErrNotFound = errors.New("not found")

// InvalidError reports a bad request parameter, naming it.
type InvalidError struct {
	Param  string
	Reason string
}

func (e *InvalidError) Error() string { return "invalid " + e.Param + ": " + e.Reason }

// BusyError reports a search refused because as many searches as the
// server allows are running or waiting; try again after RetryAfter.
type BusyError struct {
	RetryAfter time.Duration
}

func (e *BusyError) Error() string {
	return "too many searches at once; try again in " + e.RetryAfter.String()
}

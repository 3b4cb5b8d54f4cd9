package search

import "errors"

// ErrNotFound is wrapped by errors for a review or paragraph that does not exist.
var ErrNotFound = errors.New("not found")

// InvalidError reports a bad request parameter, naming it.
type InvalidError struct {
	Param  string
	Reason string
}

func (e *InvalidError) Error() string { return "invalid " + e.Param + ": " + e.Reason }

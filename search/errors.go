package search

import (
	"errors"
	"time"
)

// ErrNotFound is wrapped by errors for a review or paragraph that does not exist.
var ErrNotFound = errors.New("not found")

// ErrUnavailable is wrapped by an engine's error when the part of the
// index a request needs does not answer (a node down or cut off): the
// request is refused, not failed, and may succeed when retried.
var ErrUnavailable = errors.New("index unavailable")

// UnavailableRetry is when a client refused by ErrUnavailable may try
// again: a cluster promotes a replica or a node returns within seconds.
const UnavailableRetry = 5 * time.Second

// DeadlineRetry is when a client whose search ran out of time may try
// again.
const DeadlineRetry = 2 * time.Second

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

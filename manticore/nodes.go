package manticore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/pullquote/pullquote/search"
)

// Which node of the address a statement goes to. Any node's distributed
// index covers every shard, so the first that answers will do; but a
// node cut off the network does not refuse, it says nothing: a new
// connection waits for its dial to time out and a pooled one for as long
// as the caller lets it. So every attempt first takes a connection that
// answers a ping within nodeTimeout, and a node that did not is asked
// after the others for nodeRetry.
const (
	// nodeTimeout bounds taking a connection to a node (dial, greeting)
	// and its answer to a ping: a fraction of a millisecond on a LAN.
	nodeTimeout = time.Second
	// nodeRetry is how long a node that did not answer is asked after the
	// others; then it is asked in its turn again.
	nodeRetry = 10 * time.Second
	// maxIdle is how many idle connections are kept to each node.
	maxIdle = 8
)

// querier is what a statement is run on: a node's pool (*sql.DB) or one
// connection of it (*sql.Conn).
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// onNode runs fn on the first node that answers, those that did not
// lately last. When none does, the error wraps search.ErrUnavailable.
func (e *Engine) onNode(ctx context.Context, fn func(context.Context, querier) error) error {
	var errs []error
	for _, i := range e.order() {
		err := e.tryNode(ctx, i, fn)
		if err == nil {
			e.mark(i, nil)
			return nil
		}
		if !unreachable(err) || ctx.Err() != nil {
			return err
		}
		e.mark(i, err)
		errs = append(errs, fmt.Errorf("node %s: %w", e.addr.Nodes[i], err))
	}
	return fmt.Errorf("%w: no node answered: %w", search.ErrUnavailable, errors.Join(errs...))
}

// tryNode runs fn on a connection to node i that answers a ping within
// nodeTimeout.
func (e *Engine) tryNode(ctx context.Context, i int, fn func(context.Context, querier) error) error {
	pctx, cancel := context.WithTimeout(ctx, nodeTimeout)
	defer cancel()
	conn, err := e.nodes[i].Conn(pctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.PingContext(pctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return fn(ctx, conn)
}

// order is the order in which to ask the nodes: those that answered
// last time or did not more than nodeRetry ago, in the address's order,
// then the others.
func (e *Engine) order() []int {
	e.healthMu.Lock()
	defer e.healthMu.Unlock()
	var up, down []int
	for i, t := range e.down {
		if t.IsZero() || time.Since(t) >= nodeRetry {
			up = append(up, i)
		} else {
			down = append(down, i)
		}
	}
	return append(up, down...)
}

// mark records whether node i answered (err nil). A node that did not
// has its idle connections closed, which may be as silent as it is.
func (e *Engine) mark(i int, err error) {
	e.healthMu.Lock()
	defer e.healthMu.Unlock()
	if err == nil {
		e.down[i] = time.Time{}
		return
	}
	e.down[i] = time.Now()
	e.nodes[i].SetMaxIdleConns(0) // closes them
	e.nodes[i].SetMaxIdleConns(maxIdle)
}

// unreachable reports whether err is a node not answering (so another
// node may), not a bad statement.
func unreachable(err error) bool {
	var me *mysql.MySQLError
	return !errors.As(err, &me) // else the server answered, with an error
}

package main

import (
	"context"
	"errors"
)

func runIndex(ctx context.Context, e env, args []string) error {
	return errors.New("index: not implemented yet")
}

package main

import (
	"context"
	"errors"
)

func runCorpus(ctx context.Context, e env, args []string) error {
	return errors.New("corpus: not implemented yet")
}

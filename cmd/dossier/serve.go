package main

import (
	"fmt"
	"io"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "dossier serve: not implemented yet")
	return exitUsage
}

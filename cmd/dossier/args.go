package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// argFlags makes the flag set of a command that takes arguments as well as
// flags (new, templates, capture); synopsis follows "dossier NAME" in its
// usage.
func argFlags(name, synopsis, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: dossier %s %s\n\n%s\n", name, synopsis, summary)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprint(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseArgs parses flags given before, between or after a command's
// arguments ("dossier capture page.html -id x" as well as "-id x
// page.html"), and wants exactly the arguments named in want. Like parse,
// -help prints usage to stdout and exits 0; a bad flag or a wrong number
// of arguments prints the problem and usage to stderr and exits 2.
func parseArgs(fs *flag.FlagSet, args []string, stdout io.Writer, want ...string) ([]string, int, bool) {
	stderr := fs.Output()
	fs.SetOutput(io.Discard) // the flag package would print usage itself
	var pos []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, exitOK, false
		case err != nil:
			fs.SetOutput(stderr)
			fmt.Fprintf(stderr, "dossier %s: %v\n", fs.Name(), err)
			fs.Usage()
			return nil, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...) // everything after -- is an argument
			break
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
	fs.SetOutput(stderr)
	switch {
	case len(pos) < len(want):
		fmt.Fprintf(stderr, "dossier %s: missing %s\n", fs.Name(), strings.Join(want[len(pos):], " "))
		fs.Usage()
		return nil, exitUsage, false
	case len(pos) > len(want):
		fmt.Fprintf(stderr, "dossier %s: unexpected argument %q\n", fs.Name(), pos[len(want)])
		return nil, exitUsage, false
	}
	return pos, exitOK, true
}

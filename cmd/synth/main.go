// Command synth writes a synthetic dossier for benchmarks: N claims, N/10
// sources and 50 questions, shaped like ../shared/bench/synth_dossier.py.
//
//	go run ./cmd/synth -claims 10000 /tmp/synth
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dossier-ssg/dossier/internal/synth"
)

func main() {
	var opt synth.Options
	flag.IntVar(&opt.Claims, "claims", 1000, "number of `claims`; sources are a tenth of it")
	flag.IntVar(&opt.Questions, "questions", 50, "number of `questions`")
	flag.BoolVar(&opt.Lean, "lean", false, "leave claim contexts out")
	flag.Uint64Var(&opt.Seed, "seed", 1, "random `seed`; the same seed gives the same dossier")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: synth [flags] DIR\n\nWrites a synthetic dossier into DIR.\n\nFlags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	st, err := synth.Write(flag.Arg(0), opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %s\n", flag.Arg(0), st)
}

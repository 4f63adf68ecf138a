package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/dossier-ssg/dossier/internal/scaffold"
)

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := argFlags("new", "DIR", "Writes a new dossier into DIR, which must be new or empty: dossier.yaml, one\nexample source with its capture, a .gitignore, GitHub workflows that check\nand publish it, and a README. It builds and passes dossier check -strict\nas it is; replace the example with your own sources.", stderr)
	pos, code, ok := parseArgs(fs, args, stdout, "DIR")
	if !ok {
		return code
	}
	dir := pos[0]
	if err := scaffold.Write(dir); err != nil {
		fmt.Fprintln(stderr, "dossier new:", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "wrote a new dossier into %s: one example source with its capture, and workflows for GitHub\nnext:\n", dir)
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(stdout, "  cd %s\n", dir)
	}
	fmt.Fprintf(stdout, `  dossier check -strict   # checks it, quotes included
  dossier serve           # previews it at http://127.0.0.1:8080
then replace the example with your own sources; %s says how to publish the dossier
`, filepath.Join(dir, "README.md"))
	return exitOK
}

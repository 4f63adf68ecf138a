package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/synth"
)

// BenchmarkLoadContexts loads a dossier.yaml of 5,000 claims, each with a
// block-scalar context: positions inside block scalars must not make
// loading quadratic in the file's length.
func BenchmarkLoadContexts(b *testing.B) {
	var y strings.Builder
	y.WriteString("title: Big\nclaims:\n")
	for i := range 5000 {
		fmt.Fprintf(&y, "  - id: c%d\n    statement: Claim %d.\n    context: |\n      Context of claim %d.\n      A second line.\n", i, i, i)
	}
	root := b.TempDir()
	if err := os.WriteFile(filepath.Join(root, ConfigName), []byte(y.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, errs, err := Load(root); err != nil || errs.Errors() > 0 {
			b.Fatal(err, errs)
		}
	}
}

// BenchmarkConfig reads the dossier.yaml of a synthetic dossier of 10,000
// claims as one document and item by item (split.go).
func BenchmarkConfig(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Write(dir, synth.Options{Claims: 10000}); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, ConfigName))
	if err != nil {
		b.Fatal(err)
	}
	for _, split := range []bool{false, true} {
		name := "whole"
		if split {
			name = "split"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var d model.Dossier
				var errs diag.List
				readConfig(&d, ConfigName, data, &errs, nil, split)
				if len(d.Claims) != 10000 || errs.Errors() > 0 {
					b.Fatal(len(d.Claims), errs)
				}
			}
		})
	}
}

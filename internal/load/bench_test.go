package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

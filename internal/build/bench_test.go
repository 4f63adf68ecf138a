package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// synthetic writes a dossier of the given size: every source annotates
// perSource claims and links to some in its summary, every claim relates to
// the next one, so indexes, backlinks and notes are all exercised.
func synthetic(tb testing.TB, claims, sources, questions, perSource int) string {
	tb.Helper()
	dir := tb.TempDir()
	var y strings.Builder
	y.WriteString("title: Synthetic\norigins:\n  - id: wire\n    name: The Wire\n    kind: agency\nquestions:\n")
	for q := range questions {
		fmt.Fprintf(&y, "  - id: q%d\n    question: Question %d?\n", q, q)
	}
	y.WriteString("claims:\n")
	for c := range claims {
		fmt.Fprintf(&y, "  - id: c%d\n    statement: Claim number %d holds.\n    topic: Topic %d\n", c, c, c%20)
		if c+1 < claims {
			fmt.Fprintf(&y, "    related:\n      - claim: c%d\n        relation: supports\n", c+1)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte(y.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "content"), 0o755)
	stances := []string{"supports", "disputes", "hedges", "mentions"}
	for s := range sources {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Source %d\noutlet: Outlet %d\nkind: report\npublished: 2024-07-01\nrelays:\n  - origin: wire\nannotations:\n", s, s%7)
		for i := range perSource {
			c := (s*perSource + i) % claims
			fmt.Fprintf(&b, "  - claim: c%d\n    stance: %s\n    quote: Source %d says claim %d, in so many words.\n    locator: p. %d\n", c, stances[(s+i)%4], s, c, i)
			if i%3 == 0 {
				b.WriteString("    via: wire\n")
			}
		}
		for q := range questions {
			if (s+q)%3 == 0 {
				fmt.Fprintf(&b, "  - question: q%d\n    stance: supports\n    answer: Answer %d\n    quote: The answer is %d.\n", q, (s+q)%2, q)
			}
		}
		b.WriteString("---\n# Summary\n\n")
		for i := range 5 {
			c := (s*perSource + i) % claims
			fmt.Fprintf(&b, "Paragraph %d links to [claim %d](claim:c%d) and cites [@s%d, p. %d]. Some *emphasis*, a [link](https://example.org/%d).\n\n", i, c, c, s, i, i)
		}
		b.WriteString("```go\nfunc main() { println(\"hi\") }\n```\n")
		if err := os.WriteFile(filepath.Join(dir, "content", fmt.Sprintf("s%d.md", s)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkBuild measures a whole build, files to files, at three sizes.
func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct{ claims, sources, questions, per int }{
		{100, 20, 10, 10},
		{1000, 200, 50, 10},
		{5000, 500, 100, 20},
	} {
		b.Run(fmt.Sprintf("claims=%d/sources=%d", size.claims, size.sources), func(b *testing.B) {
			root := synthetic(b, size.claims, size.sources, size.questions, size.per)
			out := filepath.Join(b.TempDir(), "build")
			b.ResetTimer()
			for b.Loop() {
				_, errs, err := Run(Options{Root: root, Out: out})
				if err != nil || errs.Errors() > 0 {
					b.Fatal(err, errs)
				}
			}
			b.ReportMetric(float64(size.claims+size.sources+size.questions+5), "pages/op")
		})
	}
}

// BenchmarkCheck measures check alone: load, check and parse, no output.
func BenchmarkCheck(b *testing.B) {
	root := synthetic(b, 5000, 500, 100, 20)
	for b.Loop() {
		if _, errs, err := Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
			b.Fatal(err, errs)
		}
	}
}

// TestSyntheticScales builds a mid-sized synthetic dossier through every
// structural check, so the benchmark's input is known to be a valid site.
func TestSyntheticScales(t *testing.T) {
	root := synthetic(t, 300, 40, 12, 10)
	out := buildOK(t, root, "")
	d := loadModel(t, root)
	checkAll(t, d, out)
}

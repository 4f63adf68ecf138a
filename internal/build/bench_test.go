package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-ssg/dossier/internal/synth"
)

// synthetic writes a synthetic dossier of the given number of claims (a
// tenth as many sources, 50 questions): the shape `go run ./cmd/synth`
// writes for the side-by-side benchmark against Hugo.
func synthetic(tb testing.TB, claims int) string {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := synth.Write(dir, synth.Options{Claims: claims, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkBuild measures a whole build, files to files, at three sizes.
func BenchmarkBuild(b *testing.B) {
	for _, claims := range []int{100, 1000, 5000} {
		b.Run(fmt.Sprintf("claims=%d", claims), func(b *testing.B) {
			root := synthetic(b, claims)
			out := filepath.Join(b.TempDir(), "build")
			b.ResetTimer()
			for b.Loop() {
				_, errs, err := Run(Options{Root: root, Out: out})
				if err != nil || errs.Errors() > 0 {
					b.Fatal(err, errs)
				}
			}
		})
	}
}

// BenchmarkCheck measures check alone: everything a build derives, no output.
func BenchmarkCheck(b *testing.B) {
	root := synthetic(b, 5000)
	for b.Loop() {
		if _, errs, err := Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
			b.Fatal(err, errs)
		}
	}
}

// TestSyntheticScales builds a mid-sized synthetic dossier through every
// structural check, so the benchmark's input is known to be a valid site.
func TestSyntheticScales(t *testing.T) {
	root := synthetic(t, 150)
	out := buildOK(t, root, "")
	d := loadModel(t, root)
	checkAll(t, d, out)
}

// TestSyntheticSmall: a synthetic dossier of fewer claims than its
// questions take is still a valid one (it had questions without answers,
// and below 100 claims the generator crashed).
func TestSyntheticSmall(t *testing.T) {
	for _, claims := range []int{1, 10, 60} {
		root := synthetic(t, claims)
		if _, errs, err := Run(Options{Root: root, Check: true}); err != nil || errs.Errors() > 0 {
			t.Errorf("%d claims: %v %v", claims, err, errs)
		}
	}
}

// BenchmarkPreviewEdit measures what the preview does after an edit of one
// source: load again (parsing only that file), check, derive, and lay out
// the edited source's page, which the browser then asks for. The write and
// the browser's reload add a few milliseconds; e2e measures the whole
// round trip.
func BenchmarkPreviewEdit(b *testing.B) {
	previewEdits(b, "content/s1.md", "sources/s1.html", func(data []byte, i int) []byte {
		return append(bytes.Clone(data), fmt.Sprintf("\nEdit number %d.\n", i)...)
	})
}

// BenchmarkPreviewEditClaim is BenchmarkPreviewEdit for an edit to one
// claim's statement in dossier.yaml, then its page asked for.
func BenchmarkPreviewEditClaim(b *testing.B) {
	const start = `statement: "Claim 1:`
	previewEdits(b, "dossier.yaml", "claims/c1.html", func(data []byte, i int) []byte {
		return bytes.Replace(data, []byte(start), fmt.Appendf(nil, "%s edit %d,", start, i), 1)
	})
}

// previewEdits times, at 1,000 and 10,000 claims, the preview's rebuild
// after each of b.N edits of file, made by edit, and the page asked for.
func previewEdits(b *testing.B, file, page string, edit func(data []byte, i int) []byte) {
	for _, claims := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("claims=%d", claims), func(b *testing.B) {
			root := synthetic(b, claims)
			var ss Session
			if _, errs, err := ss.Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
				b.Fatal(err, errs)
			}
			p := filepath.Join(root, filepath.FromSlash(file))
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; b.Loop(); i++ {
				changed := edit(data, i)
				if bytes.Equal(changed, data) {
					b.Fatalf("the edit left %s as it was", file)
				}
				if err := os.WriteFile(p, changed, 0o644); err != nil {
					b.Fatal(err)
				}
				res, errs, err := ss.Run(Options{Root: root})
				if err != nil || errs.Errors() > 0 {
					b.Fatal(err, errs)
				}
				if _, ok, err := res.Site.File(page); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	root := synthetic(t, 300)
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
	for _, claims := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("claims=%d", claims), func(b *testing.B) {
			root := synthetic(b, claims)
			var ss Session
			if _, errs, err := ss.Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
				b.Fatal(err, errs)
			}
			p := filepath.Join(root, "content", "s1.md")
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; b.Loop(); i++ {
				edit := append(bytes.Clone(data), fmt.Sprintf("\nEdit number %d.\n", i)...)
				if err := os.WriteFile(p, edit, 0o644); err != nil {
					b.Fatal(err)
				}
				res, errs, err := ss.Run(Options{Root: root})
				if err != nil || errs.Errors() > 0 {
					b.Fatal(err, errs)
				}
				if _, ok, err := res.Site.File("sources/s1.html"); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

// BenchmarkPreviewEditClaim is BenchmarkPreviewEdit for an edit to one
// claim's statement in dossier.yaml, then its page asked for.
func BenchmarkPreviewEditClaim(b *testing.B) {
	for _, claims := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("claims=%d", claims), func(b *testing.B) {
			root := synthetic(b, claims)
			var ss Session
			if _, errs, err := ss.Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
				b.Fatal(err, errs)
			}
			p := filepath.Join(root, "dossier.yaml")
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			at := bytes.Index(data, []byte("statement: \"Claim 1:"))
			if at < 0 {
				b.Fatal("no claim c1 in dossier.yaml")
			}
			for i := 0; b.Loop(); i++ {
				edit := slices.Concat(data[:at], fmt.Appendf(nil, "statement: \"Claim 1, edit %d:", i), data[at+len("statement: \"Claim 1:"):])
				if err := os.WriteFile(p, edit, 0o644); err != nil {
					b.Fatal(err)
				}
				res, errs, err := ss.Run(Options{Root: root})
				if err != nil || errs.Errors() > 0 {
					b.Fatal(err, errs)
				}
				if _, ok, err := res.Site.File("claims/c1.html"); !ok || err != nil {
					b.Fatal(ok, err)
				}
			}
		})
	}
}

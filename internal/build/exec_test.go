package build

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dossier-ssg/dossier/internal/check"
	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/render"
	"github.com/dossier-ssg/dossier/internal/verdict"
	"github.com/dossier-ssg/dossier/internal/verify"
	"github.com/dossier-ssg/dossier/templates"
)

// TestExecutorMatchesHTMLTemplate lays out every page of six differently
// shaped dossiers (the example in English and in German, the Norwegian
// second dossier with its captures, the features and GFM dossiers, a
// synthetic one of 100 claims) twice: with the executor that runs the
// default templates, and with html/template alone. Every file must be the
// same, byte for byte, with and without a base URL; and the executor must
// have laid out every page itself, leaving none to html/template.
func TestExecutorMatchesHTMLTemplate(t *testing.T) {
	example, exampleCaps := exampleIn(t, "en", "")
	german, germanCaps := exampleIn(t, "de", "")
	second := unpack(t, "testdata/second.txtar")
	for _, c := range []struct{ name, root, captures string }{
		{"example", example, exampleCaps},
		{"german", german, germanCaps},
		{"second", second, filepath.Join(second, "caps")},
		{"features", unpack(t, "testdata/features.txtar"), ""},
		{"gfm", unpack(t, "testdata/gfm.txtar"), ""},
		{"synthetic", synthetic(t, 100), ""}, // three pages past the executor's first chunk
	} {
		t.Run(c.name, func(t *testing.T) {
			tmpl := sameAsHTMLTemplate(t, c.root, c.captures, "", "https://example.org/a+b/")
			for _, name := range []string{"index.html", "claim.html", "source.html", "question.html", "matrix.html",
				"claims-matrix.html", "timeline.html", "people.html", "bibliography.html", "method.html", "search.html", "404.html"} {
				runs, fallbacks := tmpl.Executor(name)
				if !runs || fallbacks > 0 {
					t.Errorf("%s: executor runs %v, left %d pages to html/template", name, runs, fallbacks)
				}
			}
		})
	}
}

// sameAsHTMLTemplate loads the dossier at root as a build does and lays
// out its whole site with the default templates, once with the executor
// and once with html/template alone, for each base URL: every file must be
// the same. It returns the templates, whose executors have run.
func sameAsHTMLTemplate(t *testing.T, root, captures string, bases ...string) *render.Templates {
	t.Helper()
	d, errs, err := load.Load(root)
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	check.Dossier(d)
	if _, _, err := verify.Dossier(d, captures); err != nil {
		t.Fatal(err)
	}
	verdict.Derive(d)
	tmpl, errs, err := render.LoadTemplates(templates.FS, nil, d.Labels)
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	for _, base := range bases {
		fast := layOut(t, d, tmpl, base)
		ref := layOut(t, d, tmpl.Reference(), base)
		if len(fast) != len(ref) {
			t.Errorf("base %q: %d files with the executor, %d without", base, len(fast), len(ref))
		}
		for path, want := range ref {
			if got := fast[path]; !bytes.Equal(got, want) {
				t.Errorf("base %q: %s differs from html/template's: %s", base, path, firstDifference(got, want))
			}
		}
	}
	return tmpl
}

// layOut renders the whole site of d with tmpl, into memory.
func layOut(t *testing.T, d *model.Dossier, tmpl *render.Templates, base string) map[string][]byte {
	t.Helper()
	files, errs, err := render.Site(d, md, render.Options{Templates: tmpl, BaseURL: base})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Data
	}
	return out
}

// firstDifference shows where two pages part.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n got: %q\nwant: %q", i, got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// BenchmarkLayOut lays out every page of a synthetic dossier of 1,000
// claims into memory, with the executor and with html/template alone: the
// pages' share of a build, without loading, checking or writing files.
func BenchmarkLayOut(b *testing.B) {
	root := synthetic(b, 1000)
	d, errs, err := load.Load(root)
	if err != nil || errs.Errors() > 0 {
		b.Fatal(err, errs)
	}
	verdict.Derive(d)
	tmpl, errs, err := render.LoadTemplates(templates.FS, nil, d.Labels)
	if err != nil || errs.Errors() > 0 {
		b.Fatal(err, errs)
	}
	for _, c := range []struct {
		name string
		tmpl *render.Templates
	}{{"executor", tmpl}, {"html-template", tmpl.Reference()}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, errs, err := render.Site(d, md, render.Options{Templates: c.tmpl, Write: func(render.File) error { return nil }}); err != nil || errs.Errors() > 0 {
					b.Fatal(err, errs)
				}
			}
		})
	}
}

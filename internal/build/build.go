// Package build runs the whole pipeline once: load, check, verify, render,
// write. The CLI and the preview server both call it.
package build

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dossier-ssg/dossier/internal/check"
	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/markdown"
	"github.com/dossier-ssg/dossier/internal/render"
	"github.com/dossier-ssg/dossier/internal/site"
	"github.com/dossier-ssg/dossier/internal/verdict"
	"github.com/dossier-ssg/dossier/internal/verify"
	"github.com/dossier-ssg/dossier/templates"
)

// Options configure one run.
type Options struct {
	Root      string // folder with dossier.yaml
	Out       string // output folder; empty to keep the files in Result only (check, serve)
	Captures  string // captures folder; overrides dossier.yaml's captures
	BaseURL   string // overrides dossier.yaml's base_url
	BuildDate string // printed in page footers; empty for none
	Strict    bool   // warnings fail the run too (unverified quotes among them)
}

// Result describes a run.
type Result struct {
	Verification verify.Summary
	Files        []render.File
}

// md is shared by every run: goldmark and the chroma lexers are set up once.
var md = markdown.New()

// Run runs the pipeline. Content problems come back as a sorted list of
// errors and warnings; err is for usage and I/O failures. Nothing is written
// when the list has an error, or, under Strict, a warning, and nothing at
// all without opt.Out: the files are rendered all the same (rendering finds
// template errors) and come back in Result.Files.
func Run(opt Options) (*Result, diag.List, error) {
	root := opt.Root
	if root == "" {
		root = "."
	}
	if opt.Out != "" {
		if err := site.CheckOut(opt.Out, root, filepath.Join(root, load.ContentDir)); err != nil {
			return nil, nil, err
		}
		// Before the work of a build: refuse a folder that is not a
		// previous build, and put back one that a killed build left aside.
		if err := site.Prepare(opt.Out); err != nil {
			return nil, nil, err
		}
	}
	d, errs, err := load.Load(root)
	if err != nil {
		return nil, nil, err
	}
	errs.Append(check.Dossier(d))
	// A folder named on the command line must exist; the one dossier.yaml
	// names may be absent (a fresh clone without the captures beside it),
	// and the build then says the quotes were not re-verified.
	captures := opt.Captures
	if captures != "" {
		if fi, err := os.Stat(captures); err != nil || !fi.IsDir() {
			return nil, nil, fmt.Errorf("captures folder %s: not found; pass an existing folder, or none to use captures: from %s", captures, load.ConfigName)
		}
	} else if d.Captures != "" {
		captures = filepath.FromSlash(d.Captures)
		if !filepath.IsAbs(captures) {
			captures = filepath.Join(root, captures)
		}
	}
	sum, verrs, err := verify.Dossier(d, captures)
	if err != nil {
		return nil, nil, err
	}
	errs.Append(verrs)
	own, terrs, err := load.Templates(root)
	if err != nil {
		return nil, nil, err
	}
	errs.Append(terrs)
	tmpl, terrs, err := render.LoadTemplates(templates.FS, own)
	if err != nil {
		return nil, nil, err
	}
	errs.Append(terrs)
	if errs.Errors() > 0 {
		// Still parse the Markdown, so one run reports every problem.
		errs.Append(render.Check(d, md))
		return &Result{Verification: sum}, errs.Sort(), nil
	}
	// Every verdict is derived once, here, before any page is laid out.
	errs.Append(verdict.Derive(d))
	files, rerrs, err := render.Site(d, md, render.Options{Templates: tmpl, BaseURL: opt.BaseURL, BuildDate: opt.BuildDate, Verification: sum})
	errs.Append(rerrs)
	if err != nil || errs.Fails(opt.Strict) {
		return &Result{Verification: sum}, errs.Sort(), err
	}
	res := &Result{Verification: sum, Files: files}
	if opt.Out != "" {
		if err := site.Write(opt.Out, files); err != nil {
			return nil, nil, err
		}
	}
	return res, errs.Sort(), nil
}

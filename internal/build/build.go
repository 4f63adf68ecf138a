// Package build runs the whole pipeline once: load, check, verify, render,
// write. The CLI and the preview server both call it.
package build

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/dossier-ssg/dossier/internal/check"
	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/markdown"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/render"
	"github.com/dossier-ssg/dossier/internal/site"
	"github.com/dossier-ssg/dossier/internal/verdict"
	"github.com/dossier-ssg/dossier/internal/verify"
	"github.com/dossier-ssg/dossier/templates"
)

// Options configure one run.
type Options struct {
	Root      string // folder with dossier.yaml
	Out       string // output folder; empty to keep the files in Result (serve), unless Check
	Check     bool   // derive and check everything, render no page
	Captures  string // captures folder; overrides dossier.yaml's captures
	BaseURL   string // overrides dossier.yaml's base_url
	BuildDate string // printed in page footers; empty for none
	Strict    bool   // warnings fail the run too (unverified quotes among them)
	// Single, when set, is the one file the run writes: the whole
	// dossier as one self-contained HTML document (render.Single), in
	// place of a site. Out must then be empty.
	Single string
}

// Result describes a run.
type Result struct {
	Verification verify.Summary
	Site         *render.Prepared // without Out or Check: the site, laid out page by page on demand
	Pages        int              // HTML pages written, or to be laid out
}

// md is shared by every run: goldmark and the chroma lexers are set up once.
var md = markdown.New()

// Run runs the pipeline once. Content problems come back as a sorted list
// of errors and warnings; err is for usage and I/O failures. Nothing is
// written when the list has an error, or, under Strict, a warning, and
// nothing at all without opt.Out: the site comes back in Result.Site, to be
// laid out page by page, or, with opt.Check, is not made (one page of each
// kind is laid out into nothing, so template mistakes are still found).
func Run(opt Options) (*Result, diag.List, error) {
	return (&Session{once: true}).Run(opt)
}

// Session runs the pipeline again and again on one dossier (the preview),
// keeping what did not change: files whose bytes are the same are not
// parsed again, nor Markdown texts rendered again, and the site it returns
// lays out a page only when asked for it. The zero value is ready; a
// Session is not for concurrent use.
type Session struct {
	files     load.Cache
	pages     render.Cache
	templates render.TemplateCache
	shapes    verify.Shapes
	// once is a session of one run (a build or a check): it keeps
	// nothing, so what it parsed is freed as soon as it is used.
	once bool
}

// Run is the package's Run, reusing what the session kept.
func (ss *Session) Run(opt Options) (*Result, diag.List, error) {
	root := opt.Root
	if root == "" {
		root = "."
	}
	if opt.Single != "" {
		if opt.Out != "" {
			return nil, nil, fmt.Errorf("a build writes either a site (out) or a single file, not both")
		}
		if err := site.CheckSingle(opt.Single, filepath.Join(root, load.ContentDir), filepath.Join(root, load.TemplatesDir)); err != nil {
			return nil, nil, err
		}
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
	loadFn := ss.files.Load
	if ss.once {
		loadFn = load.Load
	}
	d, errs, err := loadFn(root)
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
	// The preview keeps what it parsed and laid out between builds; a
	// build to disk, a check or a single file keeps nothing.
	preview := opt.Out == "" && opt.Single == "" && !opt.Check && !ss.once
	// The Markdown parses while the quotes are verified and the verdicts
	// derived, on the CPUs they leave idle: the parse reads neither. Run
	// returns only once the parse is done, whichever way it returns. (The
	// preview parses again only what changed, through its cache.)
	var early chan *render.Parsed
	if !preview {
		early = make(chan *render.Parsed, 1)
		go func() { early <- render.Parse(d, md, render.Options{BaseURL: opt.BaseURL}) }()
		defer func() {
			if early != nil {
				<-early
			}
		}()
	}
	parsed := func(ropt render.Options) render.Options {
		if early != nil {
			ropt.Parsed = <-early
			early = nil
		}
		return ropt
	}
	renderCheck := func(ropt render.Options) (diag.List, error) {
		return render.Check(d, md, parsed(ropt))
	}
	verifier := &ss.shapes
	if ss.once {
		verifier = nil // nothing to remember for
	}
	sum, verrs, err := verifier.Dossier(d, captures)
	if err != nil {
		return nil, nil, err
	}
	errs.Append(verrs)
	own, terrs, err := load.Templates(root)
	if err != nil {
		return nil, nil, err
	}
	errs.Append(terrs)
	tmpl, terrs, err := ss.templates.Load(templates.FS, own, d.Labels)
	if err != nil {
		return nil, nil, err
	}
	errs.Append(terrs)
	res := &Result{Verification: sum}
	ropt := render.Options{Templates: tmpl, BaseURL: opt.BaseURL, BuildDate: opt.BuildDate, Verification: sum}
	if preview {
		// The preview keeps its pages: a build to disk streams them
		// out and keeps none, so memory stays flat however large the
		// site, and a check has no second run to keep them for.
		ropt.Cache = &ss.pages
	}
	if errs.Errors() > 0 {
		// Still parse the Markdown, so one run reports every problem.
		ropt.Templates = nil
		cerrs, err := renderCheck(ropt)
		errs.Append(cerrs)
		return res, errs.Sort(), err
	}
	// Every verdict is derived once, here, before any page is laid out.
	errs.Append(verdict.Derive(d))
	if opt.Check || errs.Fails(opt.Strict) {
		cerrs, err := renderCheck(ropt)
		errs.Append(cerrs)
		return res, errs.Sort(), err
	}
	if opt.Single != "" {
		return writeSingle(opt.Single, d, parsed(ropt), opt.Strict, res, errs)
	}
	if opt.Out == "" {
		// The preview: pages are laid out when they are asked for.
		p, rerrs, err := render.Prepare(d, md, parsed(ropt))
		errs.Append(rerrs)
		if err != nil || rerrs.Fails(opt.Strict) {
			return res, errs.Sort(), err
		}
		res.Site, res.Pages = p, p.Pages()
		return res, errs.Sort(), nil
	}
	w, err := site.Begin(opt.Out)
	if err != nil {
		return nil, nil, err
	}
	var pages atomic.Int64
	ropt.Write = func(f render.File) error {
		if strings.HasSuffix(f.Path, ".html") {
			pages.Add(1)
		}
		return w.Write(f)
	}
	ropt.Stream = func(path string, write func(io.Writer) error) error {
		if strings.HasSuffix(path, ".html") {
			pages.Add(1)
		}
		return w.Stream(path, write)
	}
	// Warnings in the Markdown are found only now, as the pages are laid
	// out: under Strict they too leave the previous build as it was.
	_, rerrs, err := render.Site(d, md, parsed(ropt))
	errs.Append(rerrs)
	if err != nil || rerrs.Fails(opt.Strict) {
		w.Abort()
		return res, errs.Sort(), err
	}
	if err := w.Commit(); err != nil {
		return nil, nil, err
	}
	res.Pages = int(pages.Load())
	return res, errs.Sort(), nil
}

// errNotWritten stops the writing of a single file whose Markdown has
// errors; they come back in the list.
var errNotWritten = errors.New("not written")

// writeSingle writes the dossier as one file, atomically: on any problem
// the file is left as it was.
func writeSingle(file string, d *model.Dossier, ropt render.Options, strict bool, res *Result, errs diag.List) (*Result, diag.List, error) {
	var rerrs diag.List
	err := site.WriteFile(file, func(w io.Writer) (err error) {
		rerrs, res.Pages, err = render.Single(d, md, ropt, w)
		if err == nil && rerrs.Fails(strict) {
			err = errNotWritten
		}
		return err
	})
	errs.Append(rerrs)
	if err != nil {
		res.Pages = 0
		if errors.Is(err, errNotWritten) {
			err = nil
		}
	}
	return res, errs.Sort(), err
}

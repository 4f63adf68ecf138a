package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dossier-ssg/dossier/internal/capture"
	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/model"
)

// defaultCaptures is where captures go when dossier.yaml names no folder.
const defaultCaptures = "captures"

func cmdCapture(args []string, stdout, stderr io.Writer) int {
	var id, root string
	fset := argFlags("capture", "FILE [-id ID] [-root DIR]", `Saves the text of an article as a capture, the text its quotes are checked
against. FILE is the article as saved from a browser (.html or .htm: its
readable text is extracted, one paragraph per block) or its text (.txt:
taken as it is, only its line ends made "\n"); nothing is ever fetched.
The capture is written as ID.txt into the captures folder of dossier.yaml
(default captures/), and the capture: stanza to record in the source is
printed. With -id, a content/ID.md that records no capture yet gets the
stanza added to its front matter. An existing capture is never replaced.`, stderr)
	fset.StringVar(&id, "id", "", "the source's `ID`: names the capture ID.txt, and content/ID.md gets its stanza (default: made from FILE's name, and no source is changed)")
	fset.StringVar(&root, "root", ".", "the folder `DIR` that holds dossier.yaml")
	pos, code, ok := parseArgs(fset, args, stdout, "FILE")
	if !ok {
		return code
	}
	file := pos[0]
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "dossier capture: "+format+"\n", a...)
		return exitUsage
	}
	if l := strings.ToLower(file); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return fail("%s is an address, and dossier never fetches anything: open the page in your browser, save it (Save Page As, HTML only), and pass the saved file", file)
	}
	named := id != ""
	if !named {
		base := filepath.Base(file)
		id = model.Slug(strings.TrimSuffix(base, filepath.Ext(base)))
		if id == "" {
			return fail("cannot make an ID from the name %q; pass -id ID", base)
		}
	}
	if !model.ValidID(id) || id == model.ViaOwn {
		return fail("%q is not a valid source ID: use lower-case letters and digits joined by single hyphens or underscores, like %q", id, cmp.Or(model.Slug(id), "my-source"))
	}

	c, err := capture.File(file)
	if err != nil {
		return fail("%v", err)
	}
	d, errs, err := load.Load(root)
	if err != nil {
		return fail("%v", err)
	}
	if d.Captures == "" && slices.ContainsFunc(errs, func(e *diag.Error) bool { return e.Pos.File == d.Path && !e.Warning }) {
		// dossier.yaml could not be read far enough to be sure it names
		// no captures folder.
		for _, e := range errs {
			if e.Pos.File == d.Path {
				fmt.Fprintln(stderr, e)
			}
		}
		fmt.Fprintf(stderr, "dossier capture: fix %s first: it says which folder the captures go to\n", load.ConfigName)
		return exitContent
	}
	dir := filepath.FromSlash(cmp.Or(d.Captures, defaultCaptures))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	name := id + ".txt"
	p := filepath.Join(dir, name)
	data := []byte(c.Text)
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])

	old, err := os.ReadFile(p)
	switch {
	case err == nil && bytes.Equal(old, data):
		fmt.Fprintf(stdout, "%s is there already, with the same text\n", p)
	case err == nil:
		return fail("%s already exists with another text, and a capture is never replaced: every quote taken from it was checked against it, and a changed capture invalidates them all. Give this one another -id, or remove the old one yourself once no source records it", p)
	case !errors.Is(err, fs.ErrNotExist):
		return fail("%v", err)
	default:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fail("%v", err)
		}
		if err := writeNew(p, data); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "wrote %s: %s, %s\n", p, diag.Plural(capture.Paragraphs(c.Text), "paragraph"), fromWhat(c.From))
	}
	fmt.Fprint(stdout, capture.Stanza(name, sum))
	if d.Captures == "" {
		fmt.Fprintf(stdout, "%s names no captures folder: add \"captures: %s\" to it, so that the build checks the quotes against this one\n", load.ConfigName, defaultCaptures)
	}
	if !named {
		fmt.Fprintf(stdout, "record it in the source's front matter (or run again with -id SOURCE-ID to have it added)\n")
		return exitOK
	}
	src := filepath.Join(root, load.ContentDir, id+".md")
	text, err := os.ReadFile(src)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stdout, "%s does not exist yet: start its front matter with this stanza\n", src)
		return exitOK
	}
	if err != nil {
		return fail("%v", err)
	}
	edited, err := capture.Record(text, name, sum)
	switch {
	case errors.Is(err, capture.ErrHasCapture):
		if s := d.SourceByID[id]; s != nil && s.Capture.File == name && s.Capture.SHA256 == sum {
			fmt.Fprintf(stdout, "%s records this capture already\n", src)
		} else {
			fmt.Fprintf(stdout, "%s already records a capture, so it was left as it was: put this stanza in its place only once every quote of the source is taken from the new text\n", src)
		}
	case err != nil:
		fmt.Fprintf(stdout, "%s was left as it was (%v): record the stanza in its front matter yourself\n", src, err)
	default:
		if err := replaceFile(src, edited); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "added it to the front matter of %s\n", src)
	}
	return exitOK
}

// fromWhat says what a capture's text was taken from.
func fromWhat(from string) string {
	if from == "text" {
		return "the text as given"
	}
	return "the text of the page's " + from
}

// writeNew writes a file that must not exist yet, so that nothing that
// appeared since it was looked for is overwritten.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// replaceFile replaces an author's file by a new version, keeping its mode:
// written beside it and renamed over it, so the file is never left half
// written. The temporary name is hidden, which the loader passes over.
func replaceFile(name string, data []byte) (err error) {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Chmod(fi.Mode().Perm()), tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

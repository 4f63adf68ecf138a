package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/templates"
)

func cmdTemplates(args []string, stdout, stderr io.Writer) int {
	var force bool
	fset := argFlags("templates", "DIR [-force]", fmt.Sprintf("Writes dossier's default templates (the page templates, style.css and chroma.css) into\nDIR, which is created if missing. A file of the same name in a dossier's\n%s/ folder replaces the default: keep there only the ones you change.\nExisting files are never overwritten unless -force.", load.TemplatesDir), stderr)
	fset.BoolVar(&force, "force", false, "overwrite files of the same names")
	pos, code, ok := parseArgs(fset, args, stdout, "DIR")
	if !ok {
		return code
	}
	dir := pos[0]
	var names, existing []string
	err := fs.WalkDir(templates.FS, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		names = append(names, p)
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
			existing = append(existing, p)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(stderr, "dossier templates:", err)
		return exitUsage
	}
	if len(existing) > 0 && !force {
		fmt.Fprintf(stderr, "dossier templates: %s already has %s; nothing was written (-force overwrites them)\n", dir, strings.Join(existing, ", "))
		return exitUsage
	}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		data, err := fs.ReadFile(templates.FS, name)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(p), 0o755)
		}
		if err == nil {
			err = os.WriteFile(p, data, 0o644)
		}
		if err != nil {
			fmt.Fprintln(stderr, "dossier templates:", err)
			return exitUsage
		}
	}
	fmt.Fprintf(stdout, "wrote %d files into %s: %s\n", len(names), dir, strings.Join(names, ", "))
	fmt.Fprintf(stdout, "a dossier's %s/ folder replaces the defaults by name: keep there only the files you change, and the others follow dossier's own\n", load.TemplatesDir)
	return exitOK
}

// Package site writes a rendered dossier to disk. It writes into a fresh
// temporary folder beside the output and swaps it in only when every file was
// written, so a failed build leaves the previous output exactly as it was.
package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-ssg/dossier/internal/render"
)

// Marker is written into every build; a non-empty folder without it is not
// one of ours and is never replaced.
const Marker = ".nojekyll"

// CheckOut refuses an output folder that is or contains the dossier root or
// its content folder, or that sits inside the content folder: a build
// replaces its output folder whole.
func CheckOut(out, root, content string) error {
	o, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, p := range []string{root, content} {
		a, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		if o == a || within(a, o) {
			return fmt.Errorf("output folder %s is or contains %s, which a build would replace; choose a folder of its own, such as build/", out, p)
		}
	}
	if c, err := filepath.Abs(content); err == nil && within(o, c) {
		return fmt.Errorf("output folder %s is inside the content folder %s; choose a folder outside it, such as build/", out, content)
	}
	return nil
}

// within reports whether path is strictly inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Write replaces the folder out with files.
func Write(out string, files []render.File) (err error) {
	out = filepath.Clean(out)
	if fi, err := os.Stat(out); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s exists and is not a folder; remove it or choose another output", out)
		}
		entries, err := os.ReadDir(out)
		if err != nil {
			return err
		}
		if len(entries) > 0 {
			if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
				return fmt.Errorf("%s is not empty and is not a dossier build (it has no %s); remove it or choose another output folder", out, Marker)
			}
		}
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, ".dossier-new-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + "-old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			if rerr := os.Rename(old, out); rerr != nil {
				err = errors.Join(err, fmt.Errorf("restoring the previous build from %s: %w", old, rerr))
			}
		}
		return err
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("new build is in place, but the old one could not be removed from %s: %w", old, err)
		}
	}
	return nil
}

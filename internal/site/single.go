package site

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// CheckSingle refuses a file for the single-file edition that a build must
// not write: one that is not named .html or .htm, one inside a folder the
// dossier reads from (dirs: content/, templates/), a folder, or one whose
// folder does not exist.
func CheckSingle(file string, dirs ...string) error {
	if ext := strings.ToLower(filepath.Ext(file)); ext != ".html" && ext != ".htm" {
		return fmt.Errorf("single file %s: name it .html, so that a browser opens it", file)
	}
	f, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	for _, d := range dirs {
		a, err := filepath.Abs(d)
		if err != nil {
			return err
		}
		if within(f, a) {
			return fmt.Errorf("single file %s is inside %s, which the dossier reads; write it elsewhere", file, d)
		}
	}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		return fmt.Errorf("single file %s is a folder", file)
	}
	if fi, err := os.Stat(filepath.Dir(f)); err != nil || !fi.IsDir() {
		return fmt.Errorf("single file %s: folder %s not found", file, filepath.Dir(file))
	}
	return nil
}

// WriteFile writes one file atomically: fill writes into a temporary file
// beside it, which takes the file's name only once fill and the writing
// succeeded. On failure the file is as it was, and no temporary file is
// left.
func WriteFile(file string, fill func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".dossier-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 256<<10)
	if err = fill(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return err
	}
	// CreateTemp makes the file readable by its owner alone; a page to
	// mail or publish is read by others, as the site's pages are.
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

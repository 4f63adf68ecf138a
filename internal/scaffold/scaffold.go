// Package scaffold holds the files of a new dossier, as "dossier new" writes
// them: an invented example that builds and checks clean (one origin, one
// question answered by one claim, one source with its capture), the GitHub
// workflows that check and publish it, and a README for its repository.
package scaffold

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// The skeleton is kept as the files themselves, dot-files included, so that
// it can be read, diffed and linted like any dossier.
//
//go:embed all:skeleton
var skeleton embed.FS

// File is one file of a new dossier.
type File struct {
	Path string // slash-separated, relative to the dossier's root
	Data []byte
}

// hashRef marks where a source records its capture's SHA-256, which is
// computed when the files are written rather than kept by hand beside the
// capture it must match.
var hashRef = regexp.MustCompile(`\{\{sha256 ([^{}\s]+)\}\}`)

// Files returns the files of a new dossier in lexical order of path, with
// every {{sha256 NAME}} replaced by the SHA-256 of captures/NAME.
func Files() ([]File, error) {
	root, err := fs.Sub(skeleton, "skeleton")
	if err != nil {
		return nil, err
	}
	var files []File
	err = fs.WalkDir(root, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		var missing error
		data = hashRef.ReplaceAllFunc(data, func(m []byte) []byte {
			name := string(hashRef.FindSubmatch(m)[1])
			capture, err := fs.ReadFile(root, path.Join("captures", name))
			if err != nil {
				missing = fmt.Errorf("%s: the capture whose hash it records: %w", p, err)
				return m
			}
			sum := sha256.Sum256(capture)
			return []byte(hex.EncodeToString(sum[:]))
		})
		files = append(files, File{Path: p, Data: data})
		return missing
	})
	return files, err
}

// NotEmptyError is returned by Write for a folder that already holds files.
type NotEmptyError struct {
	Dir   string
	Names []string // what the folder holds, sorted
}

func (e *NotEmptyError) Error() string {
	names := e.Names
	more := ""
	if len(names) > 3 {
		names, more = names[:3], fmt.Sprintf(" and %d more", len(e.Names)-3)
	}
	return fmt.Sprintf("%s is not empty (it holds %s%s); a new dossier goes into a new or empty folder, so nothing was written", e.Dir, strings.Join(names, ", "), more)
}

// Write writes a new dossier into dir, creating it when it is missing. A
// folder that already holds anything but a .git (a freshly cloned empty
// repository) is refused with a *NotEmptyError and left as it was. When a
// write fails, what was written is removed again.
func Write(dir string) (err error) {
	files, err := Files()
	if err != nil {
		return err
	}
	created := false
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		created = true
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("%s exists and is not a folder; name a new or empty folder", dir)
		}
		return err
	default:
		var names []string
		for _, e := range entries {
			if e.Name() != ".git" {
				names = append(names, e.Name())
			}
		}
		if len(names) > 0 {
			return &NotEmptyError{Dir: dir, Names: names}
		}
	}
	top := map[string]bool{} // what was created, to remove again if a write fails
	defer func() {
		if err == nil {
			return
		}
		if created {
			os.RemoveAll(dir)
			return
		}
		for name := range top {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}()
	for _, f := range files {
		if name, _, _ := strings.Cut(f.Path, "/"); !top[name] {
			// Whatever appeared since the folder was found empty is not ours
			// to write into, nor to remove.
			if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
				return fmt.Errorf("%s appeared in %s while the dossier was being written; nothing was kept", name, dir)
			}
			top[name] = true
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeNew(p, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// writeNew writes a file that must not exist yet: a file that appeared
// since the folder was found empty is not overwritten.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// Package site writes a rendered dossier to disk. It writes into a fresh
// temporary folder beside the output and swaps it in only when every file was
// written, so a failed build leaves the previous output exactly as it was.
// Every build carries a manifest of the files it wrote, and only a folder
// whose files are all in its manifest is ever replaced.
package site

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dossier-ssg/dossier/internal/render"
)

// ManifestName is the manifest every build writes at the top of its output:
// the list of the files it wrote. Only a folder that holds one, and nothing
// it does not list, is taken for a previous build and replaced.
const ManifestName = ".dossier-build.json"

// manifestFormat is the version of the manifest's layout.
const manifestFormat = 1

// manifest is what ManifestName holds.
type manifest struct {
	Format    int      `json:"format"`
	Generator string   `json:"generator"`
	Files     []string `json:"files"` // slash-separated, sorted
}

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

// Prepare readies out for a build and is called before anything is
// rendered: it puts back a previous build that a killed swap left beside
// out, then refuses an out that a build may not replace. A refused out is
// left as it was.
func Prepare(out string) error {
	if err := Recover(out); err != nil {
		return err
	}
	return replaceable(out)
}

// Write replaces the folder out with files and a manifest of them. It
// refuses, changing nothing, when out is not a previous build or holds files
// its manifest does not list; it clears the temporary folders that killed
// builds of out left beside it.
func Write(out string, files []render.File) (err error) {
	w, err := Begin(out)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := w.Write(f); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit()
}

// Writer writes one build into a temporary folder beside its output, file
// by file, from any number of goroutines, and swaps it in on Commit: the
// pages go to disk as they are rendered, and the previous build stays in
// place, whole, until the new one is.
type Writer struct {
	out, tmp string
	mu       sync.Mutex
	files    []string
	dirs     map[string]bool // folders made in tmp
}

// Begin readies out for a build, as Prepare does, and opens the temporary
// folder the build is written into.
func Begin(out string) (*Writer, error) {
	if err := Prepare(out); err != nil {
		return nil, err
	}
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if err := clean(out); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, tempPrefix(out)+"new-*")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Writer{out: out, tmp: tmp, dirs: map[string]bool{".": true}}, nil
}

// Write writes one file of the build. It is safe for concurrent use.
func (w *Writer) Write(f render.File) error {
	p, err := w.place(f.Path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(p, f.Data, 0o644); err != nil {
		return err
	}
	w.wrote(f.Path)
	return nil
}

// Stream writes the file at path (slash-separated, relative to the site's
// root) with write, through a buffer: a file of tens of megabytes is
// written as it is made, never held whole. Safe for concurrent use.
func (w *Writer) Stream(path string, write func(io.Writer) error) error {
	p, err := w.place(path)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644) // as Write's files
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(f, 64<<10)
	err = write(b)
	if err == nil {
		err = b.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	w.wrote(path)
	return nil
}

// place makes the folder of a file of the site, and gives its path in the
// temporary folder.
func (w *Writer) place(name string) (string, error) {
	if name == ManifestName {
		return "", fmt.Errorf("a rendered file is named %s, which holds the list of a build's files", ManifestName)
	}
	dir := path.Dir(name)
	w.mu.Lock()
	made := w.dirs[dir]
	w.mu.Unlock()
	p := filepath.Join(w.tmp, filepath.FromSlash(name))
	if !made {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		w.mu.Lock()
		w.dirs[dir] = true
		w.mu.Unlock()
	}
	return p, nil
}

// wrote adds a written file to the manifest.
func (w *Writer) wrote(name string) {
	w.mu.Lock()
	w.files = append(w.files, name)
	w.mu.Unlock()
}

// Commit writes the manifest and swaps the build in. After an error the
// previous build is in place and the temporary folder is gone.
func (w *Writer) Commit() (err error) {
	defer func() {
		if err != nil {
			w.Abort()
		}
	}()
	m := manifest{Format: manifestFormat, Generator: "dossier", Files: slices.Clone(w.files)}
	slices.Sort(m.Files)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	// Written last, the manifest also marks the temporary folder complete.
	if err := os.WriteFile(filepath.Join(w.tmp, ManifestName), append(data, '\n'), 0o644); err != nil {
		return err
	}
	return swap(w.tmp, w.out)
}

// Abort drops the temporary folder; out is left as it was.
func (w *Writer) Abort() { os.RemoveAll(w.tmp) }

// replaceable returns an error unless out is missing, empty, or a previous
// build holding only files its manifest lists.
func replaceable(out string) error {
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link; a build replaces its output folder whole, so give the folder it points to with -out", out)
	case !fi.IsDir():
		return fmt.Errorf("%s exists and is not a folder; remove it or choose another output", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil || len(entries) == 0 {
		return err
	}
	m, err := readManifest(filepath.Join(out, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		msg := fmt.Sprintf("%s is not empty and dossier did not write it (it has no %s); a build replaces its output folder whole, so empty it or choose another folder with -out", out, ManifestName)
		if olderBuild(out) {
			msg += "; if it is a build of an older dossier, which wrote no manifest, delete it once"
		}
		return errors.New(msg)
	}
	if err != nil {
		return fmt.Errorf("%s: %w; a build replaces its output folder whole, so empty it or choose another folder with -out", filepath.Join(out, ManifestName), err)
	}
	foreign, err := m.foreign(out)
	if err != nil {
		return err
	}
	if len(foreign) > 0 {
		const most = 10
		list := strings.Join(foreign[:min(len(foreign), most)], ", ")
		if len(foreign) > most {
			list += fmt.Sprintf(" and %d more", len(foreign)-most)
		}
		return fmt.Errorf("%s holds files that dossier did not write: %s; a build replaces the folder whole, so move them out of it first", out, list)
	}
	return nil
}

// olderBuild reports whether dir looks like the output of dossier 0.1.0,
// which wrote no manifest, so the refusal can say how to move on.
func olderBuild(dir string) bool {
	for _, name := range []string{".nojekyll", "404.html", "method.html", "assets/chroma.css"} {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return false
		}
	}
	return true
}

// readManifest reads and checks the manifest at path.
func readManifest(path string) (*manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("not a dossier manifest: %w", err)
	}
	if m.Format != manifestFormat {
		return nil, fmt.Errorf("a manifest of format %d, which this dossier does not know (it writes format %d)", m.Format, manifestFormat)
	}
	for _, f := range m.Files {
		if !filepath.IsLocal(filepath.FromSlash(f)) || strings.Contains(f, `\`) {
			return nil, fmt.Errorf("not a dossier manifest: it lists %q", f)
		}
	}
	return &m, nil
}

// foreign lists what dir holds that m does not account for, slash-separated
// and sorted: files it does not list, symbolic links, and folders that hold
// none of its files (as "name/", not each file inside).
func (m *manifest) foreign(dir string) ([]string, error) {
	files := map[string]bool{ManifestName: true}
	folders := map[string]bool{}
	for _, f := range m.Files {
		files[f] = true
		for d := f; strings.Contains(d, "/"); {
			d = d[:strings.LastIndex(d, "/")]
			folders[d] = true
		}
	}
	var out []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case e.IsDir() && folders[rel]:
		case e.IsDir():
			out = append(out, rel+"/")
			return filepath.SkipDir
		case e.Type().IsRegular() && files[rel]:
		default:
			out = append(out, rel)
		}
		return nil
	})
	return out, err
}

// tempPrefix begins the names of the temporary folders of a build of out:
// hidden, beside out, and named for it, so that a build clears only its own.
func tempPrefix(out string) string {
	return "." + filepath.Base(out) + ".dossier-"
}

// leftover reports whether name, a folder beside out, is one that a killed
// build of out left: a temporary folder of its own (".build.dossier-new-N",
// ".build.dossier-old-N"), or one of dossier 0.1.0, whose names
// (".dossier-new-N", ".dossier-new-N-old") did not say which output they
// were for.
func leftover(name, out string) bool {
	for _, kind := range []string{"new-", "old-"} {
		if rest, ok := strings.CutPrefix(name, tempPrefix(out)+kind); ok {
			return digits(rest)
		}
	}
	if rest, ok := strings.CutPrefix(name, ".dossier-new-"); ok {
		return digits(strings.TrimSuffix(rest, "-old"))
	}
	return false
}

// digits reports whether s is a non-empty run of decimal digits, the random
// part os.MkdirTemp puts in a name.
func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// Recover puts back the previous build that a build killed between the two
// renames of its swap left beside out, when out itself is missing. Where
// several are left, the newest is put back.
func Recover(out string) error {
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(out); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var best string
	var newest time.Time
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), tempPrefix(out)+"old-")
		if !ok || !digits(rest) || !e.IsDir() {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if _, err := readManifest(filepath.Join(p, ManifestName)); err != nil {
			continue
		}
		fi, err := os.Stat(filepath.Join(p, ManifestName))
		if err != nil {
			continue
		}
		if best == "" || fi.ModTime().After(newest) {
			best, newest = p, fi.ModTime()
		}
	}
	if best == "" {
		return nil
	}
	if err := os.Rename(best, out); err != nil {
		return fmt.Errorf("a killed build left %s missing; putting back the previous build from %s: %w", out, best, err)
	}
	return nil
}

// clean removes the folders that killed builds of out left beside it.
func clean(out string) error {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if e.IsDir() && leftover(e.Name(), out) {
			if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
				errs = append(errs, fmt.Errorf("removing what a killed build left: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}

// exchange swaps the names of two folders in one step, or returns an error
// that wraps errors.ErrUnsupported where the system cannot. A test replaces
// it to take the other path.
var exchange = exchangeFolders

// swap puts the complete build in tmp in place of out. Where the system can
// exchange two names in one step, out is never missing. Elsewhere it takes
// two renames, and a build killed between them leaves out missing and the
// previous build in a folder that Recover puts back.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	old := tmp
	if err := exchange(tmp, out); errors.Is(err, errors.ErrUnsupported) {
		old = filepath.Join(filepath.Dir(out), tempPrefix(out)+"old-"+strings.TrimPrefix(filepath.Base(tmp), tempPrefix(out)+"new-"))
		if err := os.Rename(out, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, out); err != nil {
			if rerr := os.Rename(old, out); rerr != nil {
				err = errors.Join(err, fmt.Errorf("putting back the previous build from %s: %w", old, rerr))
			}
			return err
		}
	} else if err != nil {
		return err
	}
	// old now holds the previous build.
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("the new build is in place, but the previous one could not be removed from %s (the next build will try again): %w", old, err)
	}
	return nil
}

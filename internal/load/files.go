package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// A Cap is the largest file of one kind that dossier reads. A file is read
// whole into memory and parsed there, so without a cap one mistaken link (a
// disk image, a log, /dev/zero) would take the build's memory with it.
type Cap struct {
	Size int64
	Kind string // "a capture", for messages
}

var (
	// TextCap is for dossier.yaml, sources and templates. These are
	// written by hand: the example's largest is under 20 KiB, and 16 MiB holds a
	// dossier.yaml of 31,000 claims with a paragraph of context each, far
	// more than anyone keeps in one file. Such a file checks in 12 s and
	// 0.8 GB; the worst 16 MiB for yaml.v3, a list of 8 million
	// one-letter items, takes 3.5 GB, still within a CI runner's memory.
	TextCap = Cap{16 << 20, "a Markdown, YAML or template file"}
	// ConfigCap is for dossier.yaml, which holds every claim and question:
	// a synthetic dossier of 30,000 claims, each with a context of 300
	// words, table and code, is 63 MiB. What yaml.v3 costs grows with the
	// values in the file, not its bytes (8 million one-letter items in
	// 16 MiB take 3.5 GB), so parseConfig also bounds those: MaxValues.
	ConfigCap = Cap{128 << 20, "dossier.yaml"}
	// CaptureCap is for captured articles. The example's are a few KiB
	// of text; a whole saved page, HTML with inline styles, scripts and
	// images, runs to a few MiB. 64 MiB leaves room for that many times
	// over, and bounds what verify holds while it searches a capture (the
	// text, its normalised copy, its words): 0.6 GB at the cap.
	CaptureCap = Cap{64 << 20, "a capture"}
)

// A Refusal is a file dossier will not read: one outside its folder, one
// that is not a regular file, or one over its cap. It is a problem in the
// dossier, not an I/O failure.
type Refusal struct {
	Name string // as asked for, relative to the folder
	Why  string // "it is ...", what it is and what to do
}

func (r *Refusal) Error() string { return r.Name + ": " + r.Why }

// A Folder reads files only inside one folder: a link that leads outside it
// is refused, never followed, and so is anything but a regular file.
type Folder struct {
	root *os.Root
	abs  string // the folder's absolute path, to tell apart links into it
	what string // "the dossier", for messages
}

// OpenFolder opens the folder at path; what names it in messages ("the
// dossier", "the captures folder").
func OpenFolder(path, what string) (*Folder, error) {
	r, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		r.Close()
		return nil, err
	}
	return &Folder{root: r, abs: abs, what: what}, nil
}

// Close releases the folder.
func (f *Folder) Close() error { return f.root.Close() }

// ReadFile reads the regular file name, a slash-separated path inside the
// folder, of at most c.Size bytes. What it will not read comes back as a
// *Refusal; other errors are I/O failures.
func (f *Folder) ReadFile(name string, c Cap) ([]byte, error) {
	// Stat first: opening a named pipe to read waits for a writer, and
	// opening a device may do more than read.
	fi, err := f.root.Stat(name)
	if err != nil {
		return nil, f.statError(name, err)
	}
	if err := checkFile(name, fi, c); err != nil {
		return nil, err
	}
	// Non-blocking, in case the file was swapped for a pipe since: the
	// open then returns at once and the check below refuses it.
	file, err := f.root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, f.statError(name, err)
	}
	defer file.Close()
	if fi, err = file.Stat(); err != nil {
		return nil, err
	}
	if err := checkFile(name, fi, c); err != nil {
		return nil, err
	}
	// The limit holds even for a file that grows while it is read, or
	// one that says it is empty and is not (/proc).
	var b bytes.Buffer
	b.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(file, c.Size+1)); err != nil {
		return nil, err
	}
	if int64(b.Len()) > c.Size {
		return nil, &Refusal{name, fmt.Sprintf("it is more than the %s dossier reads of %s (it grew while read): %s", size(c.Size), c.Kind, c.advice())}
	}
	return b.Bytes(), nil
}

// checkFile refuses what is not a regular file, and a file over the cap.
func checkFile(name string, fi fs.FileInfo, c Cap) error {
	var what string
	switch m := fi.Mode(); {
	case m.IsRegular():
		if fi.Size() > c.Size {
			return &Refusal{name, fmt.Sprintf("it is %s, more than the %s dossier reads of %s: %s", size(fi.Size()), size(c.Size), c.Kind, c.advice())}
		}
		return nil
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		return &Refusal{name, "it is a named pipe, not a regular file, and reading it could wait forever: replace it with a regular file"}
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	default:
		what = "a special file"
	}
	return &Refusal{name, "it is " + what + ", not a regular file: replace it with a regular file"}
}

func (c Cap) advice() string {
	if c == CaptureCap {
		return "save the article's text rather than the whole page"
	}
	return "split it, or check that it is the file you meant"
}

// statError turns what os.Root says about a name it will not resolve into a
// Refusal that says why; other errors pass through.
func (f *Folder) statError(name string, err error) error {
	lfi, lerr := f.root.Lstat(name)
	link := lerr == nil && lfi.Mode()&fs.ModeSymlink != 0
	var target string
	if link {
		target, _ = f.root.Readlink(name)
	}
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if link {
			return &Refusal{name, fmt.Sprintf("it is a link to %s, which does not exist: fix the link or remove it", target)}
		}
		return err
	case errors.Is(err, syscall.ELOOP):
		return &Refusal{name, "it is a link that leads round in a loop: fix the link or remove it"}
	case errors.As(err, &errno), errors.Is(err, fs.ErrInvalid):
		return err // permissions, I/O: not the dossier's content
	}
	// What remains is os.Root refusing to leave the folder. It does not
	// export that error, so it is told from the others by elimination.
	thing := "file"
	if lerr == nil && lfi.IsDir() || link && isDir(target, f.abs, name) {
		thing = "folder"
	}
	switch {
	case !link:
		return &Refusal{name, fmt.Sprintf("its path leads outside %s through a link; dossier reads only files inside its folder: copy the %s in", f.what, thing)}
	case filepath.IsAbs(target) && within(f.abs, target):
		return &Refusal{name, fmt.Sprintf("it links to %s by an absolute path; dossier follows only relative links that stay inside %s: make the link relative", target, f.what)}
	}
	return &Refusal{name, fmt.Sprintf("it links to %s, outside %s; dossier reads only files inside its folder: copy the %s in, or link to one inside with a relative link", target, f.what, thing)}
}

// isDir reports whether the link name in the folder at root points at a
// folder. It only looks: it reads nothing outside.
func isDir(target, root, name string) bool {
	if !filepath.IsAbs(target) {
		target = filepath.Join(root, filepath.Dir(filepath.FromSlash(name)), target)
	}
	fi, err := os.Stat(target)
	return err == nil && fi.IsDir()
}

// within reports whether the absolute path p is dir or inside it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && filepath.IsLocal(rel)
}

// size says how big n bytes are, to a tenth of the unit.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// notUTF8 reports the first byte of data that is not UTF-8, at its line and
// column (in characters, as YAML columns are). A leading byte-order mark is
// UTF-8 and takes no column.
func notUTF8(file string, data []byte) *diag.Error {
	if utf8.Valid(data) {
		return nil
	}
	data = newlines(data)
	bom := bytes.HasPrefix(data, []byte("\ufeff"))
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			col := utf8.RuneCount(data[start:i]) + 1
			if bom && line == 1 {
				col--
			}
			return diag.Errorf(diag.Pos{File: file, Line: line, Col: col}, "not UTF-8: save the file as UTF-8 (byte 0x%02x here is not UTF-8 text)", data[i])
		}
		if r == '\n' {
			line, start = line+1, i+1
		}
		i += n
	}
	return nil
}

// Templates reads the dossier's own templates: the .html and .css files
// directly in templates/, keyed by their paths as messages give them. A
// dossier without templates/ has none. A leading byte-order mark is
// dropped, so that it does not reach the pages.
func Templates(root string) (map[string][]byte, diag.List, error) {
	dir, err := OpenFolder(root, "the dossier")
	if err != nil {
		return nil, nil, err
	}
	defer dir.Close()
	var errs diag.List
	entries, err := fs.ReadDir(dir.root.FS(), TemplatesDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, nil
	case err != nil:
		if refused(dir.statError(TemplatesDir, err), inRoot(root, TemplatesDir), &errs) {
			return nil, errs, nil
		}
		return nil, nil, err
	}
	own := map[string][]byte{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || (!strings.HasSuffix(n, ".html") && !strings.HasSuffix(n, ".css")) {
			continue
		}
		name := path.Join(TemplatesDir, n)
		file := inRoot(root, name)
		data, err := dir.ReadFile(name, TextCap)
		if refused(err, file, &errs) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if e := notUTF8(file, data); e != nil {
			errs.Append(diag.List{e})
			continue
		}
		own[file] = bytes.TrimPrefix(data, []byte("\ufeff"))
	}
	return own, errs, nil
}

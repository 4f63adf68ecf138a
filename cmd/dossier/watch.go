package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/dossier-ssg/dossier/internal/load"
)

// watcher says when a file that a build reads may have changed: dossier.yaml,
// content/, templates/ and the captures folder. It watches folders rather
// than files, so that an editor that saves by renaming a new file over the
// old one is seen like any other; and it watches the target of a symbolic
// link into the dossier, since an edit there makes no event beside the link.
type watcher struct {
	root    string // absolute, links resolved
	fsw     *fsnotify.Watcher
	changes chan struct{} // one signal stands for any number of changes
	stderr  io.Writer

	mu      sync.Mutex
	folders map[string]names // watched folder -> the names in it that matter
}

// names is a set of file names in one folder; nil means every name.
type names map[string]bool

// newWatcher watches nothing until update is called.
func newWatcher(root string, stderr io.Writer) (*watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching the dossier for changes: %w", err)
	}
	w := &watcher{root: abs, fsw: fsw, changes: make(chan struct{}, 1), stderr: stderr, folders: map[string]names{}}
	go w.forward()
	return w, nil
}

func (w *watcher) close() error { return w.fsw.Close() }

// forward turns the events that matter into signals on w.changes.
func (w *watcher) forward() {
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.matters(ev.Name) {
				w.signal()
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.signal() // events were lost; one of them may have mattered
				continue
			}
			fmt.Fprintln(w.stderr, "dossier serve: watching for changes:", err)
		}
	}
}

func (w *watcher) signal() {
	select {
	case w.changes <- struct{}{}:
	default: // a signal is already waiting
	}
}

// matters reports whether a change to the file at path may change the build.
func (w *watcher) matters(path string) bool {
	name := filepath.Base(path)
	if editorFile(name) {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if n, ok := w.folders[filepath.Dir(path)]; ok && (n == nil || n[name]) {
		return true
	}
	_, ok := w.folders[path] // a watched folder itself was removed or moved
	return ok
}

// editorFile reports whether name is one an editor keeps beside the file it
// edits (swap, lock, backup and autosave files): hidden, ending in "~", or
// "#name#". The build reads none of them, and some are written while one
// types, which must not reload the page.
func editorFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")
}

// update watches the folders that the next build reads, given the captures
// folder it uses ("" for none), and stops watching the others. Call it
// before each build, so that a file in a folder made since the last one is
// seen by the build or by the watcher.
func (w *watcher) update(captures string) {
	want := map[string]names{}
	w.file(want, filepath.Join(w.root, load.ConfigName))
	w.tree(want, filepath.Join(w.root, load.ContentDir))
	w.tree(want, filepath.Join(w.root, load.TemplatesDir))
	if captures != "" {
		if abs, err := filepath.Abs(captures); err == nil {
			w.tree(want, resolveFolder(abs))
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for dir := range w.folders {
		if _, ok := want[dir]; !ok {
			w.fsw.Remove(dir) // fails when the folder is gone, and then the watch is too
			delete(w.folders, dir)
		}
	}
	for dir, n := range want {
		if _, ok := w.folders[dir]; !ok {
			if err := w.fsw.Add(dir); err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					fmt.Fprintf(w.stderr, "dossier serve: watching %s: %v; edits there are not seen\n", dir, err)
				}
				continue
			}
		}
		w.folders[dir] = n
	}
}

// watch adds name (or every name, when name is "") of folder dir to want.
func watch(want map[string]names, dir, name string) {
	n, ok := want[dir]
	switch {
	case name == "":
		want[dir] = nil
	case ok && n == nil:
	case ok:
		n[name] = true
	default:
		want[dir] = names{name: true}
	}
}

// file watches the file at path through its folder, and, when it is a link
// into the dossier, its target.
func (w *watcher) file(want map[string]names, path string) {
	watch(want, filepath.Dir(path), filepath.Base(path))
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil || !inside(target, w.root) {
		return
	}
	if fi, err := os.Stat(target); err == nil && !fi.IsDir() {
		watch(want, filepath.Dir(target), filepath.Base(target))
	}
}

// tree watches the folder dir (its appearing, removal or renaming, through
// its parent), every folder in it but hidden ones, and the targets of the
// links in it that point into the dossier.
func (w *watcher) tree(want map[string]names, dir string) {
	watch(want, filepath.Dir(dir), filepath.Base(dir))
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return // missing: its parent says when it appears
	}
	filepath.WalkDir(real, func(p string, e fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case e.IsDir() && p != real && strings.HasPrefix(e.Name(), "."):
			return filepath.SkipDir
		case e.IsDir():
			watch(want, p, "")
		case e.Type()&fs.ModeSymlink != 0:
			w.file(want, p)
		}
		return nil
	})
}

// resolveFolder returns path with the links in its folder resolved, the
// way the paths of events are spelt; path itself may be a link.
func resolveFolder(path string) string {
	if real, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(real, filepath.Base(path))
	}
	return path
}

// inside reports whether path is dir or inside it.
func inside(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// settleTime is how long the files must stay unchanged before a rebuild: an
// editor's save is several events (write a new file, rename it over the
// old, set its mode), well under a millisecond apart on a local disk,
// that should make one rebuild; and the whole round trip from a save to
// the page reloaded should stay under a tenth of a second on a small
// dossier (BenchmarkPreviewReload in e2e: 25 ms gave a median of 107-120
// ms on the example, 10 ms 95-105; 5 ms, with the open pages laid out
// ahead, 77-102 against 88-110 for 10 ms without, in five interleaved
// pairs of 60 edits). 5 ms is still five times the gaps within a save. A
// burst split in two costs one more rebuild, never a wrong page: the last
// build wins.
const settleTime = 5 * time.Millisecond

// maxSettle bounds settleFor.
const maxSettle = 100 * time.Millisecond

// settleFor is the settle time after a build that took last: settleTime,
// or a tenth of last, up to maxSettle. Saving a large file is two events
// as far apart as its write takes (the file emptied, then written: 13-30
// ms for the 21 MB dossier.yaml of 10,000 claims), and 5 ms between them
// started a rebuild of half a second that the second event then made
// again, every time. A tenth of a build is a wait no one sees beside it,
// and a write takes a small part of a build of what it wrote.
func settleFor(last time.Duration) time.Duration {
	return min(max(settleTime, last/10), maxSettle)
}

// settle calls build once for each burst of signals on changes, once quiet's
// channel fires with no new signal since: each signal starts the wait
// afresh. It returns when ctx is done.
func settle(ctx context.Context, changes <-chan struct{}, quiet func() <-chan time.Time, build func()) {
	var wait <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-changes:
			wait = quiet()
		case <-wait:
			wait = nil
			build()
		}
	}
}

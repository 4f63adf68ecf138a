package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestSettle: a burst of changes, however long, makes one build, once the
// quiet time has passed after its last change; changes during a build make
// one more. The clock is the test's own, so this runs without waiting.
func TestSettle(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan struct{})
	tick := make(chan time.Time)
	waits := make(chan struct{}, 100) // one per wait started
	quiet := func() <-chan time.Time {
		waits <- struct{}{}
		return tick
	}
	builds := make(chan struct{})
	release := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		settle(ctx, changes, quiet, func() { builds <- struct{}{}; <-release })
		close(ended)
	}()

	for range 20 { // an editor's save, or a git checkout
		changes <- struct{}{}
	}
	tick <- time.Time{} // taken once settle waits again, after the last change
	<-builds
	if len(waits) != 20 {
		t.Errorf("%d waits started for 20 changes, want each change to start it afresh", len(waits))
	}
	// Changes while the build runs: settle takes them once it is done.
	go func() {
		for range 3 {
			changes <- struct{}{}
		}
		tick <- time.Time{}
	}()
	release <- struct{}{}
	<-builds
	release <- struct{}{}
	select {
	case <-builds:
		t.Error("a third build for two bursts")
	case tick <- time.Time{}:
		t.Error("a wait with no change to wait for")
	default:
	}
	cancel()
	<-ended
}

// TestWatcherMatters: which changes make a rebuild. Editors' own files do
// not, so that typing, which writes them, does not reload the page; the
// output and other files beside dossier.yaml do not; the target of a link
// into the dossier does.
func TestWatcherMatters(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := newDossier(t)
	writeFile(t, root, "drafts/b.md", "---\ntitle: B\nkind: report\n---\n")
	writeFile(t, root, "drafts/c.md", "not linked")
	writeFile(t, root, "content/sub/deep/x.md", "in a subfolder")
	writeFile(t, root, "content/.git/HEAD", "hidden")
	writeFile(t, root, "templates/claim.html", "")
	writeFile(t, root, "seeds/1.txt", "capture")
	outside := t.TempDir()
	writeFile(t, outside, "d.md", "outside the dossier")
	os.Symlink(filepath.Join("..", "drafts", "b.md"), filepath.Join(root, "content", "b.md"))
	os.Symlink(filepath.Join(outside, "d.md"), filepath.Join(root, "content", "d.md"))
	root, _ = filepath.EvalSymlinks(root)
	outside, _ = filepath.EvalSymlinks(outside)

	w, err := newWatcher(root, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	w.update(filepath.Join(root, "seeds"))
	for name, want := range map[string]bool{
		"dossier.yaml":           true,
		"content":                true, // made, removed or renamed
		"templates":              true,
		"seeds":                  true,
		"content/a.md":           true,
		"content/new.md":         true,
		"content/sub":            true,
		"content/sub/deep/x.md":  true,
		"templates/claim.html":   true,
		"seeds/1.txt":            true,
		"drafts/b.md":            true,
		"drafts/c.md":            false,
		"content/.a.md.swp":      false,
		"content/a.md~":          false,
		"content/#a.md#":         false,
		"content/.git/HEAD":      false,
		".dossier.yaml.swp":      false,
		"build/index.html":       false,
		".build.dossier-new-1":   false,
		"notes.txt":              false,
		"content/sub/deep/y.md":  true,
		"seeds/new-capture.html": true,
	} {
		if got := w.matters(filepath.Join(root, filepath.FromSlash(name))); got != want {
			t.Errorf("a change to %s matters: %v, want %v", name, got, want)
		}
	}
	if w.matters(filepath.Join(outside, "d.md")) {
		t.Error("the target of a link out of the dossier is watched")
	}

	// Without captures, their folder is no longer watched.
	w.update("")
	if w.matters(filepath.Join(root, "seeds", "1.txt")) {
		t.Error("a captures folder no longer used is still watched")
	}
}

// TestSettleFor: the wait after the last change grows with what a build
// costs, so that the two events of one large save (the file emptied, then
// written) make one rebuild, and stays short where builds are short.
func TestSettleFor(t *testing.T) {
	for _, c := range []struct{ last, want time.Duration }{
		{0, settleTime},                                 // before the first build
		{20 * time.Millisecond, settleTime},             // the example
		{500 * time.Millisecond, 50 * time.Millisecond}, // 10,000 claims
		{3 * time.Second, maxSettle},                    // a first build, or 30,000 claims
		{time.Hour, maxSettle},
	} {
		if got := settleFor(c.last); got != c.want {
			t.Errorf("settleFor(%v) = %v, want %v", c.last, got, c.want)
		}
	}
}

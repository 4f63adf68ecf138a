package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-ssg/dossier/templates"
)

// TestSessionKeepsWhatDidNotChange: the preview's session, after one
// source is edited, serves byte for byte what a fresh build gives, page by
// page as asked.
func TestSessionKeepsWhatDidNotChange(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	var ss Session
	if _, errs, err := ss.Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	p := filepath.Join(root, "content", "agder-radio.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(data, []byte("\nOne more sentence of summary.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	edited, errs, err := ss.Run(Options{Root: root})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	page, ok, err := edited.Site.File("sources/agder-radio.html")
	if !ok || err != nil || !strings.Contains(string(page), "One more sentence of summary.") {
		t.Fatalf("the edited source's page does not show the edit: %v %v", ok, err)
	}
	got, err := edited.Site.All()
	if err != nil {
		t.Fatal(err)
	}
	out := buildOK(t, root, "")
	want := snapshot(t, out)
	delete(want, ".dossier-build.json")
	if len(got) != len(want) {
		t.Errorf("%d files served, %d built", len(got), len(want))
	}
	for _, f := range got {
		if !bytes.Equal(f.Data, want[filepath.FromSlash(f.Path)]) {
			t.Errorf("%s differs from a fresh build", f.Path)
		}
	}
}

// TestSessionReportsAgain: what a session reuses keeps its problems. A
// quote too short to prove anything is reported on every run, not only on
// the one that parsed it, and a verification is never carried over from
// an earlier run.
func TestSessionReportsAgain(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	p := filepath.Join(root, "content", "agder-radio.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "quote: ", "quote: \"…\"\n    note: ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var ss Session
	for run := range 2 {
		_, errs, err := ss.Run(Options{Root: root})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(errs.Error(), "quote has no words") {
			t.Errorf("run %d: the empty quote is not reported:\n%v", run, errs)
		}
	}
	// A capture that changes after a good run: the next run says so, and
	// no quote of it stays verified.
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := ss.Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	capture := filepath.Join(root, "caps", "agder-radio.txt")
	text, err := os.ReadFile(capture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(capture, append(text, " Endret."...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, errs, err := ss.Run(Options{Root: root})
	if err != nil || !strings.Contains(errs.Error(), "has changed") {
		t.Fatalf("a changed capture is not reported: %v %v", err, errs)
	}
	if res.Verification.Verified == res.Verification.Quotes {
		t.Errorf("all %d quotes still count as verified after their capture changed", res.Verification.Quotes)
	}
}

// TestSessionAfterBrokenConfig: while dossier.yaml cannot be read whole,
// links to its IDs are not checked (they would all be false alarms); once
// it reads again, a bad link written meanwhile is reported, not served.
func TestSessionAfterBrokenConfig(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	config := filepath.Join(root, "dossier.yaml")
	good, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	var ss Session
	if _, errs, err := ss.Run(Options{Root: root}); err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	if err := os.WriteFile(config, append(bytes.Clone(good), "---\nx: 1\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, _ := ss.Run(Options{Root: root}); errs.Errors() == 0 {
		t.Fatal("a second YAML document is not reported")
	}
	src := filepath.Join(root, "content", "agder-radio.md")
	text, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, append(text, "\nSee [x](claim:nope).\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	ss.Run(Options{Root: root})
	if err := os.WriteFile(config, good, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, err := ss.Run(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errs.Error(), `link to unknown claim "nope"`) {
		t.Errorf("the bad link is not reported once dossier.yaml reads again:\n%v", errs)
	}
}

// TestSessionFollowsTemplatesAndLabels: the preview keeps its templates
// parsed between edits, and parses them again when one of the dossier's
// own templates or its labels change: each run serves what a fresh build
// of the same files writes.
func TestSessionFollowsTemplatesAndLabels(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	var ss Session
	run := func(step, page, want string) {
		t.Helper()
		res, errs, err := ss.Run(Options{Root: root})
		if err != nil || errs.Errors() > 0 {
			t.Fatalf("%s: %v %v", step, err, errs)
		}
		got, ok, err := res.Site.File(page)
		if !ok || err != nil {
			t.Fatalf("%s: no %s: %v", step, page, err)
		}
		if !strings.Contains(string(got), want) {
			t.Errorf("%s: %s does not show %q", step, page, want)
		}
		built, err := os.ReadFile(filepath.Join(buildOK(t, root, ""), filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, built) {
			t.Errorf("%s: the preview serves another %s than a fresh build writes", step, page)
		}
	}
	run("before any edit", "claims/stengt-3-mars.html", `<p class="kicker">Claim`)

	config := filepath.Join(root, "dossier.yaml")
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	// A label the templates give as a constant, folded in when they
	// are parsed.
	writeTest(t, config, string(data)+"labels:\n  claim.kicker: Påstand\n")
	run("labels edited", "claims/stengt-3-mars.html", `<p class="kicker">Påstand`)

	claim, err := fs.ReadFile(templates.FS, "claim.html")
	if err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(root, "templates", "claim.html")
	writeTest(t, own, strings.Replace(string(claim), "<article", "<p>Our own claim page</p>\n<article", 1))
	run("a template of its own", "claims/stengt-3-mars.html", "<p>Our own claim page</p>")
	run("the labels still apply to it", "claims/stengt-3-mars.html", `<p class="kicker">Påstand`)

	if err := os.Remove(own); err != nil {
		t.Fatal(err)
	}
	res, errs, err := ss.Run(Options{Root: root})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	if got, _, _ := res.Site.File("claims/stengt-3-mars.html"); strings.Contains(string(got), "Our own claim page") {
		t.Error("the template removed still lays out the claim page")
	}
}

func writeTest(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSessionOldSiteLeavesNothing: a page of the last site laid out while
// the next build is done (a reader's request during the rebuild) leaves
// nothing in the preview's caches that the new site would serve. Here a
// source is retitled, and another source's page cites it: its citation
// marks must name the new title, as a fresh build's do.
func TestSessionOldSiteLeavesNothing(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	var ss Session
	old, errs, err := ss.Run(Options{Root: root})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	p := filepath.Join(root, "content", "tidende-1-stengt.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	retitled := strings.Replace(string(data), " er stengt\noutlet:", " er stengt på ubestemt tid\noutlet:", 1)
	if retitled == string(data) {
		t.Fatal("the source's title is not where the test expects it")
	}
	writeTest(t, p, retitled)
	next, errs, err := ss.Run(Options{Root: root})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	const page = "sources/tidende-2-oppfolging.html"
	if _, ok, err := old.Site.File(page); !ok || err != nil {
		t.Fatal(ok, err)
	}
	got, ok, err := next.Site.File(page)
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	want, err := os.ReadFile(filepath.Join(buildOK(t, root, ""), filepath.FromSlash(page)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("after the old site laid out %s, the new one serves another page than a fresh build writes (the new title %d times, a fresh build %d)", page, strings.Count(string(got), "på ubestemt tid"), strings.Count(string(want), "på ubestemt tid"))
	}
}

// TestPreviewPageAskedTwiceAtOnce: the preview lays out the pages open in a
// browser ahead while the browser asks for them again; whoever asks while a
// page is being laid out gets that page, the same as a fresh build's.
func TestPreviewPageAskedTwiceAtOnce(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	res, errs, err := (&Session{}).Run(Options{Root: root})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	want := snapshot(t, buildOK(t, root, ""))
	pages := []string{"index.html", "sources/tidende-2-oppfolging.html", "claims/stengt-3-mars.html", "questions/naar-stengt.html"}
	got := make([][]byte, 8*len(pages))
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			data, ok, err := res.Site.File(pages[i%len(pages)])
			if !ok || err != nil {
				t.Errorf("%s: %v %v", pages[i%len(pages)], ok, err)
			}
			got[i] = data
		})
	}
	wg.Wait()
	for i, data := range got {
		if name := pages[i%len(pages)]; !bytes.Equal(data, want[filepath.FromSlash(name)]) {
			t.Errorf("%s: asked for at once, it differs from a fresh build's", name)
		}
	}
}

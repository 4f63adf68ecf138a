package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSessionKeepsWhatDidNotChange: the preview's session, after one
// source is edited, lays out only the pages whose data changed, and what it
// serves is byte for byte what a fresh build gives.
func TestSessionKeepsWhatDidNotChange(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	var ss Session
	first, errs, err := ss.Run(Options{Root: root})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	if first.LaidOut != first.Pages {
		t.Errorf("first build laid out %d of %d pages", first.LaidOut, first.Pages)
	}
	again, _, _ := ss.Run(Options{Root: root})
	if again.LaidOut != 0 {
		t.Errorf("nothing changed, yet %d pages were laid out again", again.LaidOut)
	}
	// An edit of one source's summary: its own page changes, and nothing
	// else's data does.
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
	if edited.LaidOut != 1 {
		t.Errorf("an edit of one summary laid out %d pages, want 1", edited.LaidOut)
	}
	fresh, _, _ := Run(Options{Root: root})
	if len(fresh.Files) != len(edited.Files) {
		t.Fatalf("%d files kept, %d fresh", len(edited.Files), len(fresh.Files))
	}
	for i, f := range fresh.Files {
		if g := edited.Files[i]; g.Path != f.Path || !bytes.Equal(g.Data, f.Data) {
			t.Errorf("%s differs from a fresh build", f.Path)
		}
	}
	var page string
	for _, f := range edited.Files {
		if f.Path == "sources/agder-radio.html" {
			page = string(f.Data)
		}
	}
	if !strings.Contains(page, "One more sentence of summary.") {
		t.Error("the edited source's page does not show the edit")
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

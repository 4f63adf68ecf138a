//go:build unix

package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/model"
)

// TestCaptureRefused: a capture is read only inside its folder and only as
// a regular file of at most load.CaptureCap: what is refused is one error at
// the source's capture file, and the build goes on to the next.
func TestCaptureRefused(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "caps")
	os.Mkdir(dir, 0o755)
	data := []byte("The quote is here.")
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])
	os.WriteFile(filepath.Join(parent, "outside.txt"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "ok.txt"), data, 0o644)
	os.Symlink("../outside.txt", filepath.Join(dir, "link.txt"))
	os.Symlink("ok.txt", filepath.Join(dir, "inside.txt"))
	syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644)
	os.WriteFile(filepath.Join(dir, "big.txt"), nil, 0o644)
	os.Truncate(filepath.Join(dir, "big.txt"), load.CaptureCap.Size+1<<20)
	for file, want := range map[string]string{
		"ok.txt":         "",
		"inside.txt":     "",
		"link.txt":       `capture "link.txt" not read: it links to ../outside.txt, outside the captures folder; dossier reads only files inside its folder: copy the file in, or link to one inside with a relative link`,
		"../outside.txt": `capture file "../outside.txt" must be a name inside the captures folder`,
		"fifo.txt":       `capture "fifo.txt" not read: it is a named pipe, not a regular file, and reading it could wait forever: replace it with a regular file`,
		"big.txt":        `capture "big.txt" not read: it is 65 MiB, more than the 64 MiB dossier reads of a capture: save the article's text rather than the whole page`,
	} {
		pos := model.Pos{File: "content/s.md", Line: 6, Col: 9}
		s := &model.Source{ID: "s", Capture: model.Capture{File: file, SHA256: sum, FilePos: pos}}
		s.Annotations = []*model.Annotation{{Source: s, Quote: "quote is here"}}
		d := &model.Dossier{Sources: []*model.Source{s}}
		// Within a deadline: a named pipe opened to read would wait
		// forever, and the test with it.
		done := make(chan error, 1)
		var errs diag.List
		go func() {
			var err error
			_, errs, err = Dossier(d, dir)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: verify did not return within 5s", file)
		}
		switch {
		case want == "" && len(errs) != 0:
			t.Errorf("%s: %v, want none", file, errs)
		case want != "" && (len(errs) != 1 || errs[0].Pos != pos || errs[0].Msg != want):
			t.Errorf("%s: %v\nwant one: %s", file, errs, want)
		}
	}
}

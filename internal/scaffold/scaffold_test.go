package scaffold

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFilesRecordTheirCapturesHashes checks the one thing Files computes:
// every source records the SHA-256 of the capture it names.
func TestFilesRecordTheirCapturesHashes(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
		if strings.Contains(string(f.Data), "{{") && !strings.HasPrefix(f.Path, ".github/") {
			t.Errorf("%s still has a placeholder", f.Path)
		}
	}
	capRE := regexp.MustCompile(`(?m)^capture:\n  file: (\S+)\n  sha256: (\S+)$`)
	sources := 0
	for p, data := range byPath {
		if !strings.HasPrefix(p, "content/") {
			continue
		}
		sources++
		m := capRE.FindSubmatch(data)
		if m == nil {
			t.Errorf("%s records no capture", p)
			continue
		}
		capture, ok := byPath["captures/"+string(m[1])]
		if !ok {
			t.Errorf("%s names capture %s, which is not among the files", p, m[1])
			continue
		}
		h := sha256.Sum256(capture)
		if got := hex.EncodeToString(h[:]); string(m[2]) != got {
			t.Errorf("%s records sha256 %s, but its capture has %s", p, m[2], got)
		}
	}
	if sources == 0 {
		t.Error("the skeleton has no source")
	}
	for _, want := range []string{"dossier.yaml", ".gitignore", "README.md", ".github/workflows/pages.yml", ".github/workflows/test.yml"} {
		if byPath[want] == nil {
			t.Errorf("the skeleton has no %s", want)
		}
	}
}

func TestWriteRefusesAFolderWithFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir)
	var ne *NotEmptyError
	if !errors.As(err, &ne) || len(ne.Names) != 1 || ne.Names[0] != "notes.txt" {
		t.Fatalf("got %v, want a NotEmptyError naming notes.txt", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder now holds %d entries", len(entries))
	}
}

func TestNotEmptyErrorNamesAFew(t *testing.T) {
	e := &NotEmptyError{Dir: "d", Names: []string{"a", "b", "c", "d", "e"}}
	if got, want := e.Error(), "d is not empty (it holds a, b, c and 2 more);"; !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want it to start %q", got, want)
	}
}

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-ssg/dossier/templates"
)

// TestTemplatesWritesEveryDefault compares what dossier templates writes
// with the embedded defaults, byte for byte, and wants nothing else.
func TestTemplatesWritesEveryDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "t")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"templates", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("dossier templates exited %d: %s", code, stderr.String())
	}
	want := map[string]bool{}
	err := fs.WalkDir(templates.FS, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		want[p] = true
		embedded, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		written, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s was not written: %v", p, err)
		} else if !bytes.Equal(written, embedded) {
			t.Errorf("%s differs from the embedded default", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !want["layout.html"] || !want["style.css"] {
		t.Fatalf("the embedded defaults lack layout.html or style.css: %v", want)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("dossier templates also wrote %s", e.Name())
		}
	}
}

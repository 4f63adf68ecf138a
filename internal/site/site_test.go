package site

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-ssg/dossier/internal/render"
)

func TestCheckOut(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	for _, tc := range []struct {
		out string
		ok  bool
	}{
		{filepath.Join(root, "build"), true},
		{filepath.Join(root, "site", "public"), true},
		{filepath.Join(filepath.Dir(root), "elsewhere"), true},
		{root, false},
		{filepath.Dir(root), false},
		{content, false},
		{filepath.Join(content, "build"), false},
		{filepath.Join(root, "content-build"), true}, // a prefix of a name is not a parent
	} {
		if err := CheckOut(tc.out, root, content); (err == nil) != tc.ok {
			t.Errorf("CheckOut(%s): %v, want ok=%v", tc.out, err, tc.ok)
		}
	}
}

func TestWriteReplacesOnlyBuilds(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	files := []render.File{{Path: "index.html", Data: []byte("one")}, {Path: Marker}}
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	files[0].Data = []byte("two")
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "two" {
		t.Errorf("second build not in place: %q", b)
	}
	mine := filepath.Join(dir, "mine")
	os.Mkdir(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("keep"), 0o644)
	if err := Write(mine, files); err == nil {
		t.Error("replaced a folder that is not a build")
	}
	if b, _ := os.ReadFile(filepath.Join(mine, "notes.txt")); string(b) != "keep" {
		t.Error("a folder that is not a build lost a file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".dossier-new-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

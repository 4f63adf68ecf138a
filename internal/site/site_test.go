package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// files is a small build.
func files(index string) []render.File {
	return []render.File{
		{Path: "index.html", Data: []byte(index)},
		{Path: "claims/a.html", Data: []byte("claim a")},
		{Path: ".nojekyll"},
	}
}

// put writes files, given as path and text, under dir; a path that ends in
// "/" is an empty folder.
func put(t *testing.T, dir string, files ...string) {
	t.Helper()
	for i := 0; i+1 < len(files); i += 2 {
		p := filepath.Join(dir, filepath.FromSlash(files[i]))
		if strings.HasSuffix(files[i], "/") {
			p = filepath.Join(p, ".") // a folder, made below
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(files[i], "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tree returns every file, folder and link under dir, with each file's
// bytes and each link's target, so two calls can be compared.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			got[rel] = "link to " + target
			return err
		case e.IsDir():
			got[rel+"/"] = ""
		default:
			data, err := os.ReadFile(p)
			got[rel] = string(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func sameTree(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for p, data := range before {
		if got, ok := after[p]; !ok {
			t.Errorf("%s: %s is gone", what, p)
		} else if got != data {
			t.Errorf("%s: %s changed from %q to %q", what, p, data, got)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s appeared", what, p)
		}
	}
}

func TestWriteReplacesItsOwnBuild(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	if err := Write(out, files("one")); err != nil {
		t.Fatal(err)
	}
	m, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "format": 1,
  "generator": "dossier",
  "files": [
    ".nojekyll",
    "claims/a.html",
    "index.html"
  ]
}
`
	if string(m) != want {
		t.Errorf("manifest:\n%s\nwant:\n%s", m, want)
	}
	// A folder the build wrote, emptied by hand, is still the build's.
	os.Remove(filepath.Join(out, "claims", "a.html"))
	if err := Write(out, files("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "two" {
		t.Errorf("second build not in place: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("beside the build: %v", entries)
	}
	// An empty folder holds nothing to lose.
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	if err := Write(empty, files("three")); err != nil {
		t.Errorf("an empty folder: %v", err)
	}
	// A relative output is beside its own name, not inside itself.
	t.Chdir(dir)
	if err := Write("build", files("four")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "four" {
		t.Errorf("relative output: %q", b)
	}
}

// TestWriteRefuses: what dossier did not write, it never deletes. Each
// folder is refused with an error that says why, and stays as it was to the
// byte, with nothing left beside it.
func TestWriteRefuses(t *testing.T) {
	manifest := `{"format": 1, "generator": "dossier", "files": ["index.html", "claims/a.html"]}`
	for _, tc := range []struct {
		name  string
		files []string // path, text
		want  string
	}{
		{"a Pages folder with .nojekyll", []string{".nojekyll", "", "CNAME", "dossier.example.org\n", "about.html", "<p>by hand</p>"},
			"docs is not empty and dossier did not write it (it has no .dossier-build.json)"},
		{"a build of dossier 0.1.0", []string{".nojekyll", "", "404.html", "x", "method.html", "x", "assets/chroma.css", "x", "index.html", "x"},
			"if it is a build of an older dossier, which wrote no manifest, delete it once"},
		{"a file dropped into a build", []string{ManifestName, manifest, "index.html", "x", "claims/a.html", "x", "CNAME", "dossier.example.org\n"},
			"docs holds files that dossier did not write: CNAME; a build replaces the folder whole, so move them out of it first"},
		{"a folder dropped into a build", []string{ManifestName, manifest, "index.html", "x", "claims/a.html", "x", "claims/drafts/b.html", "x", "notes/n.txt", "x"},
			"docs holds files that dossier did not write: claims/drafts/, notes/; "},
		{"an empty folder made in a build", []string{ManifestName, manifest, "index.html", "x", "drafts/", ""},
			"docs holds files that dossier did not write: drafts/; "},
		{"a manifest of another format", []string{ManifestName, `{"format": 2, "files": []}`, "index.html", "x"},
			"a manifest of format 2, which this dossier does not know"},
		{"a manifest that leaves its folder", []string{ManifestName, `{"format": 1, "files": ["../x"]}`, "index.html", "x"},
			`not a dossier manifest: it lists "../x"`},
		{"not JSON", []string{ManifestName, `files: [index.html]`, "index.html", "x"},
			"not a dossier manifest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "docs")
			os.Mkdir(out, 0o755)
			put(t, out, tc.files...)
			before := tree(t, dir)
			err := Write(out, files("new"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
			sameTree(t, tc.name, before, tree(t, dir))
		})
	}

	t.Run("a link in a build", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "build")
		if err := Write(out, files("one")); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(out, "claims", "a.html"))
		if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(out, "claims", "a.html")); err != nil {
			t.Skip(err)
		}
		before := tree(t, dir)
		if err := Write(out, files("two")); err == nil || !strings.Contains(err.Error(), "did not write: claims/a.html;") {
			t.Errorf("got %v", err)
		}
		sameTree(t, "a link in a build", before, tree(t, dir))
	})

	t.Run("a link or a file as output", func(t *testing.T) {
		dir := t.TempDir()
		put(t, dir, "real/keep.txt", "keep", "file", "a file")
		if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
			t.Skip(err)
		}
		before := tree(t, dir)
		if err := Write(filepath.Join(dir, "link"), files("x")); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
			t.Errorf("a link: %v", err)
		}
		if err := Write(filepath.Join(dir, "file"), files("x")); err == nil || !strings.Contains(err.Error(), "is not a folder") {
			t.Errorf("a file: %v", err)
		}
		sameTree(t, "a link or a file", before, tree(t, dir))
	})
}

// TestRecover makes by hand what a build killed between the two renames of
// its swap leaves: no output, the previous build in .build.dossier-old-N
// and the new one, perhaps half written, in .build.dossier-new-N.
func TestRecover(t *testing.T) {
	manifest := func(files ...string) string {
		return fmt.Sprintf(`{"format": 1, "generator": "dossier", "files": ["%s"]}`, strings.Join(files, `", "`))
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	put(t, dir,
		".build.dossier-old-17/"+ManifestName, manifest("index.html"),
		".build.dossier-old-17/index.html", "previous",
		".build.dossier-new-17/index.html", "half writ",
	)
	if err := Recover(out); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "previous" {
		t.Fatalf("build/index.html: %q, %v; want the previous build back", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".build.dossier-old-17")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the previous build is still beside build/: %v", err)
	}

	// With build/ in place, nothing is put back.
	put(t, dir, ".build.dossier-old-18/"+ManifestName, manifest("index.html"), ".build.dossier-old-18/index.html", "older")
	if err := Recover(out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "previous" {
		t.Errorf("build/ was replaced while in place: %q", b)
	}

	// Of several, the newest comes back; a folder without a manifest (a
	// build of dossier 0.1.0, or a folder named so by someone) never does.
	os.RemoveAll(out)
	put(t, dir,
		".build.dossier-old-19/"+ManifestName, manifest("index.html"),
		".build.dossier-old-19/index.html", "newest",
		".build.dossier-old-20/index.html", "no manifest",
		".dossier-new-21-old/index.html", "dossier 0.1.0",
	)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, ".build.dossier-old-18", ManifestName), old, old)
	if err := Recover(out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "newest" {
		t.Errorf("put back %q, want the newest", b)
	}
}

// TestWriteCleansLeftovers: a build clears the temporary folders that killed
// builds of its output left, its own and those of dossier 0.1.0, and
// nothing else.
func TestWriteCleansLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	if err := Write(out, files("one")); err != nil {
		t.Fatal(err)
	}
	put(t, dir,
		".build.dossier-new-123/index.html", "half writ",
		".build.dossier-new-124/"+ManifestName, `{"format": 1, "files": []}`,
		".build.dossier-old-124/index.html", "the previous build",
		".dossier-new-2290/index.html", "dossier 0.1.0's new build",
		".dossier-new-2290-old/index.html", "dossier 0.1.0's previous build",
		// Not leftovers of build/:
		".docs.dossier-new-5/index.html", "a build of docs/ under way",
		".build.dossier-new-draft/notes.txt", "not a name dossier makes",
		".build.dossier-new-7", "a file, not a folder",
		"keep/.build.dossier-new-8/index.html", "not beside build/",
	)
	if err := os.Symlink("keep", filepath.Join(dir, ".build.dossier-old-9")); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, files("two")); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".build.dossier-new-7", ".build.dossier-new-draft", ".build.dossier-old-9", ".docs.dossier-new-5", "build", "keep"}
	if !slices.Equal(names, want) {
		t.Errorf("beside build/ after a build:\n%q\nwant\n%q", names, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "keep", ".build.dossier-new-8", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestWriteWithoutExchange takes the path of systems that cannot exchange
// two names in one step: two renames.
func TestWriteWithoutExchange(t *testing.T) {
	exchange = func(a, b string) error { return fmt.Errorf("test: %w", errors.ErrUnsupported) }
	t.Cleanup(func() { exchange = exchangeFolders })
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	for _, index := range []string{"one", "two"} {
		if err := Write(out, files(index)); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != index {
			t.Errorf("index.html: %q, want %q", b, index)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("beside the build: %v", entries)
	}
}

// TestWriteNeverLeavesOutMissing rebuilds over and over while another
// goroutine looks for the output: where the system exchanges two names in
// one step, there is no moment without it, so a kill at any time leaves a
// complete build in place.
func TestWriteNeverLeavesOutMissing(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux exchanges two names in one step")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	if err := Write(out, files("0")); err != nil {
		t.Fatal(err)
	}
	var looks, missing atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
				missing.Add(1)
			}
			looks.Add(1)
		}
	}()
	const builds = 300
	for i := range builds {
		if err := Write(out, files(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	<-done
	t.Logf("%d builds, %d looks, build/index.html missing at %d", builds, looks.Load(), missing.Load())
	if missing.Load() > 0 {
		t.Errorf("build/index.html was missing %d times in %d looks", missing.Load(), looks.Load())
	}
}

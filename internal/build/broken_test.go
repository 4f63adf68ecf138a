package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyExample copies the example dossier's dossier.yaml and content/ into a
// new folder, to break one thing in it.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../dossier.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// lineOf returns the 1-based line of text that starts with prefix.
func lineOf(t *testing.T, text []byte, prefix string) int {
	t.Helper()
	for i, l := range bytes.Split(text, []byte("\n")) {
		if bytes.HasPrefix(l, []byte(prefix)) {
			return i + 1
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return 0
}

// TestBrokenConfigIsOneProblem breaks the example's dossier.yaml so that it
// cannot be read as a whole. That is one problem, at its line and column:
// not one more for every claim, question and origin the sources refer to,
// which the file would have defined, nor a warning that its captures: went
// unread.
func TestBrokenConfigIsOneProblem(t *testing.T) {
	orig, err := os.ReadFile("../../dossier.yaml")
	if err != nil {
		t.Fatal(err)
	}
	statement := lineOf(t, orig, "    statement: ")
	title := lineOf(t, orig, "title: Kim Jong Un portrait badges")
	for _, tc := range []struct {
		name string
		edit func([]byte) []byte
		want string
	}{
		{"tab", func(b []byte) []byte {
			return bytes.Replace(b, []byte("\n    statement: "), []byte("\n\tstatement: "), 1)
		},
			fmt.Sprintf("dossier.yaml:%d:1: YAML syntax: found a tab character that violates indentation: indent with spaces; YAML does not allow tabs there", statement)},
		{"0xff", func(b []byte) []byte {
			return bytes.Replace(b, []byte("title: Kim Jong Un portrait"), []byte("title: Kim Jong Un portr\xffit"), 1)
		},
			fmt.Sprintf("dossier.yaml:%d:%d: not UTF-8: save the file as UTF-8 (byte 0xff here is not UTF-8 text)", title, len("title: Kim Jong Un portr")+1)},
		{"empty", func([]byte) []byte { return nil },
			"dossier.yaml:1:1: dossier.yaml is empty; it needs at least a title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyExample(t)
			if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), tc.edit(orig), 0o644); err != nil {
				t.Fatal(err)
			}
			_, errs, err := Run(Options{Root: dir})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, strings.TrimPrefix(e.Error(), filepath.ToSlash(dir)+"/"))
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("got %d problems:\n%s\nwant one:\n%s", len(got), strings.Join(got, "\n"), tc.want)
			}
		})
	}
}

// TestTemplateNotUTF8: a dossier's own template that is not UTF-8 is one
// problem at its first bad byte, and its bytes reach no page; a template
// that starts with a byte-order mark is read without it.
func TestTemplateNotUTF8(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"dossier.yaml":        "title: T\n",
		"templates/404.html":  "{{define \"main\"}}\n<p>Caf\xe9 ferm\xe9</p>\n{{end}}\n",
		"templates/style.css": "\ufeffbody { color: black }\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, errs, err := Run(Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := "templates/404.html:2:7: not UTF-8: save the file as UTF-8 (byte 0xe9 here is not UTF-8 text)"
	if len(errs) != 1 || strings.TrimPrefix(errs[0].Error(), filepath.ToSlash(dir)+"/") != want {
		t.Errorf("got %v, want one: %s", errs, want)
	}

	os.WriteFile(filepath.Join(dir, "templates", "404.html"), []byte("{{define \"main\"}}<p>Café fermé</p>{{end}}\n"), 0o644)
	res, errs, err := Run(Options{Root: dir})
	if err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	got, ok, err := res.Site.File("assets/style.css")
	if !ok || err != nil {
		t.Fatal("no assets/style.css", err)
	}
	if !bytes.Equal(got, []byte("body { color: black }\n")) {
		t.Errorf("style.css is %q: the byte-order mark should be gone", got)
	}
}

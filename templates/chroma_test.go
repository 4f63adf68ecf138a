package templates_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"testing"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/dossier-ssg/dossier/templates"
)

var update = flag.Bool("update", false, "write chroma.css again from chroma's style")

// TestChromaStylesheet holds chroma.css to what chroma writes for its
// "github" style, below the file's opening comment, so that the classes
// the highlighter writes and the rules that colour them stay in step when
// chroma changes. The binary leaves chroma's styles out: loading them all
// cost every run of dossier 9 ms, and 90 ms under the race detector.
func TestChromaStylesheet(t *testing.T) {
	var want bytes.Buffer
	if err := chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&want, styles.Get("github")); err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(templates.FS, "chroma.css")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := bytes.Cut(got, []byte("*/\n"))
	head = append(head, "*/\n"...)
	if *update {
		if err := os.WriteFile("chroma.css", append(head, want.Bytes()...), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got[len(head):], want.Bytes()) {
		t.Errorf("chroma.css is not what chroma writes for its github style: run go test ./templates -run TestChromaStylesheet -update")
	}
}

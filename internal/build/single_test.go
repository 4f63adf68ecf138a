package build

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// buildSingle writes the dossier at root as one file and parses it.
func buildSingle(t *testing.T, root string) (string, *page) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "dossier.html")
	res, errs, err := Run(Options{Root: root, Single: file})
	if err != nil || errs.Errors() > 0 {
		t.Fatalf("single file: %v %v", err, errs)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	pg := &page{path: "dossier.html", doc: doc, ids: map[string]*html.Node{}}
	for n := range doc.Descendants() {
		if id := attr(n, "id"); id != "" {
			if pg.ids[id] != nil {
				t.Errorf("single file: id %q used twice", id)
			}
			pg.ids[id] = n
		}
	}
	if res.Pages == 0 {
		t.Errorf("single file: Result.Pages is 0")
	}
	return file, pg
}

// TestSingleFile builds the example, the features and the second dossier
// as single files and holds each to what a reviewer who opens it offline
// needs: a section for every page of the site but the search page and
// 404.html; the stylesheets inside, and nothing loaded or run; every link
// between pages a link to an element of the file; ids unique; every
// citation mark leading to its note and back; one h1 and no heading that
// skips a level; hostile text still text.
func TestSingleFile(t *testing.T) {
	for name, root := range map[string]string{
		"example": "../..", "features": unpack(t, "testdata/features.txtar"), "second": unpack(t, "testdata/second.txtar"),
	} {
		t.Run(name, func(t *testing.T) {
			site := readSite(t, buildOK(t, root, ""))
			_, pg := buildSingle(t, root)

			var want, got []string
			for p := range site {
				if p != "404.html" && p != "search.html" {
					want = append(want, sectionOf(p))
				}
			}
			for _, s := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Section && hasClass(n, "single-page") }) {
				got = append(got, attr(s, "id"))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("sections %q, want one per page: %q", got, want)
			}
			if pg.ids["claim-"+firstClaim(site)] == nil {
				t.Errorf("no section #claim-ID")
			}

			styles := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Style })
			if len(styles) != 1 || styles[0].Parent.DataAtom != atom.Head || !strings.Contains(text(styles[0]), ".verdict-box") || !strings.Contains(text(styles[0]), ".chroma") {
				t.Errorf("want one <style> in the head with both stylesheets, got %d", len(styles))
			}
			for n := range pg.doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				switch {
				case n.DataAtom == atom.Script, n.DataAtom == atom.Link, n.DataAtom == atom.Img, n.DataAtom == atom.Iframe, n.DataAtom == atom.Form:
					t.Errorf("a <%s> element: the file loads and runs nothing, and has no search", n.Data)
				case attr(n, "src") != "" || attr(n, "style") != "":
					t.Errorf("<%s> has src or style", n.Data)
				}
				href := attr(n, "href")
				if href == "" {
					continue
				}
				id, internal := strings.CutPrefix(href, "#")
				switch {
				case internal && pg.ids[id] == nil:
					t.Errorf("link %q lands on no element", href)
				case !internal && !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "mailto:"):
					t.Errorf("link %q leads out of the file", href)
				}
				for _, key := range []string{"aria-labelledby", "for", "headers"} {
					for _, ref := range strings.Fields(attr(n, key)) {
						if pg.ids[ref] == nil {
							t.Errorf("<%s %s=%q>: no such id", n.Data, key, ref)
						}
					}
				}
			}
			// Every citation mark leads to a note of its own section, and
			// the note's back-links lead back to marks.
			marks := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.A && strings.Contains(attr(n, "href"), "--note-") })
			if len(marks) < 5 {
				t.Errorf("only %d citation marks", len(marks))
			}
			for _, m := range marks {
				note := pg.ids[strings.TrimPrefix(attr(m, "href"), "#")]
				section, _, _ := strings.Cut(attr(m, "id"), "--")
				if note == nil || !strings.HasPrefix(attr(note, "id"), section+"--note-") {
					t.Errorf("mark %s leads to %s, outside its section", attr(m, "id"), attr(m, "href"))
					continue
				}
				if len(find(note, func(n *html.Node) bool { return attr(n, "href") == "#"+attr(m, "id") })) != 1 {
					t.Errorf("note %s has no back-link to mark %s", attr(note, "id"), attr(m, "id"))
				}
			}
			single := map[string]*page{"dossier.html": pg}
			checkStructure(t, single)
			checkEscaped(t, single)
			if name == "features" {
				for _, s := range []string{`Features <script>alert("title")</script>`, `Alone it says <script>alert("quote")</script>.`, `<script>alert("body")</script>`} {
					if !strings.Contains(text(pg.doc), s) {
						t.Errorf("%q is not shown as text", s)
					}
				}
			}
		})
	}
}

// sectionOf is the section id the single file gives a page of the site.
func sectionOf(p string) string {
	p = strings.TrimSuffix(p, ".html")
	for dir, kind := range map[string]string{"claims/": "claim-", "questions/": "question-", "sources/": "source-"} {
		if id, ok := strings.CutPrefix(p, dir); ok {
			return kind + id
		}
	}
	return "page-" + p
}

func firstClaim(site map[string]*page) string {
	var ids []string
	for p := range site {
		if id, ok := strings.CutPrefix(p, "claims/"); ok {
			ids = append(ids, strings.TrimSuffix(id, ".html"))
		}
	}
	slices.Sort(ids)
	return ids[0]
}

// TestSingleFileAlone: -single writes that file alone, atomically. It
// leaves a site built before untouched; a dossier with errors leaves the
// previous file as it was; no temporary file is left either way; and it
// is not given together with an output folder, nor inside content/.
func TestSingleFileAlone(t *testing.T) {
	root := unpack(t, "testdata/features.txtar")
	out := buildOK(t, root, "")
	before := snapshot(t, out)
	file, _ := buildSingle(t, root)
	if after := snapshot(t, out); len(after) != len(before) {
		t.Errorf("the site has %d files after -single, %d before", len(after), len(before))
	} else {
		for p, data := range before {
			if !bytes.Equal(after[p], data) {
				t.Errorf("-single changed %s of the site", p)
			}
		}
	}
	dir := filepath.Dir(file)
	good, _ := os.ReadFile(file)
	if err := os.WriteFile(filepath.Join(root, "content", "beta.md"), []byte("---\ntitle: Beta\nkind: nonsense\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := Run(Options{Root: root, Single: file}); err == nil && errs.Errors() == 0 {
		t.Fatal("a broken dossier built")
	}
	if now, _ := os.ReadFile(file); !bytes.Equal(now, good) {
		t.Errorf("a failed build changed the single file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the single file alone", len(entries))
	}
	for _, opt := range []Options{
		{Root: root, Single: file, Out: out},
		{Root: root, Single: filepath.Join(root, "content", "x.html")},
		{Root: root, Single: filepath.Join(dir, "dossier.txt")},
		{Root: root, Single: filepath.Join(dir, "missing", "x.html")},
	} {
		if _, _, err := Run(opt); err == nil {
			t.Errorf("Run(%+v) wrote a single file", opt)
		}
	}
}

package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
)

func testDossier() *model.Dossier {
	d := &model.Dossier{
		Claims:  []*model.Claim{{ID: "c1"}},
		Sources: []*model.Source{{ID: "a", Title: "Alpha & co"}, {ID: "b", Title: "Beta"}},
	}
	d.Index()
	return d
}

func convert(t *testing.T, src string) (string, *Doc, diag.List) {
	t.Helper()
	m := New()
	doc, errs := m.Parse([]byte(src), Env{
		Pos: diag.Pos{File: "x.md", Line: 10, Col: 1}, Dossier: testDossier(), Notes: &Notes{},
		Href: func(kind, id string) string { return "../" + kind + "s/" + id + ".html" },
	})
	out, err := m.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), doc, errs
}

func TestCitations(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"X [@a].", `X <sup class="cite"><a href="#note-1" id="cite-1-1" role="doc-noteref" aria-label="Note 1: Alpha &amp; co">[1]</a></sup>.`},
		{"[@a] [@b, p. 4] [@a, p. 2]", `id="cite-1-1"` + "|" + `href="#note-2" id="cite-2-1"` + "|" + `href="#note-1" id="cite-1-2"`},
		{"[@a; @b]", `id="cite-1-1"` + "|" + `id="cite-2-1"`},
		{"[@a](https://example.org) is a link", `<a href="https://example.org">@a</a>`},
		{"an email@a.org [not a cite]", `</a> [not a cite]`},
	} {
		out, _, errs := convert(t, tc.in)
		if len(errs) > 0 {
			t.Errorf("%q: %v", tc.in, errs)
		}
		for _, w := range strings.Split(tc.want, "|") {
			if !strings.Contains(out, w) {
				t.Errorf("%q:\n got %s\nwant %s", tc.in, out, w)
			}
		}
	}
}

func TestNoteLabels(t *testing.T) {
	for i, want := range map[int]string{0: "a", 1: "b", 25: "z", 26: "aa", 27: "ab"} {
		if got := label(i); got != want {
			t.Errorf("label(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestLinks(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"[c](claim:c1)", `<a href="../claims/c1.html" id="link-claim-c1-1">c</a>`, ""},
		{"[s](source:b)", `<a href="../sources/b.html" id="link-source-b-1">s</a>`, ""},
		{"[c](claim:c2)", "", `x.md:10:1: link to unknown claim "c2" (did you mean "c1"?)`},
		{"x\n\n  [q](question:q)", "", `x.md:12:3: link to unknown question "q"`},
		{"[x](javascript:alert(1))", "", `x.md:10:1: link scheme "javascript" is not allowed`},
		{"[x](data:text/html,hi)", "", `x.md:10:1: link scheme "data" is not allowed`},
		{"[@zz]", "", `x.md:10:2: citation of unknown source "zz"`},
		{"[x](#s-a)", `<a href="#s-a">x</a>`, ""},
		{"<b>bold</b> <script>x()</script>", "&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;", ""},
		{"# Notes", `<h1 id="s-notes">Notes</h1>`, ""},
		{"see www.example.org and https://example.org/x", `<a href="http://www.example.org">www.example.org</a>`, ""},
		{"<ftp://example.org>", "", `x.md:10:1: link scheme "ftp" is not allowed`},
		{"<claim:c1>", "", `x.md:10:1: write [text](claim:c1) to link inside the dossier`},
		{"<A0:>", "", `x.md:10:1: link scheme "A0" is not allowed`},
		{"A *b* <claim:c1>", "", `x.md:10:7: write [text](claim:c1) to link inside the dossier`},
		{"x\nthen <ftp://e.org> and", "", `x.md:11:6: link scheme "ftp" is not allowed`},
		{"<https://e.org> or <ftp://e.org>", "", `x.md:10:20: link scheme "ftp" is not allowed`},
	} {
		out, _, errs := convert(t, tc.in)
		if tc.err != "" {
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.err) {
				t.Errorf("%q: errors %v, want %s", tc.in, errs, tc.err)
			}
			continue
		}
		if len(errs) > 0 || !strings.Contains(out, tc.want) {
			t.Errorf("%q:\n got %s %v\nwant %s", tc.in, out, errs, tc.want)
		}
	}
}

// FuzzMarkdown feeds arbitrary text through the parser and renderer: no
// panic, and whatever the text, no element the writer did not ask for.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"[@a] [@b, p. 4] [@a; @b] [x](claim:c1)",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"```go\nfunc main() {}\n```\n",
		"| a | b |\n|---|---|\n| [@a] | <b>x</b> |\n\n[^1]\n\n[^1]: note [@b]",
		"[x](javascript:alert(1)) ![i](https://e.org/i.png) <http://a.b>",
		"# H\n## H\n[@",
		"| l | r |\n|:--|--:|\n| a | b |\n\n- [x] done\n- [ ] open\n\nA[^n] [^n] [@a]\n\n[^n]: Note [@b] <i>x</i> [^m]\n[^m]: M",
		"> - [a](<b\n>   ```perl\n>   \"\\\n\n\\`` [[[x]]] \xff",
	} {
		f.Add(s)
	}
	m := New()
	d := testDossier()
	f.Fuzz(func(t *testing.T, src string) {
		notes := &Notes{}
		doc, errs := m.Parse([]byte(src), Env{
			Pos: diag.Pos{File: "x.md", Line: 1, Col: 1}, Dossier: d, Notes: notes,
			Href: func(kind, id string) string { return "../" + kind + "s/" + id + ".html" },
		})
		out, err := m.Render(doc)
		if err != nil {
			t.Fatal(err)
		}
		if errs.Errors() > 0 {
			return // a build stops at these errors and renders nothing
		}
		// The notes' texts go on the page too.
		for i := 0; i < len(notes.List); i++ {
			text, err := m.NoteText(notes, notes.List[i])
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, text...)
		}
		if !utf8.Valid(out) {
			t.Fatalf("%q made bytes that are not UTF-8: %q", src, out)
		}
		nodes, err := html.ParseFragment(bytes.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatal(err)
		}
		for _, top := range nodes {
			for n := range top.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				switch n.DataAtom {
				case atom.Script, atom.Img, atom.Iframe, atom.Style, atom.Object, atom.Embed, atom.Form, atom.Input:
					t.Fatalf("%q made a <%s>: %s", src, n.Data, out)
				}
				for _, a := range n.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if strings.HasPrefix(a.Key, "on") || a.Key == "style" || (a.Key == "href" || a.Key == "src") && !strings.HasPrefix(v, "http") && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "../") && !strings.HasPrefix(v, "mailto:") {
						t.Fatalf("%q made %s=%q: %s", src, a.Key, a.Val, out)
					}
				}
			}
		}
	})
}

// BenchmarkConvert parses and renders a summary-sized document with
// citations, links, a table and a code block: the per-page Markdown cost.
func BenchmarkConvert(b *testing.B) {
	var src strings.Builder
	for i := range 8 {
		fmt.Fprintf(&src, "Paragraph %d says *this* and [that](claim:c1), citing [@a, p. %d] and [@b].\n\n", i, i)
	}
	src.WriteString("| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nfunc main() { println(\"hi\") }\n```\n")
	m := New()
	d := testDossier()
	data := []byte(src.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		doc, errs := m.Parse(data, Env{Dossier: d, Notes: &Notes{}, Href: func(kind, id string) string { return id }})
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		if _, err := m.Render(doc); err != nil {
			b.Fatal(err)
		}
	}
}

package markdown

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// parseNotes parses src onto a page with notes, and renders it.
func parseNotes(t *testing.T, src string) (*Markdown, *Notes, string, diag.List) {
	t.Helper()
	m := New()
	notes := &Notes{}
	doc, errs := m.Parse([]byte(src), Env{
		Pos: diag.Pos{File: "x.md", Line: 10, Col: 1}, Dossier: testDossier(), Notes: notes,
		Href: func(kind, id string) string { return "../" + kind + "s/" + id + ".html" },
	})
	out, err := m.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	return m, notes, string(out), errs
}

// validID is html-validate's strict valid-id: a letter, then letters,
// digits, "-" and "_".
var validID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

func fragment(t *testing.T, s string) []*html.Node {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	return nodes
}

// TestFootnotesAreNotes: a GFM footnote is a note of the page, numbered with
// its citations in reading order, with the same mark and back-links; the
// text keeps no list of its own and no id that is not valid.
func TestFootnotesAreNotes(t *testing.T) {
	m, notes, out, errs := parseNotes(t, "One[^x] cites [@a], then [^x] again and [@b].\n\n[^x]: A *footnote* that cites [@b] and [@a, p. 2].\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, bad := range []string{`fn:`, `fnref`, `class="footnotes"`, `<ol`, `<hr`, "A <em>footnote</em>"} {
		if strings.Contains(out, bad) {
			t.Errorf("the text renders %q, a second list of notes: %s", bad, out)
		}
	}
	for _, want := range []string{
		`One<sup class="cite"><a href="#note-1" id="cite-1-1" role="doc-noteref" aria-label="Note 1">[1]</a></sup>`,
		`<a href="#note-2" id="cite-2-1" role="doc-noteref" aria-label="Note 2: Alpha &amp; co">[2]</a>`,
		`<a href="#note-1" id="cite-1-2" role="doc-noteref" aria-label="Note 1">[1]</a>`,
		`<a href="#note-3" id="cite-3-1" role="doc-noteref" aria-label="Note 3: Beta">[3]</a>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	if len(notes.List) != 3 || !notes.List[0].IsFootnote() || notes.List[1].IsFootnote() {
		t.Fatalf("notes: %+v", notes.List)
	}
	if refs := notes.List[0].Refs; len(refs) != 2 || refs[0].Label != "a" || refs[1].Label != "b" || refs[1].ID != "cite-1-2" {
		t.Errorf("the footnote's back-links: %+v", refs)
	}
	// The page cites more, say a table's quote of beta, before its notes.
	notes.Cite(testDossier().SourceByID["b"], NoteItem{Quote: "q"})
	text, err := m.NoteText(notes, notes.List[0])
	if err != nil {
		t.Fatal(err)
	}
	want := `<p>A <em>footnote</em> that cites <sup class="cite"><a href="#note-3" id="cite-3-3" role="doc-noteref" aria-label="Note 3: Beta">[3]</a></sup> and <sup class="cite"><a href="#note-2" id="cite-2-2" role="doc-noteref" aria-label="Note 2: Alpha &amp; co">[2]</a></sup>.</p>`
	if strings.TrimSpace(string(text)) != want {
		t.Errorf("footnote text:\n got %s\nwant %s", text, want)
	}
	if len(notes.List) != 3 || len(notes.List[1].Items) != 1 || notes.List[1].Items[0].Locator != "p. 2" {
		t.Errorf("the footnote's citation is not a use of note 2: %+v", notes.List[1])
	}
	for _, n := range fragment(t, out+string(text)) {
		for d := range n.Descendants() {
			for _, a := range d.Attr {
				if a.Key == "id" && !validID.MatchString(a.Val) {
					t.Errorf("id %q is not valid", a.Val)
				}
			}
		}
	}
}

// TestFootnoteTextNumbersLast: a footnote's text is read where the notes
// are, after the rest of the page, so a source it is first to cite takes
// the next number then, and a footnote inside a footnote follows it.
func TestFootnoteTextNumbersLast(t *testing.T) {
	m, notes, _, errs := parseNotes(t, "A[^1] and [@a].\n\n[^1]: Cites [@b] and[^2], and itself[^1].\n[^2]: Inner.\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(notes.List) != 2 {
		t.Fatalf("%d notes before the footnote's text is read, want 2", len(notes.List))
	}
	var texts []string
	for i := 0; i < len(notes.List); i++ {
		text, err := m.NoteText(notes, notes.List[i])
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(text))
	}
	if len(notes.List) != 4 || notes.List[2].Source == nil || notes.List[2].Source.ID != "b" || !notes.List[3].IsFootnote() {
		t.Fatalf("want beta as note 3 and the inner footnote as note 4: %+v", notes.List)
	}
	if !strings.Contains(texts[0], `id="cite-1-2"`) || strings.TrimSpace(texts[3]) != "<p>Inner.</p>" {
		t.Errorf("texts: %q", texts)
	}
	// Reading a text twice does not number it twice.
	if _, err := m.NoteText(notes, notes.List[0]); err != nil || len(notes.List[0].Refs) != 2 {
		t.Errorf("refs after a second read: %+v", notes.List[0].Refs)
	}
}

func TestFootnoteProblems(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Text.\n\n[^1]: Never used.\n", `x.md:12:1: warning: footnote [^1] is never used`},
		{"A[^1].\n\n[^1]: One.\n[^1]: Two.\n", `x.md:13:1: footnote [^1] is defined twice`},
		{"A[^1].\n\n[^1]: See [@zz] and [x](claim:nope).\n", `x.md:12:12: citation of unknown source "zz"`},
		{"A[^1].\n\n[^1]: See [@zz] and [x](claim:nope).\n", `x.md:12:21: link to unknown claim "nope"`},
	} {
		_, _, _, errs := parseNotes(t, tc.in)
		found := false
		for _, e := range errs {
			found = found || strings.HasPrefix(e.Error(), tc.want)
		}
		if !found {
			t.Errorf("%q: %v, want %s", tc.in, errs, tc.want)
		}
	}
	// A footnote no shown text reaches is not shown, so nothing links from
	// it: not even when another unused footnote uses it.
	_, doc, errs := convert(t, "Text.\n\n[^1]: See [x](claim:c1) and[^2].\n[^2]: [y](claim:c1)\n")
	if len(doc.Links) != 0 || len(errs) != 2 || errs.Warnings() != 2 {
		t.Errorf("unused footnotes: links %v, problems %v", doc.Links, errs)
	}
	// [^2] without a definition stays text, as in GFM, but a citation
	// shown as brackets with no note is a slip: a warning at the mark.
	if _, _, out, errs := parseNotes(t, "A[^2].\n"); len(errs) != 1 || errs.Warnings() != 1 ||
		!strings.HasPrefix(errs[0].Error(), `x.md:10:2: warning: footnote [^2] is not defined`) || !strings.Contains(out, "A[^2].") {
		t.Errorf("an undefined footnote: %s %v", out, errs)
	}
	// After a "!", the warning is at the "[".
	if _, _, _, errs := parseNotes(t, "Bang![^2].\n"); len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), `x.md:10:6: warning: footnote [^2] is not defined`) {
		t.Errorf("an undefined footnote after !: %v", errs)
	}
	// Brackets written to be shown, and a link whose text starts with ^,
	// are no footnotes.
	for _, in := range []string{"A \\[^2].\n", "A [^2](https://example.org/).\n", "A `[^2]`.\n"} {
		if _, _, out, errs := parseNotes(t, in); len(errs) > 0 {
			t.Errorf("%q: %v (%s)", in, errs, out)
		}
	}
}

package build

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// validID is html-validate's valid-id rule, not relaxed: a letter, then
// letters, digits, "-" and "_". goldmark's footnotes gave "fn:1".
var validID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// TestGFMDossier builds a dossier whose texts use every Markdown feature the
// site enables, and checks the markup they make: one list of notes per page,
// numbered on from the citations without a gap, each mark resolving to its
// note and back; aligned cells by class; no inline style, form control or
// raw HTML; every heading level; code highlighted or, in a language chroma
// does not know, plain.
func TestGFMDossier(t *testing.T) {
	root := unpack(t, "testdata/gfm.txtar")
	out := buildOK(t, root, "")
	d := loadModel(t, root)
	pages := checkAll(t, d, out)

	for _, pg := range pages {
		lists := find(pg.doc, func(n *html.Node) bool {
			return (n.DataAtom == atom.Ol || n.DataAtom == atom.Ul) && slices.ContainsFunc(find(n, isNote), func(li *html.Node) bool { return li.Parent == n })
		})
		notes := find(pg.doc, isNote)
		if len(notes) > 0 && len(lists) != 1 {
			t.Errorf("%s: notes in %d lists, want one", pg.path, len(lists))
		}
		if extra := find(pg.doc, func(n *html.Node) bool { return hasClass(n, "footnotes") }); len(extra) > 1 {
			t.Errorf("%s: %d notes sections", pg.path, len(extra))
		}
		// Numbered 1, 2, 3 ... in the one list, without a gap.
		for i, li := range notes {
			if want := "note-" + strconv.Itoa(i+1); attr(li, "id") != want {
				t.Errorf("%s: note %d has id %q, want %q", pg.path, i+1, attr(li, "id"), want)
			}
		}
		for n := range pg.doc.Descendants() {
			if id := attr(n, "id"); id != "" && !validID.MatchString(id) {
				t.Errorf("%s: id %q is not valid", pg.path, id)
			}
			// The one form control is the search box, in its form;
			// Markdown's task lists must not make any.
			if n.DataAtom == atom.Input && !inForm(n) || n.DataAtom == atom.Span && hasClass(n, "x") || attr(n, "style") != "" || attr(n, "align") != "" {
				t.Errorf("%s: <%s> with %v", pg.path, n.Data, n.Attr)
			}
		}
		// Every mark points to a note that points back to it.
		for _, m := range find(pg.doc, func(n *html.Node) bool { return attr(n, "role") == "doc-noteref" }) {
			note := pg.ids[strings.TrimPrefix(attr(m, "href"), "#")]
			if note == nil || !isNote(note) {
				t.Errorf("%s: mark %s points to %q, no note", pg.path, attr(m, "id"), attr(m, "href"))
				continue
			}
			if len(find(note, func(n *html.Node) bool { return attr(n, "href") == "#"+attr(m, "id") })) != 1 {
				t.Errorf("%s: %s has no back-link to %s", pg.path, attr(note, "id"), attr(m, "id"))
			}
			if !strings.HasPrefix(attr(m, "aria-label"), "Note "+strings.TrimPrefix(attr(note, "id"), "note-")) {
				t.Errorf("%s: mark %s is named %q", pg.path, attr(m, "id"), attr(m, "aria-label"))
			}
		}
	}

	// The source: footnote 1, used twice, is note 1 with back-links a and b
	// and its text as HTML; the citation after it is note 2; the second
	// footnote's text cites the other source, note 4, which the text cited
	// before it.
	src := pages["sources/gfm.html"]
	want := []string{
		"note-1", "The first footnote, with emphasis and a link. ↩a ↩b",
		"note-2", "A source written in every Markdown feature, The Markdown Times, 1 July 2024.",
		"note-3", "The second footnote cites [4]. ↩a",
		"note-4", "Another source, 2023.",
	}
	for i := 0; i < len(want); i += 2 {
		if src.ids[want[i]] == nil {
			t.Fatalf("sources/gfm.html: no %s", want[i])
		}
		if got := text(src.ids[want[i]]); !strings.HasPrefix(got, want[i+1]) {
			t.Errorf("sources/gfm.html: %s reads %q, want %q...", want[i], got, want[i+1])
		}
	}
	if em := find(src.ids["note-1"], func(n *html.Node) bool { return n.DataAtom == atom.Em }); len(em) != 1 {
		t.Errorf("sources/gfm.html: the footnote's text is not rendered as HTML")
	}
	summary := find(src.doc, func(n *html.Node) bool { return hasClass(n, "summary") })[0]
	for _, h := range []string{"h3", "h4", "h5", "h6"} {
		if len(find(summary, func(n *html.Node) bool { return n.Data == h })) == 0 {
			t.Errorf("sources/gfm.html: no <%s> in the summary", h)
		}
	}
	cells := map[string]int{}
	for _, c := range find(summary, func(n *html.Node) bool { return n.DataAtom == atom.Th || n.DataAtom == atom.Td }) {
		cells[attr(c, "class")]++
	}
	if cells["align-left"] != 3 || cells["align-center"] != 3 || cells["align-right"] != 3 || cells[""] != 3 {
		t.Errorf("sources/gfm.html: cells by class %v, want three of each", cells)
	}
	var langs []string
	for _, pre := range find(summary, func(n *html.Node) bool { return n.DataAtom == atom.Pre }) {
		tokens := len(find(pre, func(n *html.Node) bool { return n.DataAtom == atom.Span && !hasClass(n, "line") && !hasClass(n, "cl") }))
		langs = append(langs, strconv.FormatBool(hasClass(pre, "chroma") && tokens > 0))
	}
	if got := strings.Join(langs, " "); got != "true true true true false false" {
		t.Errorf("sources/gfm.html: code blocks highlighted: %s; want the go, python, json and bash ones, not the unknown language nor the indented block", got)
	}
	for _, s := range []string{"“double quotes”", "‘single quotes’", "en – dash", "em — dash", "ellipsis…", `<span class="x">inline</span>`, `<div class="block">`, "<b>", "<angle brackets>"} {
		if !strings.Contains(text(summary), s) {
			t.Errorf("sources/gfm.html: the summary does not show %q", s)
		}
	}
	for _, s := range []string{"del", "strong", "blockquote", "br", "code"} {
		if len(find(summary, func(n *html.Node) bool { return n.Data == s })) == 0 {
			t.Errorf("sources/gfm.html: no <%s> in the summary", s)
		}
	}
	if tasks := find(summary, func(n *html.Node) bool { return hasClass(n, "task") && attr(n, "aria-label") != "" }); len(tasks) != 2 {
		t.Errorf("sources/gfm.html: %d named task marks, want 2", len(tasks))
	}

	// The claim: its context cites gfm, uses footnote c1 twice, cites other
	// and uses c2; the evidence table's quotes cite gfm and other again, and
	// c2's text, read last, cites gfm a third time.
	claim := pages["claims/gfm-claim.html"]
	notes := find(claim.doc, isNote)
	var kinds []string
	for _, n := range notes {
		kinds = append(kinds, strconv.Itoa(len(find(n, func(a *html.Node) bool { return strings.HasPrefix(attr(a, "href"), "#cite-") }))))
	}
	if got := strings.Join(kinds, " "); got != "3 2 2 1" {
		t.Errorf("claims/gfm-claim.html: back-links per note %s, want 3 2 2 1 (gfm, footnote c1, other, footnote c2)", got)
	}
	for p, n := range map[string]int{"method.html": 2, "questions/q-gfm.html": 3} {
		if got := len(find(pages[p].doc, isNote)); got != n {
			t.Errorf("%s: %d notes, want %d", p, got, n)
		}
	}
}

func isNote(n *html.Node) bool {
	return n.DataAtom == atom.Li && strings.HasPrefix(attr(n, "id"), "note-")
}

// inForm reports whether n sits inside a <form>.
func inForm(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Form {
			return true
		}
	}
	return false
}

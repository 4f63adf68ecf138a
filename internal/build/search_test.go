package build

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/render"
)

// searchScripts are the scripts search.html loads, in order; no other
// page loads any.
var searchScripts = []string{"assets/search-index.js", "assets/search.js"}

// isSearchScript reports whether n is one of search.html's scripts: in
// its head, a file of the site loaded with defer, no text of its own.
func isSearchScript(page string, n *html.Node) bool {
	if page != "search.html" || n.Type != html.ElementNode || n.DataAtom != atom.Script || n.FirstChild != nil ||
		n.Parent == nil || n.Parent.DataAtom != atom.Head || len(n.Attr) != 2 {
		return false
	}
	_, deferred := attrOK(n, "defer")
	return deferred && slices.Contains(searchScripts, attr(n, "src"))
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// checkSearchBox asserts that every page but search.html carries the
// search box, a plain GET form to search.html with a labelled field q,
// which works without script; and that search.html has its own form,
// says in a <noscript> that it needs script, and has the results list,
// the status that counts them, and its two scripts, in order.
func checkSearchBox(t *testing.T, dir string, pages map[string]*page) {
	t.Helper()
	field := func(pg *page, form *html.Node) {
		inputs := find(form, func(n *html.Node) bool { return n.DataAtom == atom.Input && attr(n, "name") == "q" })
		if len(inputs) != 1 || attr(inputs[0], "type") != "search" {
			t.Errorf("%s: the search form has %d fields named q of type search, want 1", pg.path, len(inputs))
			return
		}
		id := attr(inputs[0], "id")
		if labels := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Label && attr(n, "for") == id }); id == "" || len(labels) != 1 || text(labels[0]) == "" {
			t.Errorf("%s: the search field has no label", pg.path)
		}
		if b := find(form, func(n *html.Node) bool { return n.DataAtom == atom.Button && attr(n, "type") == "submit" }); len(b) != 1 {
			t.Errorf("%s: the search form has %d submit buttons", pg.path, len(b))
		}
	}
	for _, pg := range pages {
		forms := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Form })
		if len(forms) != 1 {
			t.Errorf("%s: %d forms, want the search form alone", pg.path, len(forms))
			continue
		}
		f := forms[0]
		action := attr(f, "action")
		target, _, ext := resolve(pg, action)
		if pg.path == "404.html" && strings.HasPrefix(action, "/") && strings.HasSuffix(action, "/search.html") {
			target = "search.html" // from the site's path, for any depth: checkLinks says why
		}
		if ext || target != "search.html" || strings.ToLower(attr(f, "method")) != "get" || attr(f, "role") != "search" {
			t.Errorf("%s: the search form is %s %q (role %q), want a GET to search.html", pg.path, attr(f, "method"), action, attr(f, "role"))
		}
		field(pg, f)
		inHeader := false
		for p := f.Parent; p != nil; p = p.Parent {
			inHeader = inHeader || p.DataAtom == atom.Header
		}
		if inHeader == (pg.path == "search.html") {
			t.Errorf("%s: the search form is in the header: %v", pg.path, inHeader)
		}
	}
	pg := pages["search.html"]
	if pg == nil {
		t.Fatal("no search.html")
	}
	var scripts []string
	for _, n := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Script }) {
		if !isSearchScript(pg.path, n) {
			t.Errorf("search.html: a script other than its own: %s", renderHTML(n))
		}
		scripts = append(scripts, attr(n, "src"))
	}
	if !slices.Equal(scripts, searchScripts) {
		t.Errorf("search.html loads %q, want %q", scripts, searchScripts)
	}
	for _, s := range searchScripts {
		if _, err := os.Stat(filepath.Join(dir, s)); err != nil {
			t.Errorf("search.html loads %s, which the build did not write", s)
		}
	}
	if r := pg.ids["results"]; r == nil {
		t.Errorf("search.html: no element #results")
	}
	if st := pg.ids["search-status"]; st == nil || attr(st, "aria-live") != "polite" || attr(st, "role") != "status" {
		t.Errorf("search.html: no polite status to count the results")
	}
	// html.Parse reads <noscript> as text, as a browser that runs script
	// does: its markup is in the text, in whatever language the page is.
	if ns := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Noscript }); len(ns) != 1 || !strings.Contains(text(ns[0]), `href="index.html"`) {
		t.Errorf("search.html: no <noscript> that says search needs script and leads to the overview")
	}
}

// searchIndex is assets/search-index.js, decoded.
type searchIndex struct {
	V             int
	L             map[string]string
	U             map[string][2]string
	Q, C, S, O, T [][]any
	N             []string
}

func readSearchIndex(t *testing.T, dir string) (searchIndex, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "assets", "search-index.js"))
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(data, []byte("window.dossierSearch="))
	body, ok2 := bytes.CutSuffix(body, []byte(";\n"))
	if !ok || !ok2 {
		t.Fatalf("search-index.js is not one assignment to window.dossierSearch: %.80s", data)
	}
	var idx searchIndex
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&idx); err != nil {
		t.Fatalf("search-index.js: %v", err)
	}
	return idx, data
}

// checkSearchIndex holds the index to the dossier: every claim, question,
// source, origin and quote once, in the model's order, each with its text,
// the text folded by render.Fold unless folding changes nothing, and an
// address that leads to a page of the site and an element on it.
func checkSearchIndex(t *testing.T, d *model.Dossier, dir string, pages map[string]*page) {
	t.Helper()
	idx, data := readSearchIndex(t, dir)
	if bytes.ContainsAny(data, "<>") {
		t.Errorf("search-index.js holds a < or >: text must be escaped")
	}
	str := func(v any) string { s, _ := v.(string); return s }
	num := func(v any) int {
		n, _ := v.(json.Number).Int64()
		return int(n)
	}
	// folded checks an entry's last field against the text it folds.
	folded := func(what string, e []any, n int, text, match string) {
		want := render.Fold(match)
		switch {
		case len(e) == n && want != text:
			t.Errorf("%s: no folded text, but %q folds to %q", what, text, want)
		case len(e) == n+1 && (str(e[n]) != want || want == text):
			t.Errorf("%s: folded %q, want %q (and only when it differs from %q)", what, str(e[n]), want, text)
		case len(e) != n && len(e) != n+1:
			t.Errorf("%s: %d fields", what, len(e))
		}
	}
	// lands checks that an address leads to a page and, with a fragment,
	// to an element of it.
	lands := func(what, href string) {
		p, frag, _ := strings.Cut(href, "#")
		pg := pages[p]
		if pg == nil || frag != "" && pg.ids[frag] == nil {
			t.Errorf("%s: %s does not lead to a page and element of the site", what, href)
		}
	}
	url := func(kind, id string) string { return idx.U[kind][0] + id + idx.U[kind][1] }
	if idx.V != 1 || len(idx.Q) != len(d.Questions) || len(idx.C) != len(d.Claims) || len(idx.S) != len(d.Sources) || len(idx.O) != len(d.Origins) {
		t.Fatalf("index v%d of %d questions, %d claims, %d sources, %d origins; the dossier has %d, %d, %d, %d",
			idx.V, len(idx.Q), len(idx.C), len(idx.S), len(idx.O), len(d.Questions), len(d.Claims), len(d.Sources), len(d.Origins))
	}
	for i, q := range d.Questions {
		e := idx.Q[i]
		if str(e[0]) != q.ID || str(e[1]) != q.Text {
			t.Errorf("question %d is %v, want %s", i, e, q.ID)
		}
		folded("question "+q.ID, e, 2, q.Text, q.Text)
		lands("question "+q.ID, url("q", q.ID))
	}
	for i, c := range d.Claims {
		e := idx.C[i]
		if str(e[0]) != c.ID || str(e[1]) != c.Statement {
			t.Errorf("claim %d is %v, want %s", i, e, c.ID)
		}
		folded("claim "+c.ID, e, 2, c.Statement, c.Statement)
		lands("claim "+c.ID, url("c", c.ID))
	}
	quotes := 0
	for i, src := range d.Sources {
		e := idx.S[i]
		by := strings.Join(slices.DeleteFunc([]string{src.Outlet, src.Author}, func(s string) bool { return s == "" }), " · ")
		if str(e[0]) != src.ID || str(e[1]) != src.Title || (by == "") != (num(e[2]) < 0) || by != "" && idx.N[num(e[2])] != by {
			t.Errorf("source %d is %v, want %s with byline %q", i, e, src.ID, by)
		}
		// The origins it relays, by their places in "o", each once.
		var names []string
		var want []int
		for _, id := range relayedIDs(src) {
			if i := slices.IndexFunc(d.Origins, func(o *model.Origin) bool { return o.ID == id }); i >= 0 && !slices.Contains(want, i) {
				want = append(want, i)
				names = append(names, d.Origins[i].Name)
			}
		}
		var got []int
		if l, ok := e[3].([]any); ok {
			for _, v := range l {
				got = append(got, num(v))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("source %s relays origins %v in the index, want %v", src.ID, got, want)
		}
		match := strings.Join(slices.DeleteFunc([]string{src.Title, by, strings.Join(names, ", ")}, func(s string) bool { return s == "" }), " · ")
		folded("source "+src.ID, e, 4, src.Title, match)
		lands("source "+src.ID, url("s", src.ID))
		for _, a := range src.Annotations {
			if a.Target == nil {
				continue
			}
			if quotes >= len(idx.T) {
				t.Fatalf("the index has %d quotes, fewer than the dossier", len(idx.T))
			}
			e := idx.T[quotes]
			quotes++
			c := idx.C[num(e[0])]
			s := idx.S[num(e[1])]
			quote := strings.Join(strings.Fields(a.Quote), " ")
			q := str(e[2])
			if str(c[0]) != a.Claim || str(s[0]) != src.ID || !(q == quote || strings.HasSuffix(q, "…") && strings.HasPrefix(quote, strings.TrimSuffix(q, "…"))) {
				t.Errorf("quote %d is %v, want %s on %s: %q", quotes, e, src.ID, a.Claim, quote)
			}
			folded("quote of "+src.ID+" on "+a.Claim, e, 3, q, q)
			lands("quote of "+src.ID+" on "+a.Claim, url("c", a.Claim)+"#row-"+src.ID)
		}
	}
	if quotes != len(idx.T) {
		t.Errorf("the index has %d quotes, the dossier %d", len(idx.T), quotes)
	}
	for i, o := range d.Origins {
		e := idx.O[i]
		// The kind as the pages name it, in the dossier's words.
		kind := o.Kind
		if kind != "" {
			kind = d.Labels.Get("origin-kind." + o.Kind)
		}
		if str(e[0]) != o.ID || str(e[1]) != o.Name || str(e[2]) != kind {
			t.Errorf("origin %d is %v, want %s, %s", i, e, o.ID, kind)
		}
		folded("origin "+o.ID, e, 3, o.Name, o.Name)
		lands("origin "+o.ID, url("o", o.ID))
	}
	// Bylines are written once each.
	seen := map[string]bool{}
	for _, n := range idx.N {
		if seen[n] {
			t.Errorf("byline %q is in the index twice", n)
		}
		seen[n] = true
	}
	for r, f := range idx.L {
		if got := render.Fold(r); got != f {
			t.Errorf("the index folds %q to %q, render.Fold to %q", r, f, got)
		}
	}
}

// relayedIDs are the origins a source names in relays: and via:.
func relayedIDs(src *model.Source) []string {
	var ids []string
	for _, r := range src.Relays {
		if r.Origin != "" {
			ids = append(ids, r.Origin)
		}
	}
	for _, a := range src.Annotations {
		if a.Via != "" && a.Via != model.ViaOwn {
			ids = append(ids, a.Via)
		}
	}
	return ids
}

package build

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is one parsed HTML file of a built site.
type page struct {
	path string // relative to the site root, with forward slashes
	doc  *html.Node
	ids  map[string]*html.Node
}

// readSite parses every HTML file under dir.
func readSite(t *testing.T, dir string) map[string]*page {
	t.Helper()
	pages := map[string]*page{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		pg := &page{path: filepath.ToSlash(rel), doc: doc, ids: map[string]*html.Node{}}
		for n := range doc.Descendants() {
			if id := attr(n, "id"); id != "" {
				if pg.ids[id] != nil {
					t.Errorf("%s: id %q used twice", pg.path, id)
				}
				pg.ids[id] = n
			}
		}
		pages[pg.path] = pg
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

func renderHTML(n *html.Node) []byte {
	var b bytes.Buffer
	html.Render(&b, n)
	return b.Bytes()
}

func attr(n *html.Node, key string) string {
	if n.Type != html.ElementNode {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// find returns the elements under n for which match is true, in document order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

// resolve returns the site path and fragment a relative href on pg points
// at; external is true for absolute URLs.
func resolve(pg *page, href string) (target, frag string, external bool) {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "", "", true
	}
	target = pg.path
	if u.Path != "" {
		target = path.Join(path.Dir(pg.path), u.Path)
	}
	return target, u.Fragment, false
}

// checkLinks asserts that every relative link and resource on every page
// points at a file that exists, and every fragment at an id on that page.
func checkLinks(t *testing.T, dir string, pages map[string]*page) {
	t.Helper()
	for _, pg := range pages {
		if pg.path == "404.html" && strings.Contains(string(renderHTML(pg.doc)), `href="/`) {
			continue // links from the site's path, for any depth: TestHTTPUnderPrefix follows them
		}
		for _, n := range find(pg.doc, func(n *html.Node) bool { return attr(n, "href") != "" || attr(n, "src") != "" }) {
			href := attr(n, "href") + attr(n, "src")
			target, frag, external := resolve(pg, href)
			if external {
				loads := n.DataAtom == atom.Script || n.DataAtom == atom.Img || n.DataAtom == atom.Iframe ||
					n.DataAtom == atom.Link && attr(n, "rel") != "canonical"
				if loads {
					t.Errorf("%s: loads %q from the network", pg.path, href)
				}
				continue
			}
			if strings.HasSuffix(href, "/") {
				t.Errorf("%s: link %q points at a folder, which file:// cannot open", pg.path, href)
			}
			if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target))); err != nil || fi.IsDir() {
				t.Errorf("%s: link %q: no file %s", pg.path, href, target)
				continue
			}
			if frag != "" {
				tp := pages[target]
				if tp == nil || tp.ids[frag] == nil {
					t.Errorf("%s: link %q: no id %q in %s", pg.path, href, frag, target)
				}
			}
		}
	}
}

// checkFootnotes asserts that citation marks are numbered in order of first
// use, that each note links back to every mark that cites it, and back only
// to marks that exist.
func checkFootnotes(t *testing.T, pages map[string]*page) {
	t.Helper()
	for _, pg := range pages {
		marks := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.A && strings.HasPrefix(attr(n, "href"), "#note-") })
		next := 1
		refs := map[string][]string{} // note id -> mark ids
		for _, m := range marks {
			noteID := strings.TrimPrefix(attr(m, "href"), "#")
			num, err := strconv.Atoi(strings.TrimPrefix(noteID, "note-"))
			if err != nil {
				t.Errorf("%s: citation mark links to %q", pg.path, noteID)
				continue
			}
			if got := text(m); got != "["+strconv.Itoa(num)+"]" {
				t.Errorf("%s: mark for note %d reads %q", pg.path, num, got)
			}
			if num > next {
				t.Errorf("%s: note %d is cited before note %d", pg.path, num, next)
			}
			if num == next {
				next++
			}
			if attr(m, "aria-label") == "" {
				t.Errorf("%s: citation mark %s has no accessible name", pg.path, attr(m, "id"))
			}
			refs[noteID] = append(refs[noteID], attr(m, "id"))
		}
		notes := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Li && strings.HasPrefix(attr(n, "id"), "note-") })
		if len(notes) != len(refs) {
			t.Errorf("%s: %d notes for %d cited notes", pg.path, len(notes), len(refs))
		}
		for _, note := range notes {
			// Every place that cites the note gets one back-link, grouped
			// under the quote it cites; a mark beside a quote in a table
			// links back from the note item that carries that quote.
			var back []string
			for _, a := range find(note, func(n *html.Node) bool { return n.DataAtom == atom.A && strings.HasPrefix(attr(n, "href"), "#cite-") }) {
				id := strings.TrimPrefix(attr(a, "href"), "#")
				back = append(back, id)
				item := a
				for item != nil && item.DataAtom != atom.Li {
					item = item.Parent
				}
				quotes := find(item, func(n *html.Node) bool { return n.DataAtom == atom.Q })
				cell := pg.ids[id]
				for cell != nil && cell.DataAtom != atom.Td {
					cell = cell.Parent
				}
				if cell == nil || item == note {
					continue
				}
				if cq := find(cell, func(n *html.Node) bool { return n.DataAtom == atom.Q }); len(cq) > 0 && (len(quotes) == 0 || text(cq[0]) != text(quotes[0])) {
					t.Errorf("%s: %s's back-link to %s sits under another quote than the one it cites, %q", pg.path, attr(note, "id"), id, text(cq[0]))
				}
			}
			slices.SortFunc(back, cmpCite)
			if want := refs[attr(note, "id")]; !slices.Equal(back, want) {
				t.Errorf("%s: %s links back to %v, want %v", pg.path, attr(note, "id"), back, want)
			}
		}
	}
}

// checkStructure asserts what assistive technology relies on: one h1,
// headings that never skip a level, and tables with a caption and header
// cells.
func checkStructure(t *testing.T, pages map[string]*page) {
	t.Helper()
	for _, pg := range pages {
		level := 0
		h1 := 0
		for _, h := range find(pg.doc, func(n *html.Node) bool {
			return len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
		}) {
			l := int(h.Data[1] - '0')
			if l == 1 {
				h1++
			}
			if l > level+1 {
				t.Errorf("%s: <%s> %q follows h%d", pg.path, h.Data, text(h), level)
			}
			level = l
		}
		if h1 != 1 {
			t.Errorf("%s: %d h1 elements", pg.path, h1)
		}
		for _, tbl := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Table }) {
			// Tables of the dossier's own carry a class; a table written in a
			// summary has what Markdown gives it: header cells, no caption.
			if attr(tbl, "class") != "" && len(find(tbl, func(n *html.Node) bool { return n.DataAtom == atom.Caption })) != 1 {
				t.Errorf("%s: table.%s has no caption", pg.path, attr(tbl, "class"))
			}
			if len(find(tbl, func(n *html.Node) bool { return n.DataAtom == atom.Th })) == 0 {
				t.Errorf("%s: a table has no header cells", pg.path)
			}
		}
	}
}

// checkEscaped asserts that no user text became markup.
func checkEscaped(t *testing.T, pages map[string]*page) {
	t.Helper()
	for _, pg := range pages {
		for n := range pg.doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			if isJSONLD(n) || isSearchScript(pg.path, n) {
				continue // data, never run: checkClaimReviews reads it; or search.html's own scripts
			}
			switch n.DataAtom {
			case atom.Script, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Div:
				if n.DataAtom != atom.Div || attr(n, "onclick") != "" {
					t.Errorf("%s: user text became a <%s> element", pg.path, n.Data)
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s> has an event handler attribute %s", pg.path, n.Data, a.Key)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: <%s> links to %s", pg.path, n.Data, a.Val)
				}
			}
		}
	}
}

// cmpCite orders citation mark ids ("cite-1-10") by their use number.
func cmpCite(a, b string) int {
	na, _ := strconv.Atoi(a[strings.LastIndexByte(a, '-')+1:])
	nb, _ := strconv.Atoi(b[strings.LastIndexByte(b, '-')+1:])
	return na - nb
}

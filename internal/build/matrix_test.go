package build

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/model"
)

// checkClaimsMatrix asserts that claims-matrix.html has a row for each
// claim a source speaks to, and none for the others, which it counts;
// that in a dense matrix each row has a cell per source, with that
// source's stance linked to its row on the claim's page or "Silent"; and
// that both matrices head each source's column with its outlet and a
// short title, its full title for screen readers and as a tooltip.
func checkClaimsMatrix(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	pg := pages["claims-matrix.html"]
	if pg == nil {
		t.Fatal("no claims-matrix.html")
	}
	var want []*model.Claim
	for _, c := range d.Claims {
		if len(c.Annotations) > 0 {
			want = append(want, c)
		}
	}
	if silent := len(d.Claims) - len(want); silent > 0 && !strings.Contains(text(pg.doc), strconv.Itoa(silent)+" claim") {
		t.Errorf("claims-matrix.html does not say that %d claims are left out", silent)
	}
	rows := find(pg.doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Tr && n.Parent != nil && n.Parent.DataAtom == atom.Tbody
	})
	if len(rows) != len(want) {
		t.Fatalf("claims-matrix.html: %d rows for %d claims that sources speak to", len(rows), len(want))
	}
	dense := len(find(pg.doc, func(n *html.Node) bool { return hasClass(n, "matrix-list") })) == 0
	for i, c := range want {
		row := rows[i]
		head := find(row, func(n *html.Node) bool { return n.DataAtom == atom.Th && attr(n, "scope") == "row" })
		if len(head) != 1 || len(find(head[0], func(n *html.Node) bool { return attr(n, "href") == "claims/"+c.ID+".html" })) != 1 ||
			len(find(head[0], func(n *html.Node) bool { return hasClass(n, "verdict") })) != 1 {
			t.Errorf("claims-matrix.html: row %d does not head with claim %s and its verdict", i, c.ID)
			continue
		}
		links := func(n *html.Node) []string {
			var out []string
			for _, a := range find(n, func(n *html.Node) bool { return n.DataAtom == atom.A && hasClass(n, "cell-link") }) {
				out = append(out, attr(a, "href")+" "+text(a))
			}
			return out
		}
		if !dense {
			var wantLinks []string
			for _, a := range c.Annotations {
				info, _ := a.Stance.Info()
				wantLinks = append(wantLinks, "claims/"+c.ID+".html#row-"+a.Source.ID+" "+info.Symbol+" "+d.Labels.Get("stance."+string(a.Stance)))
			}
			if got := links(row); strings.Join(got, "|") != strings.Join(wantLinks, "|") {
				t.Errorf("claims-matrix.html: claim %s lists %q, want %q", c.ID, got, wantLinks)
			}
			continue
		}
		cells := find(row, func(n *html.Node) bool { return n.DataAtom == atom.Td })
		if len(cells) != len(d.Sources) {
			t.Errorf("claims-matrix.html: claim %s has %d cells for %d sources", c.ID, len(cells), len(d.Sources))
			continue
		}
		for j, src := range d.Sources {
			want := "○ " + d.Labels.Get("stance.silent")
			if a := src.AnnotationOf(c.ID); a != nil {
				info, _ := a.Stance.Info()
				want = "claims/" + c.ID + ".html#row-" + src.ID + " " + info.Symbol + " " + d.Labels.Get("stance."+string(a.Stance))
				if got := links(cells[j]); len(got) != 1 || got[0] != want {
					t.Errorf("claims-matrix.html: claim %s, source %s: %q, want %q", c.ID, src.ID, got, want)
				}
			} else if got := text(cells[j]); got != want || len(links(cells[j])) > 0 {
				t.Errorf("claims-matrix.html: claim %s, source %s: %q, want %q", c.ID, src.ID, got, want)
			}
		}
	}
	for _, p := range []string{"matrix.html", "claims-matrix.html"} {
		pg := pages[p]
		heads := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Th && hasClass(n, "source-head") })
		if p == "claims-matrix.html" && !dense || p == "matrix.html" && len(d.Questions) == 0 {
			if len(heads) > 0 {
				t.Errorf("%s: %d source columns, want none", p, len(heads))
			}
			continue
		}
		if len(heads) != len(d.Sources) {
			t.Errorf("%s: %d source columns for %d sources", p, len(heads), len(d.Sources))
			continue
		}
		for i, src := range d.Sources {
			full := src.Title
			if src.Outlet != "" {
				full = src.Outlet + ": " + src.Title
			}
			full = strings.Join(strings.Fields(full), " ")
			a := find(heads[i], func(n *html.Node) bool { return n.DataAtom == atom.A })
			hidden := find(heads[i], func(n *html.Node) bool { return hasClass(n, "vh") })
			shown := find(heads[i], func(n *html.Node) bool { return attr(n, "aria-hidden") == "true" })
			if len(a) != 1 || attr(a[0], "href") != "sources/"+src.ID+".html" || strings.Join(strings.Fields(attr(a[0], "title")), " ") != full ||
				len(hidden) != 1 || text(hidden[0]) != full || len(shown) != 1 {
				t.Errorf("%s: column %d is not headed by a link to %s with its full title %q hidden", p, i, src.ID, full)
				continue
			}
			if s := text(shown[0]); len([]rune(s)) > len([]rune(src.Outlet))+30 {
				t.Errorf("%s: column %d shows %q, not short", p, i, s)
			}
		}
	}
}

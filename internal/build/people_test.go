package build

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/model"
)

// personClaims are the claims an entry of people.html lists as its first
// origin, by ID, in order.
func personClaims(entry *html.Node) []string {
	lists := find(entry, func(n *html.Node) bool { return n.DataAtom == atom.Ul && hasClass(n, "origin-of") })
	if len(lists) == 0 {
		return nil
	}
	var ids []string
	for _, a := range find(lists[0], func(n *html.Node) bool { return n.DataAtom == atom.A && strings.HasPrefix(attr(n, "href"), "claims/") }) {
		ids = append(ids, strings.TrimSuffix(strings.TrimPrefix(attr(a, "href"), "claims/"), ".html"))
	}
	return ids
}

// checkPeople asserts that people.html has an entry for every origin,
// one outlet entry for each source that names an outlet (and one of its
// own for each that does not), one author entry for each source that
// names an author, and that the claims an entry calls it the first origin
// of are claims a source supports.
func checkPeople(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	pg := pages["people.html"]
	if pg == nil {
		t.Fatal("no people.html")
	}
	for _, o := range d.Origins {
		e := pg.ids["origin-"+o.ID]
		if e == nil || !strings.Contains(text(e), strings.Join(strings.Fields(o.Name), " ")) {
			t.Errorf("people.html: no entry for origin %s", o.ID)
		}
	}
	entries := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Div && hasClass(n, "person") })
	under := func(prefix, href string) int {
		n := 0
		for _, e := range entries {
			if strings.HasPrefix(attr(e, "id"), prefix) && len(find(e, func(a *html.Node) bool { return a.DataAtom == atom.A && attr(a, "href") == href })) > 0 {
				n++
			}
		}
		return n
	}
	for _, src := range d.Sources {
		href := "sources/" + src.ID + ".html"
		switch {
		case src.Outlet != "" && under("outlet-", href) != 1:
			t.Errorf("people.html: source %s is listed under %d outlets, want 1", src.ID, under("outlet-", href))
		case src.Outlet == "" && under("unstated-"+src.ID, href) != 1:
			t.Errorf("people.html: source %s names no outlet, and has no entry of its own", src.ID)
		}
		if want := min(1, len(strings.TrimSpace(src.Author))); under("author-", href) != want {
			t.Errorf("people.html: source %s is listed under %d authors, want %d", src.ID, under("author-", href), want)
		}
	}
	for _, e := range entries {
		for _, id := range personClaims(e) {
			c := d.ClaimByID[id]
			if c == nil || !slices.ContainsFunc(c.Annotations, func(a *model.Annotation) bool { return a.Stance == model.Supports }) {
				t.Errorf("people.html: %s is the first origin of %s, which no source supports", attr(e, "id"), id)
			}
		}
	}
}

// TestPeople holds the second dossier's people page to what its verdicts
// say, written out: the reasons TestSecondDossier holds each claim to
// name the same origins. An outlet spelt two ways is one entry; an
// agency that only passes on an official statement is the first origin
// of nothing, and says what it passes on.
func TestPeople(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	pg := readSite(t, buildOK(t, root, ""))["people.html"]
	for id, want := range map[string][]string{
		"origin-kommune-melding":    {"stengt-3-mars", "sprekk-funnet"},
		"origin-npb":                nil,
		"origin-ordforer":           {"stengt-3-mars", "ordforer-beklager"},
		"outlet-norre-a-tidende":    {"stengt-3-mars", "omkjoring-40-min", "skolebuss-rammet", "ordforer-beklager"},
		"outlet-statens-vegvesen":   {"stengt-3-mars"},
		"outlet-agder-radio":        {"skolebuss-rammet"},
		"outlet-al-jarida":          {"skolebuss-rammet", "arabisk-info"},
		"outlet-fiskarlaget-sor":    {"fiskere-rammet"},
		"outlet-korea-daily":        {"stal-fra-korea"},
		"outlet-seoul-ilbo":         nil, // it only disputes
		"unstated-facebook-innlegg": {"stengt-28-feb", "lekter-traff"},
	} {
		e := pg.ids[id]
		if e == nil {
			t.Errorf("people.html: no entry %s", id)
			continue
		}
		if got := personClaims(e); !slices.Equal(got, want) {
			t.Errorf("people.html: %s is the first origin of %q, want %q", id, got, want)
		}
	}
	if got := text(pg.ids["outlet-norre-a-tidende"]); !strings.HasPrefix(got, "Nørre Å Tidende (also written “nørre å tidende”)") {
		t.Errorf("the outlet spelt two ways: %q", got)
	}
	if got := text(pg.ids["origin-npb"]); !strings.Contains(got, "Relays Nørre Å kommune: pressemelding 3. mars.") ||
		!strings.Contains(got, "Passes on what supports 2 claims") {
		t.Errorf("the agency that relays the statement: %q", got)
	}
	// Origins by kind, in the vocabulary's order.
	var groups []string
	for _, h := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.H3 && strings.HasPrefix(attr(n, "id"), "origins-") }) {
		groups = append(groups, text(h))
	}
	if want := []string{"Agencies", "Officials", "People"}; !slices.Equal(groups, want) {
		t.Errorf("origin kinds %q, want %q", groups, want)
	}
}

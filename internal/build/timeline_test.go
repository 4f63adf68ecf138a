package build

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/model"
)

// checkTimeline asserts that timeline.html lists every source once, at
// its publication date or apart when the date is unknown, a doubtful
// date marked and its note given, and every claim with a date: once, at
// its date; that the dated events come in order of their dates; and that
// a dated claim's page shows the date and links to its event.
func checkTimeline(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	pg := pages["timeline.html"]
	if pg == nil {
		t.Fatal("no timeline.html")
	}
	undated := pg.ids["undated-heading"]
	check := func(id, href string, date model.Date) {
		li := pg.ids[id]
		if li == nil || li.DataAtom != atom.Li {
			t.Errorf("timeline.html: no event #%s", id)
			return
		}
		if len(find(li, func(n *html.Node) bool { return n.DataAtom == atom.A && attr(n, "href") == href })) != 1 {
			t.Errorf("timeline.html: #%s does not link to %s", id, href)
		}
		section := li
		for section != nil && section.DataAtom != atom.Section {
			section = section.Parent
		}
		heading := find(section, func(n *html.Node) bool { return n.DataAtom == atom.H2 })
		times := find(li, func(n *html.Node) bool { return n.DataAtom == atom.Time })
		if date.Value == "" {
			if len(heading) == 0 || heading[0] != undated || len(times) != 0 {
				t.Errorf("timeline.html: #%s has no date but is not listed apart", id)
			}
		} else if len(times) != 1 || attr(times[0], "datetime") != date.Value || len(heading) == 0 || attr(heading[0], "id") != "year-"+date.Value[:4] {
			t.Errorf("timeline.html: #%s is not under %s at <time datetime=%q>", id, date.Value[:4], date.Value)
		}
		if got := strings.Contains(text(li), d.Labels.Get("date.doubtful")); got != date.Doubtful || !strings.Contains(text(li), strings.Join(strings.Fields(date.Note), " ")) {
			t.Errorf("timeline.html: #%s marked doubtful: %v, want %v, with the note %q", id, got, date.Doubtful, date.Note)
		}
	}
	events := 0
	for _, src := range d.Sources {
		check("event-source-"+src.ID, "sources/"+src.ID+".html", src.Published)
		events++
	}
	for _, c := range d.Claims {
		cp := pages["claims/"+c.ID+".html"]
		shown := find(cp.doc, func(n *html.Node) bool { return hasClass(n, "claim-date") })
		if c.Date.Precision == "" {
			if pg.ids["event-claim-"+c.ID] != nil || len(shown) > 0 {
				t.Errorf("claim %s has no date but is on the timeline or shows one", c.ID)
			}
			continue
		}
		check("event-claim-"+c.ID, "claims/"+c.ID+".html", c.Date)
		events++
		if len(shown) != 1 || len(find(shown[0], func(n *html.Node) bool {
			return n.DataAtom == atom.A && attr(n, "href") == "../timeline.html#event-claim-"+c.ID
		})) != 1 {
			t.Errorf("%s: the claim's date is not shown with a link to its place on the timeline", cp.path)
			continue
		}
		if times := find(shown[0], func(n *html.Node) bool { return n.DataAtom == atom.Time }); c.Date.Value != "" && (len(times) != 1 || attr(times[0], "datetime") != c.Date.Value) {
			t.Errorf("%s: the claim's date is not <time datetime=%q>", cp.path, c.Date.Value)
		}
	}
	lis := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Li && strings.HasPrefix(attr(n, "id"), "event-") })
	if len(lis) != events {
		t.Errorf("timeline.html: %d events, want %d", len(lis), events)
	}
	prev := ""
	for _, tm := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Time }) {
		if v := attr(tm, "datetime"); v < prev {
			t.Errorf("timeline.html: %s comes after %s", v, prev)
		} else {
			prev = v
		}
	}
}

// TestTimeline holds the features dossier's timeline to its order,
// written out: a claim's date before the reports of the same day, a year
// before the days of that year, and the undated apart.
func TestTimeline(t *testing.T) {
	root := unpack(t, "testdata/features.txtar")
	out := buildOK(t, root, "")
	pages := readSite(t, out)
	// dossier.json gives a claim's date as it gives a source's, and none
	// for a claim without date:.
	data, err := os.ReadFile(filepath.Join(out, "dossier.json"))
	if err != nil {
		t.Fatal(err)
	}
	var od struct {
		Claims []struct {
			ID   string
			Date *struct {
				Date, Precision, Note string
				Doubtful              bool
			}
		}
	}
	if err := json.Unmarshal(data, &od); err != nil {
		t.Fatal(err)
	}
	dates := map[string]string{}
	for _, c := range od.Claims {
		if c.Date != nil {
			dates[c.ID] = fmt.Sprintf("%s %s %v %s", c.Date.Date, c.Date.Precision, c.Date.Doubtful, c.Date.Note)
		}
	}
	if want := map[string]string{
		"red": "2024 year false ", "officials": "2024-07-01 day false ", "overridden": "2023-05-04 day false ",
		"blue":     `2024-06 month true A month from one photograph <script>alert("date")</script>.`,
		"soldiers": " unknown false No source says when.",
	}; !maps.Equal(dates, want) {
		t.Errorf("dossier.json claim dates:\n%q\nwant\n%q", dates, want)
	}

	var got []string
	for _, li := range find(pages["timeline.html"].doc, func(n *html.Node) bool { return n.DataAtom == atom.Li && strings.HasPrefix(attr(n, "id"), "event-") }) {
		got = append(got, attr(li, "id"))
	}
	want := []string{
		"event-source-beta", "event-claim-overridden", "event-claim-red", "event-claim-blue", "event-claim-officials",
		"event-source-alpha", "event-claim-soldiers", "event-source-gamma",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("timeline:\n%q\nwant\n%q", got, want)
	}
	for id, want := range map[string]string{
		"event-source-beta":      "2023 (date doubtful) Published: Beta Only the year is printed.",
		"event-claim-overridden": "4 May 2023 Claim: The editors overrule the rules here. ? Unclear (editor's verdict)",
		"event-claim-red":        "2024 Claim: It is red. ●○ Single origin",
		"event-claim-blue":       `June 2024 (date doubtful) Claim: It is blue. ●○ Single origin A month from one photograph <script>alert("date")</script>.`,
		"event-claim-officials":  "1 July 2024 Claim: Officials wear it. ●○ Single origin",
		"event-source-alpha":     `1 July 2024 Published: Alpha <img src=x onerror=alert(1)>, Alpha Times <script>alert("outlet")</script>`,
		"event-claim-soldiers":   "date unknown Claim: Soldiers wear it. ●○ Single origin No source says when.",
		"event-source-gamma":     "date unknown Published: Gamma is silent",
	} {
		if got := text(pages["timeline.html"].ids[id]); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}

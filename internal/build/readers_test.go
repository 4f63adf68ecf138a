package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/render"
)

// isJSONLD reports whether n is the one kind of script element a page may
// carry: a JSON-LD data block in <head>, which browsers never run, holding
// one valid JSON text and nothing after it.
func isJSONLD(n *html.Node) bool {
	return n.Type == html.ElementNode && n.DataAtom == atom.Script &&
		len(n.Attr) == 1 && n.Attr[0].Key == "type" && n.Attr[0].Val == "application/ld+json" &&
		n.Parent != nil && n.Parent.DataAtom == atom.Head &&
		n.FirstChild != nil && n.FirstChild == n.LastChild && json.Valid([]byte(n.FirstChild.Data))
}

// jsonLD decodes the JSON-LD blocks of a page.
func jsonLD(t *testing.T, pg *page) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, n := range find(pg.doc, isJSONLD) {
		var v map[string]any
		if err := json.Unmarshal([]byte(n.FirstChild.Data), &v); err != nil {
			t.Errorf("%s: JSON-LD is not a JSON object: %v", pg.path, err)
			continue
		}
		out = append(out, v)
	}
	return out
}

// checkClaimReviews asserts that every claim page carries exactly one
// ClaimReview and no other page any, and that each says what the page
// says: the statement, the verdict label of its verdict box, the reason,
// and the addresses of the sources that speak to the claim. The verdicts
// themselves are held to literal values by TestClaimReview.
func checkClaimReviews(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	for _, pg := range pages {
		if strings.HasPrefix(pg.path, "claims/") {
			continue
		}
		if n := len(find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Script && !isSearchScript(pg.path, n) })); n > 0 {
			t.Errorf("%s: %d script elements; only claim pages carry one, their ClaimReview, and search.html its scripts", pg.path, n)
		}
	}
	for _, c := range d.Claims {
		pg := pages["claims/"+c.ID+".html"]
		if n := len(find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Script })); n != 1 {
			t.Errorf("%s: %d script elements, want one ClaimReview", pg.path, n)
		}
		blocks := jsonLD(t, pg)
		if len(blocks) != 1 {
			t.Errorf("%s: %d JSON-LD blocks, want 1", pg.path, len(blocks))
			continue
		}
		r := blocks[0]
		get := func(path ...string) any {
			var v any = r
			for _, k := range path {
				m, _ := v.(map[string]any)
				v = m[k]
			}
			return v
		}
		box := find(pg.doc, func(n *html.Node) bool { return hasClass(n, "verdict-box") })
		label := find(box[0], func(n *html.Node) bool { return hasClass(n, "verdict") })
		// The box shows "●○ Single origin"; the rating carries the words.
		shown := strings.TrimSpace(strings.TrimPrefix(text(label[0]), text(label[0].FirstChild)))
		for _, f := range []struct {
			path []string
			want any
		}{
			{[]string{"@context"}, "https://schema.org"},
			{[]string{"@type"}, "ClaimReview"},
			{[]string{"claimReviewed"}, c.Statement},
			{[]string{"reviewRating", "@type"}, "Rating"},
			{[]string{"reviewRating", "alternateName"}, shown},
			{[]string{"reviewRating", "reviewAspect"}, "sourcing"},
			{[]string{"itemReviewed", "@type"}, "Claim"},
			{[]string{"author", "@type"}, "Organization"},
			{[]string{"author", "name"}, cmpOr(d.Publisher.Name, d.Title)},
		} {
			if got := get(f.path...); got != f.want {
				t.Errorf("%s: ClaimReview %s is %#v, want %#v", pg.path, strings.Join(f.path, "."), got, f.want)
			}
		}
		if expl, _ := get("reviewRating", "ratingExplanation").(string); !strings.HasSuffix(expl, c.Assessment.Reason) {
			t.Errorf("%s: ratingExplanation %q does not end with the reason %q", pg.path, expl, c.Assessment.Reason)
		}
		if get("reviewRating", "ratingValue") != nil || get("reviewRating", "bestRating") != nil || get("reviewRating", "worstRating") != nil {
			t.Errorf("%s: a numeric rating: verdicts rate sourcing, and a number reads as a truth scale", pg.path)
		}
		if got, want := get("url"), canonical(pg); (want == "" && got != nil) || (want != "" && got != want) {
			t.Errorf("%s: ClaimReview url %#v, want %q", pg.path, got, want)
		}
		var want, got []string
		for _, a := range c.Annotations {
			if a.Source.URL != "" {
				want = append(want, a.Source.URL+" "+a.Source.Title)
			}
		}
		apps, _ := get("itemReviewed", "appearance").([]any)
		for _, app := range apps {
			m, _ := app.(map[string]any)
			got = append(got, m["url"].(string)+" "+m["headline"].(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: appearances %q, want %q", pg.path, got, want)
		}
	}
}

func canonical(pg *page) string {
	for _, n := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Link && attr(n, "rel") == "canonical" }) {
		return attr(n, "href")
	}
	return ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkCards asserts that every page has one description and one set of
// Open Graph tags of its own, and that no two pages share a description:
// a shared claim link shows that claim's verdict, a shared timeline says
// it is the timeline.
func checkCards(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	meta := func(pg *page, key, val string) []string {
		var out []string
		for _, n := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Meta && attr(n, key) == val }) {
			out = append(out, attr(n, "content"))
		}
		return out
	}
	seen := map[string]string{}
	for _, pg := range pages {
		desc, title := meta(pg, "name", "description"), meta(pg, "property", "og:title")
		if len(desc) != 1 || desc[0] == "" || len(title) != 1 || title[0] == "" {
			t.Errorf("%s: descriptions %q and og:titles %q, want one of each", pg.path, desc, title)
			continue
		}
		if od := meta(pg, "property", "og:description"); !slices.Equal(od, desc) {
			t.Errorf("%s: og:description %q, description %q", pg.path, od, desc)
		}
		if h1 := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.H1 }); len(h1) == 1 && pg.path != "index.html" && text(h1[0]) != strings.Join(strings.Fields(title[0]), " ") {
			t.Errorf("%s: og:title %q, but the page's heading is %q", pg.path, title[0], text(h1[0]))
		}
		kind := "website"
		if dir, _, ok := strings.Cut(pg.path, "/"); ok && (dir == "claims" || dir == "questions" || dir == "sources") {
			kind = "article"
		}
		if got := meta(pg, "property", "og:type"); !slices.Equal(got, []string{kind}) {
			t.Errorf("%s: og:type %q, want %s", pg.path, got, kind)
		}
		if got := meta(pg, "property", "og:site_name"); len(got) != 1 || got[0] == "" {
			t.Errorf("%s: og:site_name %q", pg.path, got)
		}
		url, canon := meta(pg, "property", "og:url"), canonical(pg)
		if (canon == "" && len(url) > 0) || (canon != "" && !slices.Equal(url, []string{canon})) {
			t.Errorf("%s: og:url %q, canonical %q: og:url only with a base URL, and the same", pg.path, url, canon)
		}
		if other, dup := seen[desc[0]]; dup {
			t.Errorf("%s and %s share the description %q", pg.path, other, desc[0])
		}
		seen[desc[0]] = pg.path
		if strings.HasPrefix(pg.path, "claims/") {
			// The claim's description names the verdict its box shows.
			box := find(pg.doc, func(n *html.Node) bool { return hasClass(n, "verdict-box") })
			label := find(box[0], func(n *html.Node) bool { return hasClass(n, "verdict") })
			words := strings.TrimSpace(strings.TrimPrefix(text(label[0]), text(label[0].FirstChild)))
			if says := d.Labels.Parts("card.verdict")[0].Text + words; !strings.Contains(desc[0], says) {
				t.Errorf("%s: description %q does not say the verdict %q", pg.path, desc[0], words)
			}
		}
	}
}

// checkPrintAddresses asserts that, with a base URL, every link in a
// page's main text that leads to another page of the site carries its
// absolute address for print, and that without one no link does; the
// link itself stays relative either way.
func checkPrintAddresses(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	base := ""
	if d.BaseURL != "" {
		base = strings.TrimSuffix(d.BaseURL, "/") + "/"
	}
	for _, pg := range pages {
		if pg.path == "404.html" {
			continue // its links start from the site's path: checkLinks says why
		}
		main := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Main })
		for _, a := range find(main[0], func(n *html.Node) bool { return n.DataAtom == atom.A && attr(n, "href") != "" }) {
			href, got := attr(a, "href"), attr(a, "data-print-href")
			target, frag, external := resolve(pg, href)
			switch {
			case external || strings.HasPrefix(href, "#"):
				if got != "" {
					t.Errorf("%s: link %q has a print address %q", pg.path, href, got)
				}
				continue
			case base == "":
				if got != "" {
					t.Errorf("%s: link %q has a print address %q without a base URL", pg.path, href, got)
				}
				continue
			}
			want := base + strings.TrimSuffix(target, "index.html")
			if frag != "" {
				want = base + target + "#" + frag
			}
			if got != want {
				t.Errorf("%s: link %q prints %q, want %q", pg.path, href, got, want)
			}
		}
	}
}

// TestClaimReview holds the ClaimReview of the features dossier's claims
// to literal labels and explanations, an editor's override included.
func TestClaimReview(t *testing.T) {
	root := unpack(t, "testdata/features.txtar")
	pages := readSite(t, buildOK(t, root, ""))
	for id, want := range map[string][2]string{
		"corroborated":  {"Corroborated by 2 origins", "Two sources support it, resting on 2 independent origins: "},
		"single-origin": {"Single origin", "Two sources support it, but both rest on one origin: An official statement."},
		"disputed":      {"Disputed", "Sources disagree: "},
		"contradicted":  {"Contradicted", "Two sources dispute it "},
		"unclear":       {"Unclear", "Two sources raise it but only hedge."},
		"none":          {"No evidence", "One source mentions the subject but none takes a position."},
		"overridden": {"Unclear", `The single source is an anonymous post we could not trace <script>alert("rationale")</script>.` +
			` The rules alone give Single origin. One source supports it, on its own reporting: `},
	} {
		blocks := jsonLD(t, pages["claims/"+id+".html"])
		if len(blocks) != 1 {
			t.Fatalf("%s: %d JSON-LD blocks", id, len(blocks))
		}
		rating, _ := blocks[0]["reviewRating"].(map[string]any)
		if rating["alternateName"] != want[0] {
			t.Errorf("%s: alternateName %q, want %q", id, rating["alternateName"], want[0])
		}
		if expl, _ := rating["ratingExplanation"].(string); !strings.HasPrefix(expl, want[1]) {
			t.Errorf("%s: ratingExplanation %q, want it to start %q", id, expl, want[1])
		}
		if blocks[0]["url"] != "https://example.org/repo/claims/"+id+".html" {
			t.Errorf("%s: url %v", id, blocks[0]["url"])
		}
		if _, ok := blocks[0]["datePublished"]; ok {
			t.Errorf("%s: datePublished without published: or SOURCE_DATE_EPOCH", id)
		}
	}
}

// TestClaimReviewSettings: publisher: and published: of dossier.yaml reach
// the ClaimReview; without published:, the build date stands in; and text
// written to break out of the script element stays inside it, as data.
func TestClaimReviewSettings(t *testing.T) {
	const hostile = `</script><script>alert(1)</script>`
	dossier := func(extra string) string {
		root := t.TempDir()
		for name, data := range map[string]string{
			"dossier.yaml": "title: T " + hostile + "\n" + extra +
				"claims:\n  - id: c\n    statement: 'Made in 2012 " + hostile + "'\n" +
				"    verdict: {value: unclear, rationale: 'We doubt it " + hostile + "'}\n",
			"content/a.md": "---\ntitle: 'A " + hostile + "'\nurl: https://example.org/a?x=1&y=</script>\nkind: report\n" +
				"annotations:\n  - claim: c\n    stance: supports\n    quote: made in 2012\n---\n",
			"content/b.md": "---\ntitle: B\nkind: report\nannotations:\n  - claim: c\n    stance: hedges\n    quote: perhaps in 2012\n---\n",
		} {
			p := filepath.Join(root, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return root
	}
	review := func(root, buildDate string) map[string]any {
		t.Helper()
		out := filepath.Join(t.TempDir(), "build")
		if _, errs, err := Run(Options{Root: root, Out: out, BuildDate: buildDate}); err != nil || errs.Errors() > 0 {
			t.Fatalf("build: %v %v", err, errs)
		}
		data, err := os.ReadFile(filepath.Join(out, "claims", "c.html"))
		if err != nil {
			t.Fatal(err)
		}
		// The hostile text never closes the element: the page has one
		// script, and its text is the whole JSON.
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		pg := &page{path: "claims/c.html", doc: doc}
		if n := len(find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Script })); n != 1 {
			t.Fatalf("%d script elements, want 1:\n%s", n, data)
		}
		if bytes.Count(bytes.ToLower(data), []byte("</script")) != 1 {
			t.Errorf("the page holds \"</script\" more than once:\n%s", data)
		}
		blocks := jsonLD(t, pg)
		if len(blocks) != 1 {
			t.Fatalf("no JSON-LD block in\n%s", data)
		}
		return blocks[0]
	}

	r := review(dossier("publisher:\n  name: Checkers & Co "+hostile+"\n  url: https://checkers.example/\npublished: 2026-11-20\n"), "2027-01-02")
	author, _ := r["author"].(map[string]any)
	rating, _ := r["reviewRating"].(map[string]any)
	item, _ := r["itemReviewed"].(map[string]any)
	apps, _ := item["appearance"].([]any)
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"claimReviewed", r["claimReviewed"], "Made in 2012 " + hostile},
		{"author name", author["name"], "Checkers & Co " + hostile},
		{"author url", author["url"], "https://checkers.example/"},
		{"datePublished", r["datePublished"], "2026-11-20"},
		{"alternateName", rating["alternateName"], "Unclear"},
		{"ratingExplanation", rating["ratingExplanation"], "We doubt it " + hostile + ". The rules alone give Single origin. One source supports it, on its own reporting: A " + hostile + ". One more source hedges."},
		{"appearances", len(apps), 1}, // b has no url
		{"appearance", apps[0], map[string]any{"@type": "CreativeWork", "url": "https://example.org/a?x=1&y=</script>", "headline": "A " + hostile}},
	} {
		if !equalJSON(c.got, c.want) {
			t.Errorf("%s: %#v, want %#v", c.what, c.got, c.want)
		}
	}
	if _, ok := r["url"]; ok {
		t.Errorf("a url without a base URL: %v", r["url"])
	}

	r = review(dossier(""), "2027-01-02")
	author, _ = r["author"].(map[string]any)
	if r["datePublished"] != "2027-01-02" || author["name"] != "T "+hostile || author["url"] != nil {
		t.Errorf("without publisher: and published:, want the build date and the title: %v, %v", r["datePublished"], author)
	}
	if r = review(dossier(""), ""); r["datePublished"] != nil {
		t.Errorf("datePublished %v with neither published: nor a build date", r["datePublished"])
	}
}

func equalJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestOpenData validates dossier.json of the example (in English and in
// German) and the features dossier against schema/dossier.schema.json, and
// holds it and agreement.csv to the model: every item, every annotation's
// chain and first origin, every annotation a row.
func TestOpenData(t *testing.T) {
	schema, err := jsonschema.NewCompiler().Compile("../../schema/dossier.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	german, _ := exampleIn(t, "de", "")
	for name, root := range map[string]string{"example": "../..", "german": german, "features": unpack(t, "testdata/features.txtar")} {
		t.Run(name, func(t *testing.T) {
			out := buildOK(t, root, "")
			d := loadModel(t, root)
			data, err := os.ReadFile(filepath.Join(out, "dossier.json"))
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("dossier.json does not match the schema: %v", err)
			}
			var od struct {
				Version                    int
				Sources, Claims, Questions []struct{ ID, Page string }
				Annotations                []struct {
					Source, Claim, Stance, Page, Via string
					Chain                            []struct{ Kind, ID string }
					FirstOrigin                      struct{ Kind, ID string } `json:"first_origin"`
				}
			}
			if err := json.Unmarshal(data, &od); err != nil {
				t.Fatal(err)
			}
			if od.Version != 1 || render.DataVersion != 1 {
				t.Errorf("version %d (DataVersion %d), want 1: raise both, and the schema, only with the README's rules", od.Version, render.DataVersion)
			}
			if len(od.Sources) != len(d.Sources) || len(od.Claims) != len(d.Claims) || len(od.Questions) != len(d.Questions) {
				t.Errorf("%d sources, %d claims, %d questions; the dossier has %d, %d, %d",
					len(od.Sources), len(od.Claims), len(od.Questions), len(d.Sources), len(d.Claims), len(d.Questions))
			}
			for _, items := range [][]struct{ ID, Page string }{od.Sources, od.Claims, od.Questions} {
				for _, it := range items {
					if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(it.Page))); err != nil {
						t.Errorf("%s: page %s is not in the build", it.ID, it.Page)
					}
				}
			}
			var anns []*model.Annotation
			for _, s := range d.Sources {
				anns = append(anns, s.Annotations...)
			}
			if len(od.Annotations) != len(anns) {
				t.Fatalf("%d annotations, the dossier has %d", len(od.Annotations), len(anns))
			}
			for i, a := range anns {
				got := od.Annotations[i]
				var chain []string
				for _, r := range got.Chain {
					chain = append(chain, r.Kind+" "+r.ID)
				}
				var want []string
				for _, r := range a.Chain {
					want = append(want, r.String())
				}
				if got.Source != a.Source.ID || got.Claim != a.Claim || got.Stance != string(a.Stance) || got.Via != a.Via ||
					!slices.Equal(chain, want) || got.FirstOrigin.Kind+" "+got.FirstOrigin.ID != a.Origin().String() {
					t.Errorf("annotation %d is %+v, want %s on %s, %s, via %q, chain %v", i, got, a.Source.ID, a.Claim, a.Stance, a.Via, want)
				}
			}

			rows := readCSV(t, filepath.Join(out, "agreement.csv"))
			if !slices.Equal(rows[0], []string{"format_version", "row", "source", "claim", "question", "stance"}) {
				t.Fatalf("agreement.csv header %q", rows[0])
			}
			have := map[string]int{}
			for _, r := range rows[1:] {
				if r[0] != "1" {
					t.Errorf("row %q: format_version %q, want 1", r, r[0])
				}
				have[strings.Join(r[1:], ",")]++
			}
			want := map[string]int{}
			for _, a := range anns {
				want["claim,"+a.Source.ID+","+a.Claim+",,"+string(a.Stance)]++
			}
			for _, q := range d.Questions {
				for _, ans := range q.Answers {
					for _, a := range ans.Target.Annotations {
						want["question,"+a.Source.ID+","+ans.Claim+","+q.ID+","+string(a.Stance)]++
					}
				}
			}
			if !maps.Equal(have, want) {
				t.Errorf("agreement.csv rows:\n%v\nwant one per annotation and one per answer a source speaks to:\n%v", have, want)
			}
		})
	}
	// The features dossier's relayed statement, written out: beta rests
	// on alpha, which rests on the agency, which relays the statement.
	d := loadModel(t, unpack(t, "testdata/features.txtar"))
	var chain []string
	for _, r := range d.SourceByID["beta"].AnnotationOf("second-hand").Chain {
		chain = append(chain, r.String())
	}
	if want := []string{"source beta", "source alpha", "origin agency", "origin statement"}; !slices.Equal(chain, want) {
		t.Errorf("beta's chain on second-hand: %q, want %q", chain, want)
	}
}

// readCSV reads an RFC 4180 file: CRLF line ends, a header, and rows of
// the header's width.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(data, []byte("\r\n")) != bytes.Count(data, []byte("\n")) || !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s: lines do not all end in CRLF", path)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return rows
}

// TestSchemaVocabularies: the schema's enums are the model's vocabularies,
// so a new stance, verdict or kind cannot reach dossier.json unannounced.
func TestSchemaVocabularies(t *testing.T) {
	data, err := os.ReadFile("../../schema/dossier.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Defs map[string]struct{ Enum []string } `json:"$defs"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	for def, want := range map[string][]string{
		"stance":       model.StanceNames(),
		"verdictValue": model.VerdictNames(),
		"sourceKind":   model.SourceKinds,
		"originKind":   model.OriginKinds,
		"relation":     model.Relations,
	} {
		if got := s.Defs[def].Enum; !slices.Equal(got, want) {
			t.Errorf("schema $defs.%s is %q, the model's vocabulary %q", def, got, want)
		}
	}
}

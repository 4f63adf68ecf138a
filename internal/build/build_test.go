package build

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/verdict"
)

// seeds is where the example dossier's captures sit when they are present.
var seeds, _ = filepath.Abs("../../../shared/seeds")

// unpack writes a txtar archive into a new folder and returns the folder.
func unpack(t *testing.T, archive string) string {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildOK builds the dossier at root into a new folder and returns it.
func buildOK(t *testing.T, root, captures string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "build")
	_, errs, err := Run(Options{Root: root, Out: out, Captures: captures})
	if err != nil {
		t.Fatal(err)
	}
	if errs.Errors() > 0 {
		t.Fatalf("build failed:\n%v", errs)
	}
	return out
}

// loadModel loads the dossier at root and derives its verdicts, as a
// build does.
func loadModel(t *testing.T, root string) *model.Dossier {
	t.Helper()
	d, errs, err := load.Load(root)
	if err != nil || errs.Errors() > 0 {
		t.Fatalf("load: %v %v", err, errs)
	}
	verdict.Derive(d)
	return d
}

// checkAll runs every structural check on a built site of dossier d.
func checkAll(t *testing.T, d *model.Dossier, out string) map[string]*page {
	pages := readSite(t, out)
	checkLinks(t, out, pages)
	checkFootnotes(t, pages)
	checkEscaped(t, pages)
	checkStructure(t, pages)
	checkAgreementTables(t, d, pages)
	checkClaimLinks(t, d, pages)
	checkClaimReviews(t, d, pages)
	checkCards(t, d, pages)
	checkPrintAddresses(t, d, pages)
	checkSearchBox(t, out, pages)
	checkSearchIndex(t, d, out, pages)
	checkTimeline(t, d, pages)
	checkPeople(t, d, pages)
	checkClaimsMatrix(t, d, pages)
	checkCodeStylesheet(t, pages)
	return pages
}

// checkCodeStylesheet asserts that a page links the code stylesheet if and
// only if it shows a code block (chroma's <pre class="chroma">, plain or
// highlighted, in the text or in its footnotes): a page without code does
// not load rules it has no use for.
func checkCodeStylesheet(t *testing.T, pages map[string]*page) {
	t.Helper()
	for _, pg := range pages {
		code := len(find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Pre && hasClass(n, "chroma") })) > 0
		linked := len(find(pg.doc, func(n *html.Node) bool {
			return n.DataAtom == atom.Link && attr(n, "rel") == "stylesheet" && strings.HasSuffix(attr(n, "href"), "assets/chroma.css")
		})) > 0
		if code != linked {
			t.Errorf("%s: shows a code block %v, links chroma.css %v", pg.path, code, linked)
		}
	}
}

// checkAgreementTables asserts that each question's table has a group of
// rows per answer, and that each group shows exactly the rows of the
// answer's claim page: one proposition, one set of evidence, two views.
// Every row has one stance, the annotated quote and a footnote mark.
func checkAgreementTables(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	// rowText is a row as a reader sees it, less the note numbers, which
	// depend on the page.
	noteNum := regexp.MustCompile(`\[\d+\]`)
	rowText := func(n *html.Node) string { return noteNum.ReplaceAllString(text(n), "[n]") }
	for _, q := range d.Questions {
		pg := pages["questions/"+q.ID+".html"]
		if pg == nil {
			t.Errorf("no page for question %s", q.ID)
			continue
		}
		tables := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Table && hasClass(n, "agreement") })
		if len(q.Answers) == 0 {
			if len(tables) != 0 {
				t.Errorf("%s: a table for a question without answers", pg.path)
			}
			continue
		}
		if len(tables) != 1 {
			t.Fatalf("%s: %d agreement tables", pg.path, len(tables))
		}
		for _, ans := range q.Answers {
			c := ans.Target
			group := pg.ids["answer-"+c.ID]
			if group == nil {
				t.Errorf("%s: no rows for answer %s", pg.path, c.ID)
				continue
			}
			rows := find(group, func(n *html.Node) bool { return n.DataAtom == atom.Tr && strings.HasPrefix(attr(n, "id"), "row-") })
			claimRows := find(pages["claims/"+c.ID+".html"].doc, func(n *html.Node) bool {
				return n.DataAtom == atom.Tr && strings.HasPrefix(attr(n, "id"), "row-")
			})
			if len(rows) != len(c.Annotations) || len(claimRows) != len(c.Annotations) {
				t.Errorf("%s: answer %s has %d rows, its claim page %d, for %d annotations", pg.path, c.ID, len(rows), len(claimRows), len(c.Annotations))
				continue
			}
			for i, a := range c.Annotations {
				row := rows[i]
				if got, want := rowText(row), rowText(claimRows[i]); got != want {
					t.Errorf("%s: answer %s, row %d differs from the claim page:\n%s\n%s", pg.path, c.ID, i, got, want)
				}
				if attr(row, "id") != "row-"+c.ID+"-"+a.Source.ID {
					t.Errorf("%s: row %d is %q, want row-%s-%s", pg.path, i, attr(row, "id"), c.ID, a.Source.ID)
				}
				stance := find(row, func(n *html.Node) bool { return hasClass(n, "stance") })
				if len(stance) != 1 {
					t.Errorf("%s: row %s has %d stances", pg.path, attr(row, "id"), len(stance))
					continue
				}
				info, _ := a.Stance.Info()
				if got, want := text(stance[0]), info.Symbol+" "+d.Labels.Get("stance."+string(a.Stance)); got != want {
					t.Errorf("%s: %s stance %q, want %q", pg.path, a.Source.ID, got, want)
				}
				quotes := find(row, func(n *html.Node) bool { return n.DataAtom == atom.Q })
				if len(quotes) != 1 || text(quotes[0]) != strings.Join(strings.Fields(a.Quote), " ") {
					t.Errorf("%s: %s quote is not %q", pg.path, a.Source.ID, a.Quote)
				}
				if len(find(row, func(n *html.Node) bool { return strings.HasPrefix(attr(n, "href"), "#note-") })) != 1 {
					t.Errorf("%s: %s quote has no footnote mark", pg.path, a.Source.ID)
				}
			}
		}
		// A question of one answer is that claim: the same verdict box.
		if len(q.Answers) == 1 {
			box := func(p *page) string {
				b := find(p.doc, func(n *html.Node) bool { return hasClass(n, "verdict") })
				if len(b) == 0 {
					return ""
				}
				return text(b[0])
			}
			if qv, cv := box(pg), box(pages["claims/"+q.Answers[0].Claim+".html"]); qv != cv || qv == "" {
				t.Errorf("%s: verdict %q, its one answer's claim %q", pg.path, qv, cv)
			}
		}
	}
}

// checkClaimLinks asserts that each claim page links to every source that
// speaks to it and to every related claim in both directions, and lists
// every place whose text links to it.
func checkClaimLinks(t *testing.T, d *model.Dossier, pages map[string]*page) {
	t.Helper()
	// Every Markdown link into a claim, found by reading the pages.
	linkers := map[string][]string{}
	for _, pg := range pages {
		for _, a := range find(pg.doc, func(n *html.Node) bool { return strings.HasPrefix(attr(n, "id"), "link-claim-") }) {
			target, _, _ := resolve(pg, attr(a, "href"))
			linkers[target] = append(linkers[target], pg.path+"#"+attr(a, "id"))
		}
	}
	for _, c := range d.Claims {
		path := "claims/" + c.ID + ".html"
		pg := pages[path]
		if pg == nil {
			t.Errorf("no page for claim %s", c.ID)
			continue
		}
		targets := map[string]bool{}
		for _, a := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.A }) {
			if tgt, frag, ext := resolve(pg, attr(a, "href")); !ext {
				targets[tgt] = true
				if frag != "" {
					targets[tgt+"#"+frag] = true
				}
			}
		}
		for _, a := range c.Annotations {
			if !targets["sources/"+a.Source.ID+".html"] {
				t.Errorf("%s: no link to source %s, which speaks to it", path, a.Source.ID)
			}
		}
		for _, r := range c.Related {
			if !targets["claims/"+r.To+".html"] {
				t.Errorf("%s: no link to related claim %s", path, r.To)
			}
		}
		for _, r := range c.Inverse {
			if !targets["claims/"+r.From+".html"] {
				t.Errorf("%s: no link back to claim %s, which relates to it", path, r.From)
			}
		}
		for _, l := range linkers[path] {
			if !targets[l] {
				t.Errorf("%s: 'Linked from' misses %s", path, l)
			}
		}
	}
}

// TestExamplePublished: the example as the Pages workflow publishes it,
// under a sub-path, held to every check of checkAll with its base URL, and
// each claim's ClaimReview dated by published: and given its address.
func TestExamplePublished(t *testing.T) {
	const base = "https://user.github.io/repo/"
	out := filepath.Join(t.TempDir(), "build")
	_, errs, err := Run(Options{Root: "../..", Out: out, BaseURL: base})
	if err != nil || errs.Errors() > 0 {
		t.Fatalf("build: %v\n%v", err, errs)
	}
	d := loadModel(t, "../..")
	d.BaseURL = base // as -base-url sets it for the build
	if d.Published == "" {
		t.Fatal("the example has no published: date, and its ClaimReviews no datePublished")
	}
	pages := checkAll(t, d, out)
	for _, c := range d.Claims {
		blocks := jsonLD(t, pages["claims/"+c.ID+".html"])
		if len(blocks) != 1 {
			t.Errorf("%s: %d JSON-LD blocks, want one ClaimReview", c.ID, len(blocks))
			continue
		}
		if got := blocks[0]["datePublished"]; got != d.Published {
			t.Errorf("%s: datePublished %v, want %s", c.ID, got, d.Published)
		}
		if got := blocks[0]["url"]; got != base+"claims/"+c.ID+".html" {
			t.Errorf("%s: url %v", c.ID, got)
		}
	}
}

func TestExampleDossier(t *testing.T) {
	captures := seeds
	if _, err := os.Stat(seeds); err != nil {
		captures = ""
	}
	out := buildOK(t, "../..", captures)
	d := loadModel(t, "../..")
	pages := checkAll(t, d, out)
	if len(d.Questions) < 6 || len(d.Claims) < 20 {
		t.Errorf("example has %d questions and %d claims; it needs at least 6 and 20", len(d.Questions), len(d.Claims))
	}
	relations := 0
	for _, c := range d.Claims {
		relations += len(c.Related)
		if len(c.Annotations) == 0 {
			t.Errorf("claim %s has no quote behind it", c.ID)
		}
	}
	if relations < 10 {
		t.Errorf("example has %d relations between claims; it needs at least 10", relations)
	}
	for _, s := range d.Sources {
		if n := len(strings.Fields(string(s.Body))); n < 150 || n > 400 {
			t.Errorf("summary of %s is %d words; keep it between 150 and 400", s.ID, n)
		}
	}
	// Each page lays out the verdict and reason derived for it.
	check := func(path string, a *model.Assessment) {
		box := find(pages[path].doc, func(n *html.Node) bool { return hasClass(n, "verdict-box") })
		info, _ := a.Verdict.Info()
		label := d.Labels.Get("verdict." + string(a.Verdict))
		if len(box) != 1 || !strings.Contains(text(box[0]), "Verdict: "+info.Symbol+" "+label) || !strings.Contains(text(box[0]), a.Reason) {
			t.Errorf("%s: verdict box does not say %s: %s", path, label, a.Reason)
		}
	}
	for _, c := range d.Claims {
		check("claims/"+c.ID+".html", c.Assessment)
	}
	for _, q := range d.Questions {
		check("questions/"+q.ID+".html", &q.Assessment.Assessment)
	}
	method := text(pages["method.html"].doc)
	for _, r := range verdict.Rules {
		if !strings.Contains(method, d.Labels.Get(r.When)) {
			t.Errorf("the method page does not state the rule for %s", r.Verdict)
		}
	}
	if captures != "" {
		idx := text(pages["index.html"].doc)
		if !strings.Contains(idx, "All 51 quotes were verified") && !strings.Contains(idx, "quotes were verified against the captures") {
			t.Errorf("index does not say the quotes were verified: %q", idx)
		}
	}
}

// TestExampleVerdicts holds the example's headline verdicts to what a
// careful reading of its three articles supports, written out literally:
// comparing the pages with the engine's own output could not catch a wrong
// rule.
func TestExampleVerdicts(t *testing.T) {
	d := loadModel(t, "../..")
	for id, want := range map[string]string{
		"citizens-must-wear": "unclear",       // no source says they must; one says it is unclear
		"when-made":          "single-origin", // both dates rest on the 2013 answer
		"first-public-2024":  "single-origin", // by the editor's override, with its rationale
		"who-wears":          "single-origin", // state photographs; a relayed Daily NK report
		"badge-shapes":       "single-origin", // the 2013 answer alone
		"earlier-badges":     "corroborated",  // three articles, each on its own reporting
		"purposes":           "single-origin", // every reading rests on one origin
	} {
		q := d.QuestionByID[id]
		if q == nil {
			t.Errorf("no question %s", id)
			continue
		}
		if got := string(q.Assessment.Verdict); got != want {
			t.Errorf("%s: %s (%s), want %s", id, got, q.Assessment.Reason, want)
		}
	}
	if q := d.QuestionByID["first-public-2024"]; q.Assessment.Override == nil || q.Assessment.Derived != model.Corroborated {
		t.Errorf("first-public-2024: the single origin should be the editor's, over a derived corroborated")
	}
	if s := d.SourceByID["badges-coming-nk-news"]; !s.Published.Doubtful {
		t.Errorf("the third source's printed date should be doubtful")
	}
}

func TestFeaturesDossier(t *testing.T) {
	root := unpack(t, "testdata/features.txtar")
	out := buildOK(t, root, "")
	d := loadModel(t, root)
	pages := checkAll(t, d, out)

	verdicts := map[string]string{
		"claims/corroborated.html":  "Verdict: ●● Corroborated by 2 origins",
		"claims/single-origin.html": "Verdict: ●○ Single origin",
		"claims/second-hand.html":   "Verdict: ●○ Single origin",
		"claims/single.html":        "Verdict: ●○ Single origin",
		"claims/disputed.html":      "Verdict: ⇄ Disputed",
		"claims/contradicted.html":  "Verdict: ✗ Contradicted",
		"claims/unclear.html":       "Verdict: ? Unclear",
		"claims/none.html":          "Verdict: – No evidence",
		"claims/overridden.html":    "Verdict: ? Unclear (editor's verdict)",
		"questions/q-agree.html":    "Verdict: ●● Corroborated by 2 origins",
		"questions/q-differ.html":   "Verdict: ⇄ Disputed",
		"questions/q-open.html":     "Verdict: ●○ Single origin",
		"questions/q-none.html":     "Verdict: – No evidence",
	}
	for p, want := range verdicts {
		v := find(pages[p].doc, func(n *html.Node) bool { return hasClass(n, "verdict-box") })
		if len(v) != 1 || !strings.Contains(text(v[0]), want) {
			t.Errorf("%s: verdict box does not say %q", p, want)
		}
		// Every verdict box says what verdicts rate.
		if len(v) == 1 && !strings.Contains(text(v[0]), "not whether it is true") {
			t.Errorf("%s: verdict box does not say that verdicts rate the sourcing", p)
		}
	}
	if got := text(pages["claims/single-origin.html"].doc); !strings.Contains(got, "both rest on one origin: An official statement") {
		t.Errorf("single-origin claim does not explain its single origin: %q", got)
	}
	// Relations read as sentences in both directions.
	for p, want := range map[string]string{
		"claims/corroborated.html":  "This claim contradicts: Two sources back this, both relaying one statement.",
		"claims/single-origin.html": "This claim is contradicted by: Two independent sources back this.",
		"claims/single.html":        "This claim supports: Two independent sources back this.",
	} {
		items := find(pages[p].doc, func(n *html.Node) bool { return n.Data == "li" && strings.HasPrefix(text(n), "This claim") })
		if !slices.ContainsFunc(items, func(n *html.Node) bool { return strings.HasPrefix(text(n), want) }) {
			t.Errorf("%s does not say %q", p, want)
		}
	}
	// A source that repeats a source rests on what that source rests on,
	// and its row shows the whole chain, the middle source linked.
	second := pages["claims/second-hand.html"]
	if got := text(second.doc); !strings.Contains(got, "both rest on one origin: An official statement") {
		t.Errorf("second-hand claim counts the repeating source as independent: %q", got)
	}
	if row := second.ids["row-beta"]; row == nil || !strings.Contains(text(row), "via Alpha") || !strings.Contains(text(row), "An official statement") ||
		len(find(row, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "../sources/alpha.html" })) == 0 {
		t.Errorf("second-hand claim: beta's row does not show the chain through alpha")
	}
	if got := text(pages["claims/overridden.html"].doc); !strings.Contains(got, "The rules alone give Single origin") || !strings.Contains(got, "could not trace") {
		t.Errorf("override does not show the derived verdict and the rationale")
	}
	// Every question says what its sources answer, or why nothing: never a blank.
	for p, want := range map[string]string{
		"questions/q-agree.html":  "Answer: Yes",
		"questions/q-differ.html": `Answer: Sources differ: Red <script>alert("answer")</script> / Blue`,
		"questions/q-open.html":   "Answers: Officials; Soldiers",
		"questions/q-none.html":   "Answer: No source answers it",
	} {
		if got := find(pages[p].doc, func(n *html.Node) bool { return hasClass(n, "answer-given") }); len(got) != 1 || text(got[0]) != want {
			t.Errorf("%s: does not say %q", p, want)
		}
	}
	// No tick stands beside a verdict anywhere: a tick reads as "true".
	for _, pg := range pages {
		for _, v := range find(pg.doc, func(n *html.Node) bool { return hasClass(n, "verdict") }) {
			if strings.ContainsAny(text(v), "✓✔") {
				t.Errorf("%s: a verdict shows a tick: %q", pg.path, text(v))
			}
		}
	}
	// Wherever a verdict is listed, an editor's is marked as such.
	for _, li := range find(pages["index.html"].doc, func(n *html.Node) bool { return n.Data == "li" }) {
		links := find(li, func(n *html.Node) bool { return n.Data == "a" })
		if len(links) == 0 || !strings.HasPrefix(attr(links[0], "href"), "claims/") {
			continue
		}
		marked := strings.Contains(text(li), "(editor's verdict)")
		if want := attr(links[0], "href") == "claims/overridden.html"; marked != want {
			t.Errorf("index: %s marked as the editor's verdict: %v, want %v", attr(links[0], "href"), marked, want)
		}
	}

	// Alpha cites itself twice and beta once: two notes, alpha's with two back-links.
	alpha := pages["sources/alpha.html"]
	note1 := alpha.ids["note-1"]
	if note1 == nil || !strings.Contains(text(note1), "Alpha") || len(find(note1, func(n *html.Node) bool { return strings.HasPrefix(attr(n, "href"), "#cite-1-") })) < 2 {
		t.Errorf("alpha's note 1 should be alpha's, with a back-link per use")
	}
	if text(alpha.ids["note-2"]) == "" || !strings.Contains(text(alpha.ids["note-2"]), "Beta") {
		t.Errorf("alpha's note 2 should be beta's")
	}

	// Hostile text shows up as text.
	for p, s := range map[string]string{
		"index.html":                `Features <script>alert("title")</script>`,
		"claims/none.html":          `<em>raw html</em>`,
		"sources/alpha.html":        `<script>alert("body")</script>`,
		"claims/single.html":        `Alone it says <script>alert("quote")</script>.`,
		"bibliography.html":         `Alpha <img src=x onerror=alert(1)>`,
		"claims/single-origin.html": `The Agency <i>wire</i>`,
		"questions/q-none.html":     `Nobody answers this <script>alert("question")</script>?`,
		"claims/single.html#2":      `<script>alert("locator")</script>`,
		"claims/single.html#3":      `<script>alert("note")</script>`,
		"claims/corroborated.html":  `They cannot both hold <script>alert("relation")</script>.`,
		"claims/overridden.html":    `could not trace <script>alert("rationale")</script>.`,
		"sources/alpha.html#2":      `A. Writer <script>alert("author")</script>`,
		"bibliography.html#2":       `Alpha Times <script>alert("outlet")</script>`,
		"questions/q-differ.html":   `Red <script>alert("answer")</script>`,
		"questions/q-none.html#2":   `<script>alert("topic")</script>`,
	} {
		p, _, _ = strings.Cut(p, "#") // several strings per page
		if !strings.Contains(text(pages[p].doc), s) {
			t.Errorf("%s: %q is not shown as text", p, s)
		}
	}
	// Code is highlighted with classes, never inline styles.
	if len(find(alpha.doc, func(n *html.Node) bool { return n.DataAtom == atom.Pre && hasClass(n, "chroma") })) != 1 {
		t.Errorf("alpha: the Go block is not highlighted")
	}
	for _, pg := range pages {
		if s := find(pg.doc, func(n *html.Node) bool { return attr(n, "style") != "" || n.DataAtom == atom.Style }); len(s) > 0 {
			t.Errorf("%s: inline style on <%s>", pg.path, s[0].Data)
		}
	}
	// Published under base_url: a sitemap of every page but 404.html and
	// search.html, which has nothing to index, a robots.txt that points to
	// it, and a canonical link on every page.
	sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if n, want := strings.Count(string(sitemap), "<loc>https://example.org/repo/"), len(pages)-2; n != want {
		t.Errorf("sitemap lists %d URLs, want %d", n, want)
	}
	if robots, _ := os.ReadFile(filepath.Join(out, "robots.txt")); !strings.Contains(string(robots), "Sitemap: https://example.org/repo/sitemap.xml") {
		t.Errorf("robots.txt does not point to the sitemap: %s", robots)
	}
	for _, pg := range pages {
		canon := find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Link && attr(n, "rel") == "canonical" })
		want := "https://example.org/repo/" + strings.TrimSuffix(pg.path, "index.html")
		if pg.path == "404.html" {
			want = ""
		}
		got := ""
		if len(canon) > 0 {
			got = attr(canon[0], "href")
		}
		if len(canon) > 1 || got != want {
			t.Errorf("%s: %d canonical links, %q; want one, %q", pg.path, len(canon), got, want)
		}
	}
	for _, f := range []string{".nojekyll", "404.html", "sitemap.xml", "robots.txt", "assets/style.css", "assets/chroma.css"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

// TestDeterministic builds the same dossier from two folders of different
// names, twice, and wants the same bytes every time.
func TestDeterministic(t *testing.T) {
	a := unpack(t, "testdata/features.txtar")
	b := unpack(t, "testdata/features.txtar")
	want := snapshot(t, buildOK(t, a, ""))
	for _, root := range []string{a, b} {
		got := snapshot(t, buildOK(t, root, ""))
		if len(got) != len(want) {
			t.Fatalf("%d files, want %d", len(got), len(want))
		}
		for p, data := range want {
			if !bytes.Equal(got[p], data) {
				t.Errorf("%s differs between builds", p)
			}
		}
	}
}

func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestFailedBuildKeepsPrevious breaks a dossier after a good build, in each
// way a build can fail: the failed build must leave every byte of the
// previous output in place, and no temporary folder behind.
func TestFailedBuildKeepsPrevious(t *testing.T) {
	for _, tc := range []struct {
		name, file, text string
	}{
		{"content error", "content/beta.md", "---\ntitle: Beta\nkind: nonsense\n---\n"},
		{"template parse error", "templates/claim.html", `{{define "main"}}{{.Nope`},
		{"template execution error", "templates/claim.html", `{{define "main"}}{{.Claim.Nope}}{{end}}`},
		// A page made of every claim is streamed to its file as it is
		// laid out: half of it must not reach the output either.
		{"template execution error halfway through a streamed page", "templates/index.html", `{{define "main"}}<p>{{.Title}}</p>{{.Nope}}{{end}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := unpack(t, "testdata/features.txtar")
			out := buildOK(t, root, "")
			before := snapshot(t, out)
			p := filepath.Join(root, filepath.FromSlash(tc.file))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, errs, err := Run(Options{Root: root, Out: out})
			if err == nil && errs.Errors() == 0 {
				t.Fatal("the broken dossier built")
			}
			after := snapshot(t, out)
			if len(after) != len(before) {
				t.Fatalf("%d files after, %d before", len(after), len(before))
			}
			for p, data := range before {
				if !bytes.Equal(after[p], data) {
					t.Errorf("%s changed", p)
				}
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*dossier-*"))
			if len(leftovers) > 0 {
				t.Errorf("left behind: %v", leftovers)
			}
		})
	}
}

// TestCapturesFolder: dossier.yaml's captures may be absolute or relative
// to the dossier; a folder it names that is absent leaves quotes
// unverified and says which folder; one named on the command line must exist.
func TestCapturesFolder(t *testing.T) {
	caps := t.TempDir()
	if err := os.WriteFile(filepath.Join(caps, "c.txt"), []byte("They were made in 2012.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	source := fmt.Sprintf("---\ntitle: A\nkind: report\ncapture:\n  file: c.txt\n  sha256: %x\nannotations:\n  - claim: made\n    stance: supports\n    quote: made in 2012\n---\n",
		sha256.Sum256([]byte("They were made in 2012.\n")))
	dossier := func(captures string) string {
		root := t.TempDir()
		files := map[string]string{
			"dossier.yaml": "title: T\ncaptures: " + captures + "\nclaims:\n  - id: made\n    statement: Made in 2012.\n",
			"content/a.md": source,
		}
		for name, data := range files {
			p := filepath.Join(root, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return root
	}
	rel, err := filepath.Rel(t.TempDir(), caps) // a sibling of the next TempDir
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, captures, want string }{
		{"absolute", caps, "1 of 1 quote verified against 1 capture in " + caps},
		{"relative", rel, "1 of 1 quote verified against 1 capture in "},
		{"missing", "nowhere", "1 quote not re-verified: captures folder "},
	} {
		res, errs, err := Run(Options{Root: dossier(tc.captures)})
		if err != nil || errs.Errors() > 0 {
			t.Fatalf("%s: %v %v", tc.name, err, errs)
		}
		if got := res.Verification.String(); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q, want it to start %q", tc.name, got, tc.want)
		}
	}
	if _, _, err := Run(Options{Root: dossier(caps), Captures: filepath.Join(caps, "nowhere")}); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("a missing -captures folder: got %v, want an error", err)
	}
}

// TestNewDossier: a dossier with a title and nothing else builds a site
// whose pages say what is missing instead of showing empty tables, and
// whose counts read as English.
func TestNewDossier(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "dossier.yaml"), []byte("title: New\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := buildOK(t, root, "")
	pages := checkAll(t, loadModel(t, root), out)
	for p, want := range map[string][]string{
		"index.html":        {"0 sources, 0 questions, 0 claims, 0 quotes, 0 relations between claims.", "no questions yet", "no claims yet", "no sources yet"},
		"matrix.html":       {"no questions yet"},
		"bibliography.html": {"no sources yet"},
	} {
		got := text(pages[p].doc)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s does not say %q", p, w)
			}
		}
		if tables := find(pages[p].doc, func(n *html.Node) bool { return n.Data == "table" || n.Data == "ul" && hasClass(n, "sources") }); len(tables) > 0 {
			t.Errorf("%s shows an empty table or list", p)
		}
	}
}

// TestFirstTemplateFailure: with several templates failing, a build
// reports the failure of the page listed first, as check does, on every
// run, whichever worker fails first.
func TestFirstTemplateFailure(t *testing.T) {
	root := unpack(t, "testdata/features.txtar")
	for _, name := range []string{"index.html", "matrix.html", "claims-matrix.html", "people.html", "claim.html"} {
		p := filepath.Join(root, "templates", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(`{{define "main"}}{{index .Title 999}}{{end}}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, want, err := Run(Options{Root: root, Check: true})
	if err != nil || want.Errors() == 0 || !strings.Contains(want.Error(), "templates/index.html:1:19: template index.html: executing") {
		t.Fatalf("check: %v\n%v", err, want)
	}
	for run := range 10 {
		_, errs, err := Run(Options{Root: root, Out: filepath.Join(t.TempDir(), "build")})
		if err != nil || errs.Error() != want.Error() {
			t.Fatalf("run %d: build reports\n%v\n(%v), check reports\n%v", run, errs, err, want)
		}
	}
}

// TestCheckLaysOutOwnTemplates: a dossier's own template may fail on one
// page's data only; check lays out every page then, and fails as build
// does. The preview, which lays out one page of each kind, still finds a
// mistake in a page made of every claim before it swaps the site in.
func TestCheckLaysOutOwnTemplates(t *testing.T) {
	root := unpack(t, "testdata/features.txtar")
	p := filepath.Join(root, "templates", "claim.html")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(`{{define "main"}}{{if eq .Title "Soldiers wear it."}}{{index .Title 999}}{{end}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, err := Run(Options{Root: root, Check: true})
	if err != nil || !strings.Contains(errs.Error(), "templates/claim.html:1:") {
		t.Errorf("check does not find the mistake on one claim's page: %v\n%v", err, errs)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	p = filepath.Join(root, "templates", "matrix.html")
	if err := os.WriteFile(p, []byte(`{{define "main"}}{{index .Title 999}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var ss Session
	res, errs, err := ss.Run(Options{Root: root})
	if err != nil || !strings.Contains(errs.Error(), "templates/matrix.html:1:") || res.Site != nil {
		t.Errorf("the preview takes a site whose matrix cannot be laid out: %v\n%v", err, errs)
	}
}

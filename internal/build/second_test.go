package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/site"
)

// The second dossier (testdata/second.txtar) looks nothing like the
// example: a Norwegian local-news fact-check with Korean and Arabic
// sources, twelve of them, every one with a capture. Its expected
// verdicts, reasons and chains are written out here by hand, so that a
// change in the rules shows up as a failing line, not as a new truth.

// sourcing is the sentence every verdict box and the front page carry.
const sourcing = "Verdicts rate how a statement is sourced, how many independent origins back it and whether sources disagree, not whether it is true."

// secondSources are the twelve source IDs of the second dossier.
var secondSources = []string{
	"agder-radio", "al-jarida", "facebook-innlegg", "fiskarlaget", "fjordposten", "fjordposten-nett",
	"korea-daily", "seoul-ilbo", "teknisk-ukeblad", "tidende-1-stengt", "tidende-2-oppfolging", "vegvesen-rapport",
}

// Names as the reasons and chains show them.
const (
	fbTitle  = "«Brua var stengt før 3. mars!» <Facebook> & 200 kommentarer"
	kommune  = "Nørre Å kommune: pressemelding 3. mars"
	npb      = "Nordisk Pressebyrå (NPB)"
	alJarida = "الجريدة النرويجية"
)

// TestSecondDossierClean: the second dossier builds with every quote
// verified, no error, and one warning only: dossier has no Norwegian
// labels, so its pages' words are English.
func TestSecondDossierClean(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	out := filepath.Join(t.TempDir(), "build")
	res, errs, err := Run(Options{Root: root, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`dossier.yaml:3:11: warning: dossier has no labels of its own for language "nb" (only for de and en), so all %d labels on its pages stay English: translate them under labels: (dossier labels prints them all, ready to paste), or write language: en`, len(labels.Keys()))
	if len(errs) != 1 || !strings.HasSuffix(errs[0].Error(), want) {
		t.Fatalf("want no errors and only the warning on language: nb, got %d:\n%v", len(errs), errs)
	}
	if got, want := res.Verification.String(), "33 of 33 quotes verified against 12 captures in "+filepath.Join(root, "caps"); got != want {
		t.Errorf("verification: %q, want %q", got, want)
	}
}

func TestSecondDossier(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	out := buildOK(t, root, "")
	d := loadModel(t, root)
	pages := checkAll(t, d, out)

	box := func(path string) *html.Node {
		t.Helper()
		pg := pages[path]
		if pg == nil {
			t.Fatalf("no page %s", path)
		}
		b := find(pg.doc, func(n *html.Node) bool { return hasClass(n, "verdict-box") })
		if len(b) != 1 {
			t.Fatalf("%s: %d verdict boxes", path, len(b))
		}
		return b[0]
	}
	// classText is the text of the one element of the class under n.
	classText := func(n *html.Node, class string) string {
		els := find(n, func(n *html.Node) bool { return hasClass(n, class) })
		if len(els) != 1 {
			return ""
		}
		return text(els[0])
	}

	// Every claim and question: the verdict as its box shows it, and the
	// reason, which counts origins, not sources.
	for _, tc := range []struct{ path, verdict, reason string }{
		{"claims/stengt-3-mars.html", "Verdict: ●● Corroborated by 4 origins",
			"Six sources support it, resting on 4 independent origins: Ordfører Åse Ødegård; " + kommune + "; Nørre Å Tidende; Statens vegvesen."},
		{"claims/stengt-28-feb.html", "Verdict: ●○ Single origin",
			"One source supports it, on its own reporting: " + fbTitle + "."},
		// Four sources, one of them a republication and one at the end of a
		// chain of three links: one relayed statement.
		{"claims/sprekk-funnet.html", "Verdict: ●○ Single origin",
			"Four sources support it, but all four rest on one origin: " + kommune + ". That is one origin repeated, not independent corroboration. One more source hedges."},
		// Two articles of one outlet, its name spelt two ways.
		{"claims/omkjoring-40-min.html", "Verdict: ●○ Single origin",
			"Two sources support it, but both rest on one origin: Nørre Å Tidende. That is one origin repeated, not independent corroboration."},
		{"claims/lekter-traff.html", "Verdict: ⇄ Disputed",
			"Sources disagree: one source supports it (1 origin: " + fbTitle + ") and one source disputes it (1 origin: Statens vegvesen)."},
		{"claims/brua-solgt.html", "Verdict: ✗ Contradicted",
			"Two sources dispute it (2 origins: Ordfører Åse Ødegård; 코리아 데일리) and none supports it."},
		{"claims/kim-besok.html", "Verdict: ✗ Contradicted",
			"One source disputes it (1 origin: 서울일보) and none supports it."},
		{"claims/gjenapning-2026.html", "Verdict: ? Unclear", "Two sources raise it but only hedge."},
		{"claims/staten-betaler.html", "Verdict: – No evidence", "Two sources mention the subject but none takes a position."},
		{"claims/skolebuss-rammet.html", "Verdict: ●● Corroborated by 3 origins",
			"Four sources support it, resting on 3 independent origins: Agder Radio; " + alJarida + "; Nørre Å Tidende."},
		{"claims/fiskere-rammet.html", "Verdict: ●○ Single origin", "One source supports it, on its own reporting: Fiskarlaget Sør."},
		{"claims/stal-fra-korea.html", "Verdict: ? Unclear (editor's verdict)",
			"The rules alone give Single origin. One source supports it, on its own reporting: 코리아 데일리."},
		// The same outlet and a person it did not relay: two origins, and
		// the outlet is named as the first of its articles spells it.
		{"claims/ordforer-beklager.html", "Verdict: ●● Corroborated by 2 origins",
			"Two sources support it, resting on 2 independent origins: Ordfører Åse Ødegård; nørre å tidende."},
		{"claims/arabisk-info.html", "Verdict: ●○ Single origin",
			"One source supports it, on its own reporting: " + alJarida + ". One more source hedges."},

		{"questions/naar-stengt.html", "Verdict: ⇄ Disputed",
			"Sources give different answers, and at most one can be right: “3. mars” (corroborated by 4 independent origins: Ordfører Åse Ødegård; " + kommune +
				"; Nørre Å Tidende; Statens vegvesen); “28. februar” (single-origin: " + fbTitle + ")."},
		{"questions/hvem-rammes.html", "Verdict: ●● Corroborated by 3 origins",
			"Sources give 2 compatible answers: “Skolebussene” is corroborated by 3 independent origins: Agder Radio; " + alJarida +
				"; Nørre Å Tidende; “Fiskerne” is single-origin: Fiskarlaget Sør. The question takes the verdict of the best-backed answer."},
		{"questions/fant-sprekk.html", "Verdict: ●○ Single origin",
			"One answer is given, “Ja”: four sources support it, but all four rest on one origin: " + kommune + ". That is one origin repeated, not independent corroboration. One more source hedges."},
		{"questions/naar-apner.html", "Verdict: ? Unclear", "Sources raise “I 2026” but only hedge."},
		{"questions/hvem-betaler.html", "Verdict: – No evidence", "No source gives an answer."},
		{"questions/solgt.html", "Verdict: ✗ Contradicted", "No answer stands: sources dispute “Ja, til et koreansk selskap”."},
	} {
		b := box(tc.path)
		heading := find(b, func(n *html.Node) bool { return n.DataAtom == atom.H2 })
		if len(heading) != 1 || text(heading[0]) != tc.verdict {
			t.Errorf("%s: verdict heading is not %q", tc.path, tc.verdict)
		}
		if got := classText(b, "reason"); got != tc.reason {
			t.Errorf("%s: reason\n got %q\nwant %q", tc.path, got, tc.reason)
		}
		if got := classText(b, "sourcing"); got != sourcing {
			t.Errorf("%s: the verdict box does not say what verdicts rate: %q", tc.path, got)
		}
	}
	if len(d.Claims) != 14 || len(d.Questions) != 6 || len(d.Sources) != 12 {
		t.Errorf("%d claims, %d questions, %d sources; the table above covers 14, 6 and 12", len(d.Claims), len(d.Questions), len(d.Sources))
	}
	if got, want := classText(box("claims/stal-fra-korea.html"), "override"),
		"Editor's override. 코리아 데일리 cites one unnamed mill official, and the mill's records for 1978 are lost."; got != want {
		t.Errorf("override: %q, want %q", got, want)
	}
	if got := classText(pages["index.html"].doc, "sourcing"); !strings.HasPrefix(got, sourcing) {
		t.Errorf("the front page does not say what verdicts rate: %q", got)
	}
	// Only the overridden claim is marked as the editor's, wherever listed.
	for _, li := range find(pages["index.html"].doc, func(n *html.Node) bool { return n.DataAtom == atom.Li }) {
		links := find(li, func(n *html.Node) bool { return n.DataAtom == atom.A })
		if len(links) == 0 || !strings.HasPrefix(attr(links[0], "href"), "claims/") {
			continue
		}
		marked := strings.Contains(text(li), "(editor's verdict)")
		if want := attr(links[0], "href") == "claims/stal-fra-korea.html"; marked != want {
			t.Errorf("index: %s marked as the editor's verdict: %v, want %v", attr(links[0], "href"), marked, want)
		}
	}

	// The chains: a row shows what its statement rests on, link by link.
	// Each source and origin of a chain links to its page, or to its
	// entry on the people page.
	const npbHref, kommuneHref = "../people.html#origin-npb", "../people.html#origin-kommune-melding"
	for _, tc := range []struct {
		path, row, chain string
		via              []string
	}{
		// Three links: a Korean paper relaying an Arabic paper relaying an
		// agency relaying the municipality's statement.
		{"claims/sprekk-funnet.html", "row-seoul-ilbo", "via " + alJarida + " → " + npb + " → " + kommune, []string{"../sources/al-jarida.html", npbHref, kommuneHref}},
		{"questions/fant-sprekk.html", "row-sprekk-funnet-seoul-ilbo", "via " + alJarida + " → " + npb + " → " + kommune, []string{"../sources/al-jarida.html", npbHref, kommuneHref}},
		// A republication rests on what it republishes, with no via: of its own.
		{"claims/sprekk-funnet.html", "row-fjordposten-nett", "via Fjordposten → " + npb + " → " + kommune, []string{"../sources/fjordposten.html", npbHref, kommuneHref}},
		{"claims/stengt-3-mars.html", "row-fjordposten-nett", "via Fjordposten → " + npb + " → " + kommune, []string{"../sources/fjordposten.html", npbHref, kommuneHref}},
		{"claims/sprekk-funnet.html", "row-al-jarida", "via " + npb + " → " + kommune, []string{npbHref, kommuneHref}},
		{"claims/stengt-3-mars.html", "row-agder-radio", "via Ordfører Åse Ødegård", []string{"../people.html#origin-ordforer"}},
	} {
		row := pages[tc.path].ids[tc.row]
		if row == nil {
			t.Errorf("%s: no row %s", tc.path, tc.row)
			continue
		}
		if got := classText(row, "chain"); got != tc.chain {
			t.Errorf("%s#%s: chain\n got %q\nwant %q", tc.path, tc.row, got, tc.chain)
		}
		links := find(row, func(n *html.Node) bool { return n.DataAtom == atom.A && attr(n.Parent, "class") == "chain" })
		var hrefs []string
		for _, a := range links {
			hrefs = append(hrefs, attr(a, "href"))
		}
		if !slices.Equal(hrefs, tc.via) {
			t.Errorf("%s#%s: the chain links to %v, want %v", tc.path, tc.row, hrefs, tc.via)
		}
	}
	// A source's own page shows the same chains, as links too.
	var chains [][]string
	for _, span := range find(pages["sources/seoul-ilbo.html"].doc, func(n *html.Node) bool { return hasClass(n, "chain") }) {
		var hrefs []string
		for _, a := range find(span, func(n *html.Node) bool { return n.DataAtom == atom.A }) {
			hrefs = append(hrefs, attr(a, "href"))
		}
		chains = append(chains, hrefs)
	}
	if !slices.ContainsFunc(chains, func(h []string) bool {
		return slices.Equal(h, []string{"../sources/al-jarida.html", npbHref, kommuneHref})
	}) {
		t.Errorf("sources/seoul-ilbo.html: the chains link to %v, want one to al-jarida, npb, kommune", chains)
	}
	// Own reporting has no chain.
	if row := pages["claims/omkjoring-40-min.html"].ids["row-tidende-2-oppfolging"]; row == nil || classText(row, "chain") != "" || !strings.HasSuffix(text(row), "own reporting") {
		t.Errorf("omkjoring-40-min: tidende-2-oppfolging's row is not own reporting")
	}

	// Question pages: the answer line, the rows of exactly the sources
	// that speak, and a count (and list) of the silent ones.
	for _, tc := range []struct {
		path, answer string
		rows         []string // row ids, in page order
		silent       string
	}{
		{"questions/naar-stengt.html", "Answer: Sources differ: 3. mars / 28. februar",
			[]string{"row-stengt-3-mars-agder-radio", "row-stengt-3-mars-fjordposten", "row-stengt-3-mars-fjordposten-nett",
				"row-stengt-3-mars-tidende-1-stengt", "row-stengt-3-mars-tidende-2-oppfolging", "row-stengt-3-mars-vegvesen-rapport",
				"row-stengt-28-feb-facebook-innlegg"},
			"5 sources say nothing on this question"},
		{"questions/hvem-rammes.html", "Answers: Skolebussene; Fiskerne",
			[]string{"row-skolebuss-rammet-agder-radio", "row-skolebuss-rammet-al-jarida", "row-skolebuss-rammet-tidende-1-stengt",
				"row-skolebuss-rammet-tidende-2-oppfolging", "row-fiskere-rammet-fiskarlaget"},
			"7 sources say nothing on this question"},
		// A yes/no question of one answer shows that claim's rows.
		{"questions/fant-sprekk.html", "Answer: Ja",
			[]string{"row-sprekk-funnet-al-jarida", "row-sprekk-funnet-fjordposten", "row-sprekk-funnet-fjordposten-nett",
				"row-sprekk-funnet-seoul-ilbo", "row-sprekk-funnet-teknisk-ukeblad"},
			"7 sources say nothing on this question"},
		// Silent questions: sources only hedge; sources only mention.
		{"questions/naar-apner.html", "Answer: Not known: the sources that raise it only hedge",
			[]string{"row-gjenapning-2026-teknisk-ukeblad", "row-gjenapning-2026-vegvesen-rapport"},
			"10 sources say nothing on this question"},
		{"questions/hvem-betaler.html", "Answer: No source answers it",
			[]string{"row-staten-betaler-al-jarida", "row-staten-betaler-tidende-2-oppfolging"},
			"10 sources say nothing on this question"},
		{"questions/solgt.html", "Answer: No answer stands: sources dispute what is proposed",
			[]string{"row-brua-solgt-agder-radio", "row-brua-solgt-korea-daily"},
			"10 sources say nothing on this question"},
	} {
		pg := pages[tc.path]
		if got := classText(pg.doc, "answer-given"); got != tc.answer {
			t.Errorf("%s: %q, want %q", tc.path, got, tc.answer)
		}
		var rows []string
		speaks := map[string]bool{}
		for _, r := range find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Tr && strings.HasPrefix(attr(n, "id"), "row-") }) {
			rows = append(rows, attr(r, "id"))
			for _, a := range find(r, func(n *html.Node) bool {
				return n.DataAtom == atom.A && strings.HasPrefix(attr(n, "href"), "../sources/")
			}) {
				if attr(a.Parent, "class") != "chain" {
					speaks[strings.TrimSuffix(strings.TrimPrefix(attr(a, "href"), "../sources/"), ".html")] = true
				}
			}
		}
		if !slices.Equal(rows, tc.rows) {
			t.Errorf("%s: rows\n got %v\nwant %v", tc.path, rows, tc.rows)
		}
		silent := classText(pg.doc, "silent")
		if !strings.HasPrefix(silent, tc.silent+": ") {
			t.Errorf("%s: %q does not start %q", tc.path, silent, tc.silent)
		}
		// The silent list names exactly the sources with no row.
		var listed []string
		for _, p := range find(pg.doc, func(n *html.Node) bool { return hasClass(n, "silent") }) {
			for _, a := range find(p, func(n *html.Node) bool { return n.DataAtom == atom.A }) {
				listed = append(listed, strings.TrimSuffix(strings.TrimPrefix(attr(a, "href"), "../sources/"), ".html"))
			}
		}
		var want []string
		for _, id := range secondSources {
			if !speaks[id] {
				want = append(want, id)
			}
		}
		if slices.Sort(listed); !slices.Equal(listed, want) {
			t.Errorf("%s: lists as silent %v, want %v", tc.path, listed, want)
		}
	}

	// Unicode comes through byte for byte, combining marks included, and
	// markup characters in it are escaped.
	for _, tc := range []struct{ path, h1 string }{
		{"sources/tidende-1-stengt.html", "Brua over Nørre A\u030A er stengt"},
		{"sources/seoul-ilbo.html", "노르웨이 다리 폐쇄… 김정은 소문은 사실 아냐"},
		{"sources/al-jarida.html", "إغلاق الجسر في نوره أو بسبب شق"},
		{"sources/facebook-innlegg.html", fbTitle},
		{"claims/kim-besok.html", "김정은 har sett brua over Nørre Å."},
		{"questions/naar-apner.html", "Når åpner brua igjen?"},
		{"index.html", "Brua over Nørre Å – 다리 – الجسر"},
	} {
		h := find(pages[tc.path].doc, func(n *html.Node) bool { return n.DataAtom == atom.H1 })
		if len(h) != 1 || text(h[0]) != tc.h1 {
			t.Errorf("%s: h1 is not %q", tc.path, tc.h1)
		}
	}
	if lang := attr(find(pages["index.html"].doc, func(n *html.Node) bool { return n.DataAtom == atom.Html })[0], "lang"); lang != "nb" {
		t.Errorf("index: lang %q, want nb", lang)
	}
	raw, err := os.ReadFile(filepath.Join(out, "sources", "facebook-innlegg.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("&lt;Facebook&gt; &amp; 200 kommentarer")) || bytes.Contains(raw, []byte("<Facebook>")) {
		t.Errorf("facebook-innlegg: the title's < > & are not escaped")
	}
	for _, tc := range []struct{ path, row, quote string }{
		{"claims/kim-besok.html", "row-seoul-ilbo", "김정은 위원장이 이 다리를 본 적이 있다는 소문이 돌았지만, 이는 사실이 아니다"},
		{"claims/stengt-3-mars.html", "row-tidende-1-stengt", "Brua over Nørre A\u030A ble stengt mandag 3. mars"},
		{"claims/arabisk-info.html", "row-al-jarida", "أصدرت البلدية معلومات باللغة العربية للسكان"},
		{"claims/ordforer-beklager.html", "row-tidende-2-oppfolging", "Jeg beklager stengingen, men sikkerheten går først."},
	} {
		row := pages[tc.path].ids[tc.row]
		if row == nil {
			t.Errorf("%s: no row %s", tc.path, tc.row)
			continue
		}
		q := find(row, func(n *html.Node) bool { return n.DataAtom == atom.Q })
		if len(q) != 1 || text(q[0]) != tc.quote {
			t.Errorf("%s#%s: quote is not %q", tc.path, tc.row, tc.quote)
		}
		// Verified, and shown in its sentence when it is only part of it.
		if classText(row, "verified") == "" {
			t.Errorf("%s#%s: quote not marked verified", tc.path, tc.row)
		}
	}
	if ctx := classText(pages["claims/stengt-3-mars.html"].ids["row-tidende-1-stengt"], "context"); ctx != "In the capture: “Brua over Nørre Å ble stengt mandag 3. mars klokken 14.”" { // composed: quotes and captures are compared, and shown, in NFC
		t.Errorf("stengt-3-mars: tidende-1-stengt's context is %q", ctx)
	}
	// Every quote is shown verified on its claim page, none unverified.
	verified, unverified := 0, 0
	for p, pg := range pages {
		if !strings.HasPrefix(p, "claims/") {
			continue
		}
		verified += len(find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Span && hasClass(n, "verified") }))
		unverified += len(find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Span && hasClass(n, "unverified") }))
	}
	if verified != 33 || unverified != 0 {
		t.Errorf("claim pages show %d verified and %d unverified quotes, want 33 and 0", verified, unverified)
	}

	// No tick beside a verdict, anywhere: a tick reads as "true".
	for _, pg := range pages {
		for _, v := range find(pg.doc, func(n *html.Node) bool { return hasClass(n, "verdict") }) {
			if strings.ContainsAny(text(v), "✓✔") {
				t.Errorf("%s: a verdict shows a tick: %q", pg.path, text(v))
			}
		}
	}
}

// TestSecondDeterministic builds the second dossier from two folders, one
// unpacked with its files created in reverse order, and wants the same
// bytes.
func TestSecondDeterministic(t *testing.T) {
	a := unpack(t, "testdata/second.txtar")
	b := unpackReversed(t, "testdata/second.txtar")
	want := snapshot(t, buildOK(t, a, ""))
	got := snapshot(t, buildOK(t, b, ""))
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for p, data := range want {
		if !bytes.Equal(got[p], data) {
			t.Errorf("%s differs between builds", p)
		}
	}
}

// TestPreviewServesWhatBuildWrites: the preview lays out each page in
// memory and a build streams the large ones (the pages made of every claim,
// dossier.json, the search index) to disk as they are made; a reader sees
// the same bytes either way.
func TestPreviewServesWhatBuildWrites(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	written := snapshot(t, buildOK(t, root, ""))
	res, errs, err := (&Session{}).Run(Options{Root: root})
	if err != nil || errs.Errors() > 0 {
		t.Fatalf("preview: %v\n%v", err, errs)
	}
	for _, name := range []string{"index.html", "claims-matrix.html", "people.html", "dossier.json", "assets/search-index.js"} {
		if _, ok := written[filepath.FromSlash(name)]; !ok {
			t.Errorf("the build wrote no %s", name)
		}
	}
	for name, data := range written {
		if name == site.ManifestName {
			continue
		}
		served, ok, err := res.Site.File(filepath.ToSlash(name))
		switch {
		case err != nil:
			t.Errorf("%s: %v", name, err)
		case !ok:
			t.Errorf("the preview has no %s", name)
		case !bytes.Equal(served, data):
			t.Errorf("%s: the preview serves %d bytes, the build wrote %d others", name, len(served), len(data))
		}
	}
}

// unpackReversed is unpack with the files written last to first, so the
// order of entries on disk differs from unpack's.
func unpackReversed(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range slices.Backward(ar.Files) {
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

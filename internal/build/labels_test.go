package build

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/verify"
)

// How the tests below tell the words of the pages from the dossier's own
// text. The example is written in English: its claims, quotes, titles and
// summaries stay English whatever language: says. So a page is read as
// text nodes and the attributes a reader meets (title, aria-label, alt, the
// share card's meta content), the dossier's own text is taken out of each,
// and what is left must be the dossier's words for the page's language:
//
//   - Markdown the dossier wrote (summaries, contexts, the method text,
//     footnotes) is left out by its element; <code> holds file names,
//     hashes and vocabulary words (depends-on) and is left out too.
//   - Every other piece of the dossier's text is known from the model:
//     titles, statements, names, quotes, notes, the capture sentences shown
//     around quotes, hashes. Each is taken out where it occurs, and so is
//     any prefix of one cut with "…" (column heads, long <title>s).
//
// TestNoEnglishOnPages builds the example with a pseudo-language whose
// every label is a marker, ⟦key⟧, given through labels: in dossier.yaml:
// once markers and the dossier's text are out, no letter may remain. A
// word that a template or the Go code writes without the label table fails
// it, wherever it is. labels.TestTablesComplete holds German to give every
// key words that pass the checks, so a German page has no English word
// either; TestGermanExample builds the example in German and looks for
// every English label on its pages, to be sure.

// exampleIn copies the example dossier into a new folder with its
// language: set to lang and more appended to its dossier.yaml, and
// returns the folder and the captures to verify it against.
func exampleIn(t *testing.T, lang, more string) (root, captures string) {
	t.Helper()
	root = t.TempDir()
	yml, err := os.ReadFile("../../dossier.yaml")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^language: en$`)
	if !re.Match(yml) {
		t.Fatal("the example's dossier.yaml has no line language: en")
	}
	yml = re.ReplaceAll(yml, []byte("language: "+lang))
	yml = append(yml, more...)
	if err := os.WriteFile(filepath.Join(root, "dossier.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(seeds); err == nil {
		captures = seeds
	}
	return root, captures
}

var placeholderRE = regexp.MustCompile(`\{([a-z_]+)(?::[a-z]+)?\}`)

// pseudoLabels is a labels: block that gives every key the marker ⟦key⟧,
// with the placeholders its English text has and its [brackets], marked
// too: ⟦404.text⟧[⟦404.text#1⟧].
func pseudoLabels() string {
	var b strings.Builder
	b.WriteString("\nlabels:\n")
	for _, l := range labels.Defaults() {
		v := "⟦" + l.Key + "⟧"
		var names []string
		for _, f := range []string{l.Text.One, l.Text.Two, l.Text.Other} {
			for _, m := range placeholderRE.FindAllStringSubmatch(f, -1) {
				if !slices.Contains(names, m[1]) {
					names = append(names, m[1])
				}
			}
		}
		for _, n := range names {
			v += "{" + n + "}"
		}
		for i := 1; i <= strings.Count(l.Text.Other, "["); i++ {
			v += fmt.Sprintf("[⟦%s#%d⟧]", l.Key, i)
		}
		fmt.Fprintf(&b, "  %s: %s\n", l.Key, strconv.Quote(v))
	}
	return b.String()
}

// userText is every piece of the dossier's own text a page may show,
// longest first, white space as pages show it.
func userText(d *model.Dossier) []string {
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			if s = strings.Join(strings.Fields(s), " "); s != "" {
				out = append(out, s)
			}
		}
	}
	add(d.Title, d.Description)
	for _, o := range d.Origins {
		add(o.Name, o.Note)
	}
	for _, src := range d.Sources {
		add(src.Title, src.Outlet, src.OutletNote, src.Author, src.URL, src.Notes, src.Name(),
			src.Capture.File, src.Capture.SHA256, src.Published.Note, src.Retrieved.Note)
		for _, r := range src.Relays {
			add(r.Note)
		}
		for _, a := range src.Annotations {
			add(a.Quote, a.Locator, a.Note, a.Check.SHA256)
			if len(a.Check.SHA256) > 12 {
				add(a.Check.SHA256[:12])
			}
			for _, sp := range a.Check.Context {
				add(sp.Text)
			}
		}
	}
	for _, c := range d.Claims {
		add(c.Statement, c.Topic, c.Date.Note)
		for _, r := range c.Related {
			add(r.Note)
		}
		if c.Override != nil {
			add(c.Override.Rationale)
		}
	}
	for _, q := range d.Questions {
		add(q.Text, q.Topic)
		for _, a := range q.Answers {
			add(a.Label)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(out)
}

// skipped are the elements whose text is the dossier's own, not the
// page's words: Markdown it wrote, and code.
func skipped(n *html.Node) bool {
	switch {
	case n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Code:
		return true
	case n.DataAtom == atom.Div && (hasClass(n, "summary") || hasClass(n, "context") || hasClass(n, "review")):
		return true
	case n.DataAtom == atom.P && n.Parent != nil && n.Parent.DataAtom == atom.Li && strings.HasPrefix(attr(n.Parent, "id"), "note-") && !hasClass(n, "note-back") &&
		len(find(n.Parent, func(c *html.Node) bool { return hasClass(c, "note-back") })) > 0:
		return true // a footnote's own text
	}
	return false
}

// readAttrs are the attributes whose values a reader meets.
var readAttrs = []string{"title", "aria-label", "alt", "placeholder", "data-no-index"}

// shownText is what a reader of pg meets that the dossier did not write
// in Markdown: each text node, and the values of readAttrs and of the
// share card's meta tags, white space folded.
func shownText(pg *page) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && skipped(n) {
			return
		}
		switch n.Type {
		case html.TextNode:
			if n.Parent != nil && n.Parent.DataAtom == atom.Noscript {
				// Read as text, as a browser that runs script reads it:
				// its markup is parsed here, as one that does not would.
				nodes, err := html.ParseFragment(strings.NewReader(n.Data), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
				if err == nil {
					for _, c := range nodes {
						walk(c)
					}
					return
				}
			}
			out = append(out, n.Data)
		case html.ElementNode:
			for _, a := range n.Attr {
				if slices.Contains(readAttrs, a.Key) {
					out = append(out, a.Val)
				}
			}
			if n.DataAtom == atom.Meta && attr(n, "content") != "" && (attr(n, "name") == "description" || slices.Contains([]string{"og:title", "og:description", "og:site_name"}, attr(n, "property"))) {
				out = append(out, attr(n, "content"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(pg.doc)
	for i, s := range out {
		out[i] = strings.Join(strings.Fields(s), " ")
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

var (
	markerRE  = regexp.MustCompile(`⟦[^⟦⟧]*⟧`)
	backrefRE = regexp.MustCompile(`↩[a-z]+|\b\d+[a-z]+\b`) // back-links: ↩a, and "1a" in their names
)

// withoutUserText takes the dossier's own text out of s: what is left of
// one of users cut short with "…", then each of them whole (longest first).
func withoutUserText(s string, users []string) string {
	for strings.Contains(s, "…") {
		cut := ""
		for _, u := range users {
			r := []rune(u)
			if len(r) < 6 || !strings.Contains(s, string(r[:5])) {
				continue
			}
			for k := len(r) - 1; k >= 5 && len(cut) < k; k-- {
				p := strings.TrimRight(string(r[:k]), " ,;:.") + "…"
				if strings.Contains(s, p) {
					cut = p
					break
				}
			}
		}
		if cut == "" {
			break
		}
		s = strings.ReplaceAll(s, cut, " ")
	}
	for _, u := range users {
		if strings.Contains(s, u) {
			s = strings.ReplaceAll(s, u, " ")
		}
	}
	return s
}

// hasLetter reports whether s has a letter.
func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// TestNoEnglishOnPages: with every label a marker, nothing on any page is
// a word of its own: every word a reader meets is the dossier's or comes
// from the label table. Add an English word to a template, or to a string
// the Go code builds, and this fails, naming the page and the text.
func TestNoEnglishOnPages(t *testing.T) {
	root, captures := exampleIn(t, "qps-ploc", pseudoLabels())
	out := filepath.Join(t.TempDir(), "build")
	_, errs, err := Run(Options{Root: root, Out: out, Captures: captures})
	if err != nil || errs.Errors() > 0 {
		t.Fatalf("build: %v\n%v", err, errs)
	}
	for _, e := range errs {
		if strings.Contains(e.Msg, "labels") {
			t.Errorf("every label is given, yet: %v", e)
		}
	}
	d := loadModel(t, root)
	if _, _, err := verify.Dossier(d, captures); err != nil {
		t.Fatal(err)
	}
	users := userText(d)
	pages := checkAll(t, d, out)
	single := filepath.Join(t.TempDir(), "single", "dossier.html")
	os.MkdirAll(filepath.Dir(single), 0o755)
	if _, errs, err := Run(Options{Root: root, Single: single, Captures: captures}); err != nil || errs.Errors() > 0 {
		t.Fatalf("single file: %v\n%v", err, errs)
	}
	pages["single file"] = readSite(t, filepath.Dir(single))["dossier.html"]
	leaks := 0
	for _, path := range slices.Sorted(maps.Keys(pages)) {
		for _, s := range shownText(pages[path]) {
			left := backrefRE.ReplaceAllString(withoutUserText(markerRE.ReplaceAllString(s, " "), users), " ")
			if hasLetter(left) {
				leaks++
				if leaks <= 20 {
					t.Errorf("%s: %q is not from the label table: %q", path, strings.TrimSpace(left), s)
				}
			}
		}
	}
	if leaks > 20 {
		t.Errorf("and %d more", leaks-20)
	}
	// The script's words come from the table too, through the index.
	idx := readIndex(t, out)
	for _, key := range []string{"search.prompt", "search.results", "search.kind.quote"} {
		if !strings.Contains(string(idx[key]), "⟦"+key+"⟧") {
			t.Errorf("the search index's words for %s are %s", key, idx[key])
		}
	}
}

// readIndex reads the words the search index gives its script.
func readIndex(t *testing.T, out string) map[string]json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "assets", "search-index.js"))
	if err != nil {
		t.Fatal(err)
	}
	var idx struct{ W map[string]json.RawMessage }
	js := strings.TrimSuffix(strings.TrimPrefix(string(data), "window.dossierSearch="), ";\n")
	if err := json.Unmarshal([]byte(js), &idx); err != nil {
		t.Fatal(err)
	}
	return idx.W
}

// englishWords are the pieces of the English labels a German page must
// not show: each text split at its placeholders and brackets, long enough
// to be words rather than a letter or a symbol, and not words German
// writes too ("SHA-256", "JavaScript").
func englishWords() map[string]string {
	de, _ := labels.For("de")
	var german strings.Builder
	for _, key := range labels.Keys() {
		x := de.Text(key)
		fmt.Fprintf(&german, "%s\n%s\n%s\n", x.One, x.Two, x.Other)
	}
	words := map[string]string{} // piece -> its key
	for _, l := range labels.Defaults() {
		if de.Text(l.Key) == l.Text {
			continue // the same in both: "Original", "SHA-256"
		}
		for _, f := range []string{l.Text.One, l.Text.Two, l.Text.Other} {
			for _, piece := range regexp.MustCompile(`\{[^}]*\}|[\[\]]`).Split(f, -1) {
				piece = strings.Trim(piece, " ,.;:()“”‘’'\"…·")
				if utf8.RuneCountInString(piece) >= 4 && hasLetter(piece) && !strings.Contains(german.String(), piece) {
					words[piece] = l.Key
				}
			}
		}
	}
	return words
}

// TestGermanExample builds the example in German: the site is whole, its
// words are German, and no English label is left on any page.
func TestGermanExample(t *testing.T) {
	root, captures := exampleIn(t, "de", "")
	out := filepath.Join(t.TempDir(), "build")
	_, errs, err := Run(Options{Root: root, Out: out, Captures: captures})
	if err != nil || errs.Errors() > 0 {
		t.Fatalf("build: %v\n%v", err, errs)
	}
	d := loadModel(t, root)
	if _, _, err := verify.Dossier(d, captures); err != nil {
		t.Fatal(err)
	}
	pages := checkAll(t, d, out)
	users := userText(d)
	words := englishWords()
	for _, path := range slices.Sorted(maps.Keys(pages)) {
		pg := pages[path]
		if lang := attr(find(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Html })[0], "lang"); lang != "de" {
			t.Errorf("%s: <html lang=%q>", path, lang)
		}
		for _, s := range shownText(pg) {
			left := " " + withoutUserText(s, users) + " "
			for w, key := range words {
				if i := strings.Index(left, w); i >= 0 && !isLetterAt(left, i-1) && !isLetterAt(left, i+len(w)) {
					t.Errorf("%s: English %q (label %s) in %q", path, w, key, s)
				}
			}
		}
	}
	// What a reader sees, literally.
	for path, want := range map[string][]string{
		"index.html":                      {"Übersicht", "Fragen", "Quellen", "3 Quellen, 7 Fragen, 29 Behauptungen", "Nur ein Ursprung", "(Bewertung der Redaktion)"},
		"claims/badge-made-2012.html":     {"Bewertung: ●○ Nur ein Ursprung", "Zwei Quellen stützen sie, aber beide beruhen auf einem Ursprung", "Diese Behauptung wird gestützt von:"},
		"sources/why-badge-analysis.html": {"Veröffentlicht", "Juli 2024", "Abgerufen"},
		"timeline.html":                   {"Zeitleiste"},
		"method.html":                     {"Bewertungsregeln", "Mindestens eine Quelle stützt sie, und mindestens eine bestreitet sie."},
	} {
		got := text(pages[path].doc)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s does not say %q", path, w)
			}
		}
	}
	// ClaimReview names the verdict as the page shows it, in German.
	r := jsonLD(t, pages["claims/badge-made-2012.html"])
	if len(r) != 1 {
		t.Fatalf("%d JSON-LD blocks", len(r))
	}
	rating := r[0]["reviewRating"].(map[string]any)
	if rating["alternateName"] != "Nur ein Ursprung" || !strings.HasPrefix(rating["ratingExplanation"].(string), "Zwei Quellen stützen sie") {
		t.Errorf("ClaimReview rating %v", rating)
	}
	// The open data keeps its English keys and gives the labels shown.
	var data struct {
		Claims []struct {
			ID      string
			Verdict struct{ Value, Label string }
		}
	}
	raw, _ := os.ReadFile(filepath.Join(out, "dossier.json"))
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatal(err)
	}
	for _, c := range data.Claims {
		if c.ID == "badge-made-2012" && (c.Verdict.Value != "single-origin" || c.Verdict.Label != "Nur ein Ursprung") {
			t.Errorf("dossier.json: %s's verdict %+v", c.ID, c.Verdict)
		}
	}
	// The search script says its words in German.
	if idx := readIndex(t, out); !strings.Contains(string(idx["search.prompt"]), "Geben Sie ein Wort ein") {
		t.Errorf("the search index's prompt is %s", idx["search.prompt"])
	}
}

func isLetterAt(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError {
		r, _ = utf8.DecodeLastRuneInString(s[:i+1])
	}
	return unicode.IsLetter(r)
}

// TestSecondDossierLabels: the Norwegian dossier renames a few words under
// labels:; they are shown, the rest stay English, and the warning at
// language: counts those.
func TestSecondDossierLabels(t *testing.T) {
	root := unpack(t, "testdata/second.txtar")
	yml, err := os.ReadFile(filepath.Join(root, "dossier.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	own := `labels:
  nav.overview: Oversikt
  verdict.single-origin: Bare én kilde
  count.sources:
    one: "{n} kilde"
    other: "{n} kilder"
  month.3: mars
  date.day: "{day}. {month} {year}"
`
	yml = []byte(strings.Replace(string(yml), "origins:\n", own+"origins:\n", 1))
	if err := os.WriteFile(filepath.Join(root, "dossier.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "build")
	_, errs, err := Run(Options{Root: root, Out: out})
	if err != nil || errs.Errors() > 0 {
		t.Fatalf("build: %v\n%v", err, errs)
	}
	want := fmt.Sprintf("so %d of its %d labels on its pages stay English", len(labels.Keys())-5, len(labels.Keys()))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, want) {
		t.Errorf("want one warning that says %q, got:\n%v", want, errs)
	}
	d := loadModel(t, root)
	pages := checkAll(t, d, out)
	idx := text(pages["index.html"].doc)
	for _, w := range []string{"Oversikt", "12 kilder,", "Bare én kilde", "3. mars 2025", "Agreement matrix", "Questions", "Corroborated by 2 origins"} {
		if !strings.Contains(idx, w) {
			t.Errorf("index.html does not say %q", w)
		}
	}
	if strings.Contains(idx, "Single origin") {
		t.Error("index.html still says Single origin")
	}
}

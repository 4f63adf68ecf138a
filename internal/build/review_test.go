// Regression tests for what the second dossier's review found wrong in the
// evidence model: each states the right behaviour.
package build

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func writeDossier(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func srcWithCap(title, outlet, capFile, capText, anns string) string {
	o := ""
	if outlet != "" {
		o = fmt.Sprintf("outlet: %q\n", outlet)
	}
	return fmt.Sprintf("---\ntitle: %s\n%skind: report\ncapture:\n  file: %s\n  sha256: %x\nannotations:\n%s---\n", title, o, capFile, sha256.Sum256([]byte(capText)), anns)
}

func TestReviewOverriddenAnswerNoSource(t *testing.T) {
	cap := "A guide said the badge was made by the studio in Pyongyang.\n"
	root := writeDossier(t, map[string]string{
		"dossier.yaml": "title: T\ncaptures: caps\nquestions:\n  - id: who-made\n    question: Who made the badge?\n    answers:\n      - claim: by-studio\n        answer: The studio\nclaims:\n  - id: by-studio\n    statement: The studio made it.\n    verdict:\n      value: unclear\n      rationale: The one source names nobody who saw the records.\n",
		"caps/a.txt":   cap,
		"content/a.md": srcWithCap("A", "Daily A", "a.txt", cap, "  - claim: by-studio\n    stance: supports\n    quote: the badge was made by the studio\n"),
	})
	out := buildOK(t, root, "")
	pages := readSite(t, out)
	got := text(find(pages["questions/who-made.html"].doc, func(n *html.Node) bool { return hasClass(n, "answer-given") })[0])
	if got == "Answer: No source answers it" {
		t.Errorf("question page says %q, but Daily A supports “The studio” (its row is on the page)", got)
	}
}

func TestReviewOutletNFCvsNFD(t *testing.T) {
	c1 := "The bridge was closed on 3 March.\n"
	c2 := "Closed since 3 March, the bridge is.\n"
	root := writeDossier(t, map[string]string{
		"dossier.yaml": "title: T\ncaptures: caps\nclaims:\n  - id: closed\n    statement: The bridge was closed on 3 March.\n",
		"caps/a.txt":   c1,
		"caps/b.txt":   c2,
		"content/a.md": srcWithCap("A", "Nørre Å Tidende", "a.txt", c1, "  - claim: closed\n    stance: supports\n    quote: The bridge was closed\n"),
		"content/b.md": srcWithCap("B", "Nørre A\u030A Tidende", "b.txt", c2, "  - claim: closed\n    stance: supports\n    quote: Closed since 3 March\n"),
	})
	out := buildOK(t, root, "")
	pages := readSite(t, out)
	v := text(find(pages["claims/closed.html"].doc, func(n *html.Node) bool { return hasClass(n, "verdict-box") })[0])
	if !strings.Contains(v, "Verdict: ●○ Single origin") {
		t.Errorf("two articles of one outlet, its name in NFC and NFD, count as two origins: %q", v)
	}
}

func TestReviewFragmentBeforeCombiningMark(t *testing.T) {
	c := "Brua ved Nørre A\u030A er stengt.\n"
	root := writeDossier(t, map[string]string{
		"dossier.yaml": "title: T\ncaptures: caps\nclaims:\n  - id: closed\n    statement: Closed.\n",
		"caps/a.txt":   c,
		"content/a.md": srcWithCap("A", "", "a.txt", c, "  - claim: closed\n    stance: supports\n    quote: Brua ved Nørre A\n"),
	})
	_, errs, err := Run(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if errs.Errors() == 0 {
		t.Errorf("quote %q, which ends inside the word %q, was accepted: %v", "Brua ved Nørre A", "A\u030A", errs)
	}
}

func TestReviewNFCQuoteNFDCapture(t *testing.T) {
	c := "Brua over Nørre A\u030A ble stengt mandag.\n"
	root := writeDossier(t, map[string]string{
		"dossier.yaml": "title: T\ncaptures: caps\nclaims:\n  - id: closed\n    statement: Closed.\n",
		"caps/a.txt":   c,
		"content/a.md": srcWithCap("A", "", "a.txt", c, "  - claim: closed\n    stance: supports\n    quote: Brua over Nørre Å ble stengt\n"),
	})
	_, errs, err := Run(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 0 {
		t.Errorf("an NFC quote of an NFD capture is not found:\n%v", errs)
	}
}

func TestReviewNorwegianNegation(t *testing.T) {
	c := "Det er ikke sant at brua er solgt til koreanerne.\n"
	root := writeDossier(t, map[string]string{
		"dossier.yaml": "title: T\nlanguage: nb\ncaptures: caps\nclaims:\n  - id: sold\n    statement: Sold.\n",
		"caps/a.txt":   c,
		"content/a.md": srcWithCap("A", "", "a.txt", c, "  - claim: sold\n    stance: supports\n    quote: brua er solgt til koreanerne\n"),
	})
	_, errs, err := Run(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if errs.Warnings() == 0 {
		t.Errorf("a quote that leaves out %q (Norwegian for \"it is not true that\") draws no warning", "ikke sant at")
	}
}

// TestReviewOutletOriginTwice: a newsroom named as an origin (an outlet,
// or a news agency such as Yonhap) and an article of its own are one
// origin, not two independent ones.
func TestReviewOutletOriginTwice(t *testing.T) {
	c1 := "Fjordposten can reveal that the bridge was closed on 3 March.\n"
	c2 := "According to Fjordposten, the bridge was closed on 3 March.\n"
	for _, kind := range []string{"outlet", "agency"} {
		root := writeDossier(t, map[string]string{
			"dossier.yaml": "title: T\ncaptures: caps\norigins:\n  - id: fjordposten-paper\n    name: Fjordposten\n    kind: " + kind + "\nclaims:\n  - id: closed\n    statement: Closed.\n",
			"caps/a.txt":   c1,
			"caps/b.txt":   c2,
			"content/a.md": srcWithCap("A", "Fjordposten", "a.txt", c1, "  - claim: closed\n    stance: supports\n    quote: the bridge was closed on 3 March\n"),
			"content/b.md": strings.Replace(srcWithCap("B", "Weekly B", "b.txt", c2, "  - claim: closed\n    stance: supports\n    quote: the bridge was closed on 3 March\n    via: fjordposten-paper\n"), "annotations:", "relays: [{origin: fjordposten-paper}]\nannotations:", 1),
		})
		out := buildOK(t, root, "")
		pages := readSite(t, out)
		v := text(find(pages["claims/closed.html"].doc, func(n *html.Node) bool { return hasClass(n, "verdict-box") })[0])
		if !strings.Contains(v, "Single origin") || !strings.Contains(v, "both rest on one origin: Fjordposten.") {
			t.Errorf("kind %s: a newsroom named as an origin and an article of it count as two: %s", kind, v)
		}
	}
}

func TestReviewRepublicationWithoutRelays(t *testing.T) {
	c := "The bridge was closed on 3 March.\n"
	root := writeDossier(t, map[string]string{
		"dossier.yaml": "title: T\ncaptures: caps\nclaims:\n  - id: closed\n    statement: Closed.\n",
		"caps/a.txt":   c,
		"caps/b.txt":   c,
		"content/a.md": srcWithCap("A", "Fjordposten", "a.txt", c, "  - claim: closed\n    stance: supports\n    quote: The bridge was closed on 3 March.\n"),
		"content/b.md": strings.Replace(srcWithCap("B", "Regionnytt", "b.txt", c, "  - claim: closed\n    stance: supports\n    quote: The bridge was closed on 3 March.\n"), "kind: report", "kind: republication", 1),
	})
	_, errs, err := Run(Options{Root: root, Out: filepath.Join(t.TempDir(), "b")})
	want := "content/b.md:1:1: b is a republication but names nothing it republishes"
	if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Error(), want) {
		t.Errorf("a republication without relays counts as independent reporting: %v %v", errs, err)
	}
}

func TestReviewViaSourceOppositeStance(t *testing.T) {
	c1 := "It is false that the bridge was sold.\n"
	c2 := "As A reported, the bridge was sold.\n"
	root := writeDossier(t, map[string]string{
		"dossier.yaml": "title: T\ncaptures: caps\nclaims:\n  - id: sold\n    statement: Sold.\n",
		"caps/a.txt":   c1,
		"caps/b.txt":   c2,
		"content/a.md": srcWithCap("A", "Daily A", "a.txt", c1, "  - claim: sold\n    stance: disputes\n    quote: It is false that the bridge was sold.\n"),
		"content/b.md": strings.Replace(srcWithCap("B", "Weekly B", "b.txt", c2, "  - claim: sold\n    stance: supports\n    quote: the bridge was sold\n    via: a\n"), "annotations:", "relays: [{source: a}]\nannotations:", 1),
	})
	_, errs, err := Run(Options{Root: root, Out: filepath.Join(t.TempDir(), "b")})
	want := `content/b.md:13:10: via "a", but a disputes sold while this source supports it`
	if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Error(), want) {
		t.Errorf("a source that says the opposite of what it rests on counts on both sides: %v %v", errs, err)
	}
}

// TestReviewViaSourceTakingNoSide: a support resting on a source that only
// mentions or hedges the claim would count that source's origin as
// backing; it is refused, as a republication that says more than what it
// republishes is.
func TestReviewViaSourceTakingNoSide(t *testing.T) {
	c1 := "The bridge may have been sold.\n"
	c2 := "As A reported, the bridge was sold.\n"
	for _, stance := range []string{"hedges", "mentions"} {
		root := writeDossier(t, map[string]string{
			"dossier.yaml": "title: T\ncaptures: caps\nclaims:\n  - id: sold\n    statement: Sold.\n",
			"caps/a.txt":   c1,
			"caps/b.txt":   c2,
			"content/a.md": srcWithCap("A", "Daily A", "a.txt", c1, "  - claim: sold\n    stance: "+stance+"\n    quote: The bridge may have been sold.\n"),
			"content/b.md": strings.Replace(srcWithCap("B", "Weekly B", "b.txt", c2, "  - claim: sold\n    stance: supports\n    quote: the bridge was sold\n    via: a\n"), "annotations:", "relays: [{source: a}]\nannotations:", 1),
		})
		_, errs, err := Run(Options{Root: root, Out: filepath.Join(t.TempDir(), "b")})
		want := `content/b.md:13:10: via "a", but a ` + stance + ` sold while this source supports it: a statement that takes a side rests only on a source that takes the same`
		if err != nil || errs.Errors() != 1 || !strings.Contains(errs.Error(), want) {
			t.Errorf("a support resting on a source that %s: %v %v", stance, errs, err)
		}
		// A republication of it likewise.
		root = writeDossier(t, map[string]string{
			"dossier.yaml": "title: T\ncaptures: caps\nclaims:\n  - id: sold\n    statement: Sold.\n",
			"caps/a.txt":   c1,
			"caps/b.txt":   c1,
			"content/a.md": srcWithCap("A", "Daily A", "a.txt", c1, "  - claim: sold\n    stance: "+stance+"\n    quote: The bridge may have been sold.\n"),
			"content/b.md": strings.Replace(strings.Replace(srcWithCap("B", "Weekly B", "b.txt", c1, "  - claim: sold\n    stance: supports\n    quote: The bridge may have been sold.\n"), "annotations:", "relays: [{source: a}]\nannotations:", 1), "kind: report", "kind: republication", 1),
		})
		_, errs, err = Run(Options{Root: root, Out: filepath.Join(t.TempDir(), "b")})
		want = `b republishes a, which ` + stance + ` sold, but this annotation supports it`
		if err != nil || errs.Errors() != 1 || !strings.Contains(errs.Error(), want) {
			t.Errorf("a republication that supports what its original %s: %v %v", stance, errs, err)
		}
	}
}

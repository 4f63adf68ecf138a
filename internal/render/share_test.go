package render

import "testing"

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"Made in 2012":           "Made in 2012.",
		"Made in 2012.":          "Made in 2012.",
		"When was it made?":      "When was it made?",
		"It was!":                "It was!",
		"Cut short…":             "Cut short…",
		"  Spaces around  ":      "Spaces around.",
		"Ends in a tag </b>":     "Ends in a tag </b>.",
		"Answer: Sources differ": "Answer: Sources differ.",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAbs: print addresses are absolute only with a base URL, and the
// front page's is the site's own address, as its canonical link.
func TestAbs(t *testing.T) {
	with, without := &site{base: "https://e.org/repo/"}, &site{}
	for target, want := range map[string]string{
		"index.html":            "https://e.org/repo/",
		"claims/a.html":         "https://e.org/repo/claims/a.html",
		"claims/a.html#row-b":   "https://e.org/repo/claims/a.html#row-b",
		"bibliography.html#b-c": "https://e.org/repo/bibliography.html#b-c",
	} {
		if got := with.abs(target); got != want {
			t.Errorf("abs(%q) = %q, want %q", target, got, want)
		}
		if got := without.abs(target); got != "" {
			t.Errorf("without a base URL, abs(%q) = %q", target, got)
		}
	}
	p := &Page{Root: "../"}
	if l := with.link(p, "A", "claims/a.html"); l.Href != "../claims/a.html" || l.Abs != "https://e.org/repo/claims/a.html" {
		t.Errorf("link: %+v", l)
	}
}

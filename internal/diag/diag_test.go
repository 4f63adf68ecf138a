package diag

import "testing"

func TestSuggest(t *testing.T) {
	keys := []string{"title", "outlet", "author", "url", "kind", "published"}
	for in, want := range map[string]string{
		"outlte":    "outlet",
		"titel":     "title",
		"publised":  "published",
		"u":         "",
		"colour":    "",
		"kind":      "kind",
		"something": "",
	} {
		if got := Suggest(in, keys); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSortDropsDuplicates(t *testing.T) {
	var l List
	l.Add(Pos{File: "b.md", Line: 1, Col: 1}, "x")
	l.Add(Pos{File: "a.md", Line: 2, Col: 1}, "y")
	l.Add(Pos{File: "a.md", Line: 1, Col: 9}, "z")
	l.Add(Pos{File: "a.md", Line: 2, Col: 1}, "y")
	if got := l.Sort().Error(); got != "a.md:1:9: z\na.md:2:1: y\nb.md:1:1: x" {
		t.Errorf("got %q", got)
	}
}

func TestSuggestTiesAreStable(t *testing.T) {
	for _, order := range [][]string{{"ab", "ba"}, {"ba", "ab"}} {
		if got := Suggest("aa", order); got != "ab" {
			t.Errorf("Suggest(aa, %v) = %q, want ab", order, got)
		}
	}
}

// TestEveryProblemHasLineAndColumn: a file-level problem, or one whose
// column is unknown, still prints as path:line:col.
func TestEveryProblemHasLineAndColumn(t *testing.T) {
	for pos, want := range map[Pos]string{
		{File: "templates/x.html"}:          "templates/x.html:1:1: m",
		{File: "templates/x.html", Line: 7}: "templates/x.html:7:1: m",
		{File: "a.md", Line: 3, Col: 4}:     "a.md:3:4: m",
	} {
		if got := Errorf(pos, "m").Error(); got != want {
			t.Errorf("%#v: %q, want %q", pos, got, want)
		}
	}
}

func TestWarnings(t *testing.T) {
	var l List
	l.Warn(Pos{File: "a.md", Line: 2, Col: 3}, "odd")
	if l.Fails(false) {
		t.Error("a warning alone fails a build")
	}
	if !l.Fails(true) {
		t.Error("a warning does not fail a strict build")
	}
	if got := l.Error(); got != "a.md:2:3: warning: odd" {
		t.Errorf("got %q", got)
	}
	l.Add(Pos{File: "a.md", Line: 1, Col: 1}, "bad")
	if got := l.Summary(); got != "1 error and 1 warning" {
		t.Errorf("Summary() = %q", got)
	}
}

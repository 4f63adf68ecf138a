package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
)

func TestSplitFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		in       string
		front    string
		body     string
		bodyLine int
		ok       bool
	}{
		{"---\na: 1\n---\nbody\n", "a: 1\n", "body\n", 4, true},
		{"---\r\na: 1\r\n---\r\nbody", "a: 1\r\n", "body", 4, true},
		{"\ufeff---\na: 1\n---\n", "a: 1\n", "", 4, true},
		{"---\na: 1\n---", "a: 1\n", "", 4, true},
		{"---\n---\n", "", "", 3, true},
		{"a: 1\n", "", "", 0, false},
		{"---\na: 1\n", "", "", 0, false},
		{"---\na: |\n  ----\n---\nx", "a: |\n  ----\n", "x", 5, true},
		{"--- \na: 1\n--- \nx", "a: 1\n", "x", 4, true}, // blanks after either marker
		{"----\na: 1\n---\n", "", "", 0, false},
	} {
		front, body, line, ok := splitFrontMatter([]byte(tc.in))
		if string(front) != tc.front || string(body) != tc.body || line != tc.bodyLine || ok != tc.ok {
			t.Errorf("%q: got %q %q %d %v", tc.in, front, body, line, ok)
		}
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string]string{
		"published: 2024-07-01":                          "2024-07-01 day",
		"published: 2024-07":                             "2024-07 month",
		"published: 2024":                                "2024 year",
		"published: {precision: unknown}":                " unknown",
		"published: {date: 2024, doubtful: true}":        "2024 year",
		"published: 2024-02-30":                          "error",
		"published: 24-07-01":                            "error",
		"published: {date: 2024-07-01, precision: year}": "error",
	} {
		var errs diag.List
		s := ParseSource("content/a.md", []byte("---\ntitle: A\nkind: report\n"+in+"\n---\n"), &errs)
		got := "error"
		if len(errs) == 0 {
			got = s.Published.Value + " " + s.Published.Precision
		}
		if got != want {
			t.Errorf("%s: got %q (%v), want %q", in, got, errs, want)
		}
	}
}

// FuzzParseSource feeds arbitrary files to the content parser: it may
// report problems, never panic, and every problem has a position in the file.
func FuzzParseSource(f *testing.F) {
	f.Add("---\ntitle: A\nkind: report\nannotations:\n  - claim: c\n    stance: supports\n    quote: q\n---\nBody [@a].\n")
	f.Add("---\ntitle: [\n---\n")
	f.Add("---\npublished: {date: 2024-13}\n---\n")
	f.Add("---\n- a\n- b\n---\n")
	f.Add("---\nannotations: {a: b}\nrelays: [1, 2]\ncapture: x\n---")
	f.Fuzz(func(t *testing.T, data string) {
		var errs diag.List
		ParseSource("content/a.md", []byte(data), &errs)
		for _, e := range errs {
			if e.Pos.File != "content/a.md" || e.Pos.Line < 1 || e.Pos.Col < 1 || e.Pos.Line > strings.Count(string(newlines([]byte(data))), "\n")+2 {
				t.Errorf("problem without a position in the file: %v", e)
			}
		}
	})
}

// TestYAMLSyntaxPositions: a syntax error points at the line and column at
// fault, not at the line yaml.v3 names (often the start of the enclosing
// mapping), and says what to do.
func TestYAMLSyntaxPositions(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"title: A\nkind: report\nnote: a: b\n", "4:8: YAML syntax: mapping values are not allowed in this context: a value that contains \": \" must be quoted"},
		{"title: A\nauthor: @someone\n", "3:9: YAML syntax: found character that cannot start any token: a plain value cannot begin with @, ` or a tab; put the value in quotes"},
		{"title: A\nannotations:\n  - claim: c\n    stance: supports\n   quote: q\n", "6:4: YAML syntax: did not find expected '-' indicator: line this key up with the other keys of the item above, or start a new item with \"- \""},
		{"title: A\nannotations:\n  - claim: c\n    quote: \"a \"b\" c\"\n", "5:5: YAML syntax: did not find expected key: check this line's indentation against the lines above, and quote a value that contains quotes of its own or \": \""},
		{"title: A\nkind: report\n\tnote: x\n", "4:1: YAML syntax: found a tab character that violates indentation: indent with spaces; YAML does not allow tabs there"},
		{"title: A\nkind: \"report\nnote: x\n", "3:7: YAML syntax: found unexpected end of stream: a quoted value that starts here is never closed; add the closing quote"},
		{"title: A\nrelays: [a, b\nnote: x\n", "3:9: YAML syntax: did not find expected ',' or ']': a [list] or {map} that starts here is never closed, or lacks a comma between items"},
		{"title: A\nnote: *x\n", "3:7: YAML syntax: unknown anchor 'x' referenced: a value that begins with * must be quoted"},
		{"title: A: b\n", "2:9: YAML syntax: mapping values are not allowed in this context: a value that contains \": \" must be quoted"},
	} {
		var errs diag.List
		ParseSource("content/a.md", []byte("---\n"+tc.yaml+"---\nBody.\n"), &errs)
		if len(errs) != 1 {
			t.Errorf("%q: got %d problems %v, want one", tc.yaml, len(errs), errs)
			continue
		}
		if got := strings.TrimPrefix(errs[0].Error(), "content/a.md:"); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.yaml, got, tc.want)
		}
	}
}

// TestFoldedText: Markdown in a folded block scalar is its lines as they
// stand, de-indented, so that positions in it are positions in the file
// and a blank line still parts paragraphs.
func TestFoldedText(t *testing.T) {
	for _, tc := range []struct {
		block, want string
		line, col   int
	}{
		{">-\n      One [link](claim:x)\n      two.\n\n        Indented.\n      Three.\n", "One [link](claim:x)\ntwo.\n\n  Indented.\nThree.", 6, 7},
		{">\n\n      After a blank line.\n  - id: b\n    statement: B.\n", "After a blank line.", 7, 7},
		{"|-\n      Literal\n      lines.\n", "Literal\nlines.", 6, 7},
	} {
		var errs diag.List
		d := &model.Dossier{}
		parseConfig(d, ConfigName, []byte("title: T\nclaims:\n  - id: a\n    statement: S.\n    context: "+tc.block), &errs, nil)
		if len(errs) > 0 || len(d.Claims) == 0 {
			t.Fatalf("%q: %v", tc.block, errs)
		}
		c := d.Claims[0]
		if c.Context != tc.want || c.CtxPos.Line != tc.line || c.CtxPos.Col != tc.col {
			t.Errorf("%q: got %q at %d:%d, want %q at %d:%d", tc.block, c.Context, c.CtxPos.Line, c.CtxPos.Col, tc.want, tc.line, tc.col)
		}
	}
}

// TestOneDocument: dossier.yaml holds one YAML document; a second one is an
// error at the marker that starts it, since everything in it would be
// dropped. Markers before the content or with nothing after it lose
// nothing.
func TestOneDocument(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"---\ntitle: T\n", ""},
		{"title: T\n---\n", ""},
		{"title: T\n...\n# the end\n", ""},
		{"title: T\nmethod: |\n  ---\n  Not a marker.\n", ""},
		{"title: T\n---\nclaims: []\n", `dossier.yaml:2:1: dossier.yaml holds one YAML document, but this "---" starts a second one, which would be ignored: delete the line and merge what follows into the keys above`},
		{"# settings\n---\ntitle: T\n--- # more\nclaims: [\n", `dossier.yaml:4:1: dossier.yaml holds one YAML document, but this "---" starts a second one, which would be ignored: delete the line and merge what follows into the keys above`},
		{"title: T\n...\nclaims: []\n", `dossier.yaml:2:1: dossier.yaml holds one YAML document, but this "..." ends it, and more follows, which would be ignored: delete the line and merge what follows into the keys above`},
	} {
		var errs diag.List
		d := &model.Dossier{}
		parseConfig(d, ConfigName, []byte(tc.yaml), &errs, nil)
		got := ""
		if len(errs) > 0 {
			got = errs.Error()
		}
		if got != tc.want || d.Partial != (tc.want != "") {
			t.Errorf("%q: got %q (partial %v), want %q", tc.yaml, got, d.Partial, tc.want)
		}
	}
}

// TestCacheReparsesOnlyWhatChanged: a dossier loaded again through a Cache
// parses only the YAML that changed, yet makes every object afresh, so a
// site still served from the last load shares nothing with the next; and
// it is indexed exactly as a fresh load is.
func TestCacheReparsesOnlyWhatChanged(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("dossier.yaml", "title: T\nclaims:\n  - id: c\n    statement: S.\n  - id: d\n    statement: T.\n")
	source := func(title, claim string) string {
		return "---\ntitle: " + title + "\nkind: report\nannotations:\n  - claim: " + claim + "\n    stance: supports\n    quote: the source says so\n---\n"
	}
	write("content/a.md", source("A", "c"))
	write("content/b.md", source("B", "c"))
	var cache Cache
	d1, errs, err := cache.Load(root)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if cache.trees.parsed != 5 {
		t.Errorf("first load parsed %d texts, want 5: the header and two claims of dossier.yaml, two sources", cache.trees.parsed)
	}
	write("content/b.md", source("B", "d"))
	d2, errs, err := cache.Load(root)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if cache.trees.parsed != 1 {
		t.Errorf("after one edit, %d texts were parsed again, want 1", cache.trees.parsed)
	}
	if d2.SourceByID["a"] == d1.SourceByID["a"] || d2.ClaimByID["c"] == d1.ClaimByID["c"] {
		t.Error("the second load shares objects with the first")
	}
	fresh, _, _ := Load(root)
	for _, id := range []string{"c", "d"} {
		if got, want := len(d2.ClaimByID[id].Annotations), len(fresh.ClaimByID[id].Annotations); got != want {
			t.Errorf("claim %s: %d annotations after the cached load, %d after a fresh one", id, got, want)
		}
		if got := len(d1.ClaimByID[id].Annotations); id == "c" && got != 2 {
			t.Errorf("the second load changed the first's claim c: %d annotations", got)
		}
	}
}

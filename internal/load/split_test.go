package load

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/synth"
)

// readBoth reads data as dossier.yaml item by item and as one document,
// and fails unless the two read the same dossier with the same messages.
// It returns the messages, and whether the lists were read item by item.
func readBoth(t testing.TB, data []byte) (diag.List, bool) {
	t.Helper()
	var split, whole model.Dossier
	var splitErrs, wholeErrs diag.List
	readConfig(&split, ConfigName, data, &splitErrs, nil, true)
	readConfig(&whole, ConfigName, data, &wholeErrs, nil, false)
	if a, b := messages(splitErrs), messages(wholeErrs); a != b {
		t.Fatalf("messages differ:\nitem by item:\n%s\nas one document:\n%s", a, b)
	}
	if !reflect.DeepEqual(split, whole) {
		t.Fatalf("the dossier read item by item differs from the one read as one document")
	}
	used := false
	if header, lists := splitConfig(newlines(data)); lists != nil {
		_, _, used = readSplit(ConfigName, header, lists, nil)
	}
	return splitErrs, used
}

func messages(l diag.List) string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

// TestSplitReadsWhatWholeReads holds the item-by-item reading of
// dossier.yaml to reading it as one document: the same claims, questions
// and origins, the same positions, the same messages, on dossiers of every
// shape; and where a cut could change what YAML reads, it is not made.
func TestSplitReadsWhatWholeReads(t *testing.T) {
	cases := []struct {
		name  string
		yaml  string
		split bool // the lists are read item by item
	}{
		{"compact list at column 1", "title: T\nclaims:\n- id: a\n  statement: A.\n- id: b\n  statement: B.\n", true},
		{"comments around and between items", "title: T\nclaims: # all of them\n  # first\n  - id: a\n    statement: A.\n# a note at the margin\n  - id: b # second\n    statement: B.\n\n  # trailing\nquestions:\n  - id: q\n    question: Q?\n    answers: [a]\n", true},
		{"block texts that look like items and comments", "title: T\nclaims:\n  - id: a\n    statement: A.\n    context: |\n      # Heading\n      - a bullet\n    - not at the items' indentation\n  - id: b\n    statement: B.\n", false},
		{"block texts with bullets and headings", "title: T\nclaims:\n  - id: a\n    statement: A.\n    context: |\n      # Heading\n\n      - a bullet\n        - nested\n  - id: b\n    statement: B.\n    context: >\n      folded\n      lines\n\n      - more\n", true},
		{"a quoted statement across an item's start", "title: T\nclaims:\n  - id: a\n    statement: \"A, and\n  - id: b\"\n  - id: c\n    statement: C.\n", false},
		{"a flow list across an item's start", "title: T\nclaims:\n  - id: a\n    statement: A.\n    related: [\n  - b ]\n", false},
		{"an alias to another item", "title: T\nclaims:\n  - id: a\n    statement: &s A.\n  - id: b\n    statement: *s\n", false},
		{"an alias inside one item", "title: T\nclaims:\n  - id: a\n    statement: &s A.\n    context: *s\n  - id: b\n    statement: B.\n", true},
		{"the key twice", "title: T\nclaims:\n  - id: a\n    statement: A.\nclaims:\n  - id: b\n    statement: B.\n", false},
		{"a second document", "title: T\nclaims:\n  - id: a\n    statement: A.\n---\ntitle: U\n", false},
		{"a document end with nothing after it", "title: T\nclaims:\n  - id: a\n    statement: A.\n...\n", true},
		{"a list that is a mapping", "title: T\nclaims:\n  id: a\n  statement: A.\n", false},
		{"an empty list", "title: T\nclaims:\nquestions:\n", false},
		{"a flow list", "title: T\nclaims: [{id: a, statement: A.}]\n", false},
		{"a tab in an indentation", "title: T\nclaims:\n  - id: a\n\t  statement: A.\n", false},
		{"less indented than the items", "title: T\nclaims:\n    - id: a\n      statement: A.\n  - id: b\n    statement: B.\n", false},
		{"windows line ends", "title: T\r\nclaims:\r\n  - id: a\r\n    statement: A.\r\n  - id: b\r\n    statement: B.\r\n", true},
		{"no newline at the end", "title: T\nclaims:\n  - id: a\n    statement: A.", true},
		{"problems inside items", "title: T\nclaims:\n  - id: a\n    statment: A.\n  - id: B C\n    statement: B.\n  - id: c\n    statement: \"\"\n    related:\n      - claim: a\n        relation: nonsense\n  -\n  - - nested\n", true},
		{"a list key in a nested mapping", "title: T\nlabels:\n  claims:\n    - x\nclaims:\n  - id: a\n    statement: A.\n", true},
		{"the key inside a quoted text above", "title: T\ndescription: \"about\nclaims:\n  - id: a\n    statement: A.\n  end\"\n", false},
		{"claims:x is not a key", "title: T\nclaims:x\n  - id: a\n", false},
		// Found by FuzzConfigSplit:
		{"an empty block text, then a key at the margin", "00000: 0\nclaims:\n  - id: 0\n    000000000: 00\n    context: |\n0:", true},
		{"a control character in a comment above the first item", "claims:\n  #0\x19000000000\n  -", false},
		// Found by a review:
		{"a %TAG directive for !", "%TAG ! tag:example.com,2000:\n---\ntitle: T\nclaims:\n  - id: a\n    statement: !x A.\n", false},
		{"a %TAG directive for !!", "%TAG !! tag:example.com,2000:\n---\ntitle: T\nquestions:\n  - id: q\n    question: Q?\n    multiple_answers: !!bool true\n", false},
		{"a %TAG directive after a byte order mark", "\ufeff%TAG ! tag:example.com,2000:\n---\ntitle: T\nclaims:\n  - id: a\n    statement: !x A.\n", false},
		{"a byte order mark", "\ufefftitle: T\nclaims:\n  - id: a\n    statement: A.\n", true},
		{"a line separator in a quoted text", "title: T\nclaims:\n  - id: a\n    statement: \"A\u2028B\"\n  - id: b\n    statment: B.\n", false},
		{"a paragraph separator in a plain text", "title: T\nclaims:\n  - id: a\n    statement: A\u2029B\n", false},
		{"a next line character in a quoted text", "title: T\nclaims:\n  - id: a\n    statement: \"A\u0085B\"\n  - id: b\n    statement: B.\n", false},
		{"a flow mapping at the top", "{title: T,\nclaims:\n  - id: a\n    statement: A.\n}\n", false},
		{"a kept blank line at the end", "title: T\nclaims:\n  - id: a\n    statement: A.\n    related: |+\n      x\n\n", true},
		{"an empty item on the last line", "title: T\nclaims:\n  - id: a\n    statement: A.\n  -\n", true},
		{"all three lists", "title: T\norigins:\n  - id: o\n    name: O\nquestions:\n  - id: q\n    question: Q?\n    answers:\n      - claim: a\n        answer: yes\nclaims:\n  - id: a\n    statement: A.\n    verdict:\n      value: disputed\n      rationale: because\n", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, used := readBoth(t, []byte(c.yaml)); used != c.split {
				t.Errorf("read item by item: %v, want %v", used, c.split)
			}
		})
	}
}

// TestSplitReadsDossiers: the shipped example, the test dossiers and a
// synthetic one read the same item by item, and are read that way.
func TestSplitReadsDossiers(t *testing.T) {
	texts := map[string][]byte{}
	example, err := os.ReadFile("../../dossier.yaml")
	if err != nil {
		t.Fatal(err)
	}
	texts["example"] = example
	for _, name := range []string{"second", "features", "gfm"} {
		a, err := txtar.ParseFile("../build/testdata/" + name + ".txtar")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if f.Name == ConfigName {
				texts[name] = f.Data
			}
		}
	}
	dir := t.TempDir()
	if _, err := synth.Write(dir, synth.Options{Claims: 300}); err != nil {
		t.Fatal(err)
	}
	if texts["synthetic"], err = os.ReadFile(filepath.Join(dir, ConfigName)); err != nil {
		t.Fatal(err)
	}
	for name, data := range texts {
		t.Run(name, func(t *testing.T) {
			if _, used := readBoth(t, data); !used {
				t.Error("not read item by item")
			}
		})
	}
}

// FuzzConfigSplit: whatever dossier.yaml holds, reading it item by item
// reads what reading it as one document does.
func FuzzConfigSplit(f *testing.F) {
	f.Add([]byte("title: T\nclaims:\n  - id: a\n    statement: A.\n  - id: b\n    statement: \"B,\n  - c\"\n"))
	f.Add([]byte("title: T\nquestions:\n- id: q\n  question: Q?\nclaims:\n  - id: a\n    statement: &x A.\n  - id: b\n    statement: *x\n"))
	f.Add([]byte("title: T\nclaims:\n  - id: a\n    statement: A.\n    context: |\n      - b\n  - id: b\n    related: [\n  - x]\n"))
	f.Add([]byte("%TAG ! tag:x,2000:\n---\ntitle: T\nclaims:\n  - id: a\n    statement: !x A.\n  - id: b\n    statement: \"B\u2028C\"\n"))
	f.Add([]byte("{title: T,\nclaims:\n  - id: a\n    related: |+\n      x\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		readBoth(t, bytes.ToValidUTF8(data, nil))
	})
}

// TestCacheReparsesOnlyTheEditedClaim: in the preview, an edit to one
// claim of dossier.yaml parses that claim and the few lines around the
// lists again, not every claim.
func TestCacheReparsesOnlyTheEditedClaim(t *testing.T) {
	root := t.TempDir()
	cfg := filepath.Join(root, ConfigName)
	var y strings.Builder
	y.WriteString("title: T\nclaims:\n")
	for _, id := range []string{"a", "b", "c", "d"} {
		y.WriteString("  - id: " + id + "\n    statement: Claim " + id + ".\n")
	}
	if err := os.WriteFile(cfg, []byte(y.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var cache Cache
	if _, errs, err := cache.Load(root); err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if cache.trees.parsed != 5 {
		t.Errorf("first load parsed %d texts, want 5: the header and four claims", cache.trees.parsed)
	}
	edited := strings.Replace(y.String(), "Claim c.", "Claim c, edited.", 1)
	if err := os.WriteFile(cfg, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	d, errs, err := cache.Load(root)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if cache.trees.parsed != 1 {
		t.Errorf("after an edit to one claim, %d texts were parsed again, want 1", cache.trees.parsed)
	}
	if got := d.ClaimByID["c"].Statement; got != "Claim c, edited." {
		t.Errorf("claim c reads %q after the edit", got)
	}
	if got := d.ClaimByID["d"].Pos.Line; got != 9 {
		t.Errorf("claim d is at line %d, want 9", got)
	}
}

package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
)

// TestGFM renders each GFM feature the site enables and wants the markup a
// page may carry: no inline style, no form control.
func TestGFM(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"align", "| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n",
			`<th class="align-left">l</th>` + "|" + `<th class="align-center">c</th>` + "|" + `<th class="align-right">r</th>` + "|" + `<th>n</th>` + "|" + `<td class="align-right">3</td>`},
		{"task list", "- [x] done\n- [ ] to do\n",
			`<li><span class="task task-done" role="img" aria-label="done">☑</span> done</li>` + "|" + `<li><span class="task" role="img" aria-label="not done">☐</span> to do</li>`},
		{"strikethrough", "~~gone~~", "<del>gone</del>"},
		{"autolinks", "www.example.org and https://example.org/x", `<a href="http://www.example.org">www.example.org</a>` + "|" + `<a href="https://example.org/x">https://example.org/x</a>`},
		{"typographer", `"Quoted" -- it's --- done...`, "&ldquo;Quoted&rdquo; &ndash; it&rsquo;s &mdash; done&hellip;"},
	} {
		out, _, errs := convert(t, tc.in)
		if len(errs) > 0 {
			t.Errorf("%s: %v", tc.name, errs)
		}
		for _, w := range strings.Split(tc.want, "|") {
			if !strings.Contains(out, w) {
				t.Errorf("%s:\n got %s\nwant %s", tc.name, out, w)
			}
		}
		for _, n := range fragment(t, out) {
			for d := range n.Descendants() {
				if d.DataAtom == atom.Input || d.DataAtom == atom.Style {
					t.Errorf("%s: a <%s>: %s", tc.name, d.Data, out)
				}
				for _, a := range d.Attr {
					if a.Key == "style" || a.Key == "align" {
						t.Errorf("%s: %s=%q: %s", tc.name, a.Key, a.Val, out)
					}
				}
			}
		}
	}
}

// TestInvalidUTF8: bytes that are not UTF-8 never reach the page; each is
// U+FFFD, and a problem after one on its line is still at its column in the
// file.
func TestInvalidUTF8(t *testing.T) {
	src := "# T\xffitle\n\nText \xfe\xff and *em\xc3* and `co\xffde`, <b\xff> [l\xffnk](https://e.org/\xff) [@a, p. \xff2].\n\n```go\nx := \"\xff\"\n```\n\n| a\xff |\n|---|\n| \xe2\x82 |\n"
	out, _, errs := convert(t, src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !utf8.ValidString(out) || strings.Count(out, "\uFFFD") < 10 {
		t.Errorf("not UTF-8, or bytes dropped rather than replaced: %q", out)
	}
	m, notes, _, errs := parseNotes(t, "[@a, p. \xff2] and[^1].\n\n[^1]: Note \xff.\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	text, err := m.NoteText(notes, notes.List[1])
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{"footnote": string(text), "locator": notes.List[0].Items[0].Locator} {
		if !utf8.ValidString(s) || !strings.Contains(s, "\uFFFD") {
			t.Errorf("the %s is not UTF-8 with U+FFFD: %q", name, s)
		}
	}
	_, _, errs = convert(t, "\xff\xfe [x](claim:c2)")
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "x.md:10:4: link to unknown claim") {
		t.Errorf("position after bad bytes: %v, want x.md:10:4", errs)
	}
}

package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// pathological are texts on which goldmark alone, or this package as it
// was, takes time quadratic in their length: the size given took from
// seconds to minutes. Each must now end quickly, with the error given
// (its start), or with none when want is "".
var pathological = []struct {
	name string
	src  func(n int) string
	n    int // the test's size, where the quadratic time was minutes
	want string
}{
	// goldmark: the work per line grows with the depth (40,000: 24 s).
	{"nested lists", func(n int) string { return strings.Repeat("- ", n) + "x\n" }, 100_000, "x.md:10:65: lists, block quotes and footnotes nest more than 32 deep"},
	{"nested ordered lists", func(n int) string { return strings.Repeat("1. ", n) + "x\n" }, 100_000, "x.md:10:97: lists, block quotes and footnotes nest more than 32 deep"},
	{"nested quotes", func(n int) string { return strings.Repeat("> ", n) + "x\n" }, 100_000, "x.md:10:65: lists, block quotes and footnotes nest more than 32 deep"},
	{"nested footnotes", func(n int) string { return "x[^a]\n\n" + strings.Repeat("[^a]: ", n) + "x\n" }, 100_000, "x.md:12:193: lists, block quotes and footnotes nest more than 32 deep"},
	// goldmark: a link's text is searched for links once per bracket
	// around it (160,000: 8 s).
	{"nested brackets", func(n int) string { return strings.Repeat("[", n) + "x" + strings.Repeat("]", n) + "\n" }, 200_000, "x.md:10:200002: brackets nest more than 32 deep"},
	// goldmark: each "[a](" reads to the end of the line (40,000: minutes).
	{"unclosed links", func(n int) string { return strings.Repeat("[a](", n) + "\n" }, 100_000, "x.md:10:1: this paragraph has many links [text]( whose address runs on"},
	{"unclosed <links", func(n int) string { return strings.Repeat("[a](<b", n) + "\n" }, 100_000, "x.md:10:1: this paragraph has many links [text]( whose address runs on"},
	// goldmark: an unclosed code span reads to the paragraph's end (40,000: 10 s).
	{"unclosed code spans", func(n int) string { return strings.Repeat("\\``", n) + "\n" }, 100_000, "x.md:10:1: this paragraph has backticks that open code spans"},
	// goldmark: each label is read back walking the paragraph's lines
	// from the last (40,000 lines: 5 to 26 s).
	{"labels on many lines", func(n int) string { return strings.Repeat("[a]\n", n) }, 100_000, "x.md:10:1: this paragraph of 100000 lines has many ]"},
	{"titles on many lines", func(n int) string { return strings.Repeat("[a](b \"\n", n) }, 100_000, "x.md:10:1: this paragraph of 100000 lines has many ]"},
	{"reference definitions", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[r%d]: https://e.org/%d\n", i, i)
		}
		return b.String()
	}, 100_000, "x.md:10:1: this paragraph of 100000 lines has many ]"},
	// goldmark fills each row to the header's width: n*n cells.
	{"table of short rows", func(n int) string {
		return strings.Repeat("|a", n) + "|\n" + strings.Repeat("|-", n) + "|\n" + strings.Repeat("x\n", n)
	}, 5_000, "x.md:10:1: this table would have 25005000 cells (5000 columns by 5001 rows) from 30004 bytes of text"},
	// Each use of a reference link copies its URL: n*n bytes of page.
	{"reference link expansion", func(n int) string {
		return "[x]: https://e.org/" + strings.Repeat("x", n) + "\n\n" + strings.Repeat("[x]", n) + "\n"
	}, 40_000, "x.md:12:"},
	// This package, as it was: a heading id was looked for from -1 up,
	// each citation try read the rest of the line, each link and autolink
	// counted lines from the text's start, and each error again.
	{"headings of one name", func(n int) string { return strings.Repeat("# a\n", n) }, 50_000, ""},
	{"unclosed citations", func(n int) string { return strings.Repeat("[@a, ", n) + "\n" }, 100_000, ""},
	{"citation openers", func(n int) string { return strings.Repeat("[@", n) + "\n" }, 100_000, ""},
	{"autolinks on one line", func(n int) string { return strings.Repeat("<https://e.org>", n) + "\n" }, 100_000, ""},
	{"www links", func(n int) string { return strings.Repeat("www.a.b ", n) + "\n" }, 50_000, ""},
	{"links on one line", func(n int) string { return strings.Repeat("[x](https://e.org/p) ", n) }, 50_000, ""},
	{"footnotes", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "x[^%d]\n", i)
		}
		b.WriteString("\n")
		for i := range n {
			fmt.Fprintf(&b, "[^%d]: note %d\n", i, i)
		}
		return b.String()
	}, 50_000, ""},
	{"many errors", func(n int) string { return strings.Repeat("[x](claim:nope) ", n) }, 50_000, "x.md:10:1: link to unknown claim \"nope\""},
	{"a long unknown key", func(n int) string { return "[@" + strings.Repeat("z", n) + "]" }, 100_000, "x.md:10:2: citation of unknown source \"zzzzz"},
}

// TestPathological converts each pathological text within a time far below
// what it took before; the texts of this test are small enough for the
// race detector, BenchmarkPathological runs them at 5 MB.
func TestPathological(t *testing.T) {
	for _, tc := range pathological {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.n
			if tc.want == "" {
				// The texts that must pass take the time; the errors
				// of the others name their sizes.
				n /= raceShrink
			}
			src := tc.src(n)
			var errs diag.List
			within(t, 20*time.Second, func() { _, _, errs = convert(t, src) })
			if tc.want == "" {
				if len(errs) > 0 {
					t.Errorf("%d problems, the first %v", len(errs), errs[0])
				}
				return
			}
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tc.want) {
				t.Errorf("errors %.300v, want %s", errs, tc.want)
			}
			if len(errs) > maxErrors+1 {
				t.Errorf("%d errors, more than %d and a summary", len(errs), maxErrors)
			}
		})
	}
}

// within runs f and fails the test if it takes longer than d: the quadratic
// versions took minutes on these inputs.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("took more than %v", d)
	}
}

// ordinary is a text like the summaries the limits must never refuse, n
// bytes long or a little more: paragraphs of links, citations, code spans
// and footnotes, lists, quotes, tables and code blocks.
func ordinary(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "## Part %d\n\nThe *badge* was [first seen](https://example.org/p/%d?q=a(b)) in 2012 [@a, p. %d], as `code` and \"quotes\" (in parentheses)\nsay; see [the claim](claim:c1) and www.example.org/%d, or [@a; @b], a footnote[^%d] and [a link][ref].\n\n", i, i, i, i, i)
		fmt.Fprintf(&b, "- an item [sic] with ``a `tick` inside``\n  - nested [x](https://example.org/#%d)\n- [x] done\n\n> quoted [text](https://e.org/%d \"title\")\n> on two lines\n\n", i, i)
		fmt.Fprintf(&b, "| a | b |\n|:--|--:|\n| [x](https://e.org) | %d |\n\n```go\nfunc f() { return a[i](b) }\n```\n\n[^%d]: Footnote %d, citing [@b].\n\n", i, i, i)
	}
	b.WriteString("[ref]: https://example.org/ref\n")
	return b.String()
}

// TestOrdinaryText: a large ordinary text passes every limit.
func TestOrdinaryText(t *testing.T) {
	src := ordinary(1 << 20 / raceShrink)
	var errs diag.List
	within(t, 20*time.Second, func() { _, _, errs = convert(t, src) })
	if len(errs) > 0 {
		t.Errorf("%d problems in an ordinary text, the first %v", len(errs), errs[0])
	}
}

// BenchmarkPathological converts each pathological text at about 5 MB, and
// an ordinary one for comparison: every one is linear now.
func BenchmarkPathological(b *testing.B) {
	const size = 5 << 20
	cases := append([]struct {
		name string
		src  func(n int) string
		n    int
		want string
	}{{"ordinary text", func(n int) string { return ordinary(n) }, size, ""}}, pathological...)
	m := New()
	d := testDossier()
	for _, tc := range cases {
		// Grow n until the text is about 5 MB.
		n := tc.n
		for len(tc.src(n)) < size/2 {
			n *= 2
		}
		src := []byte(tc.src(n))
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				doc, _ := m.Parse(src, Env{Pos: diag.Pos{File: "x.md", Line: 1, Col: 1}, Dossier: d, Notes: &Notes{}, Href: func(kind, id string) string { return id }})
				if _, err := m.Render(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tokenRE finds chroma's token spans, which a plain block does not have:
// it has only its line wrappers, class "line" and "cl".
var tokenRE = regexp.MustCompile(`<span class="(?:[^"l]|l[^i"]|li[^n"])[^"]*">`)

// blocks converts src and says, for each code block, whether it is
// highlighted.
func blocks(t *testing.T, src string) []bool {
	t.Helper()
	var out string
	within(t, 10*time.Second, func() { out, _, _ = convert(t, src) })
	var hl []bool
	for _, pre := range strings.Split(out, `<pre class="chroma"><code>`)[1:] {
		pre, _, _ = strings.Cut(pre, "</code></pre>")
		hl = append(hl, tokenRE.MatchString(strings.ReplaceAll(pre, `<span class="cl">`, "")))
	}
	return hl
}

func fence(lang, code string) string { return "```" + lang + "\n" + code + "\n```\n\n" }

// TestHighlightBounds: a block is highlighted only in a measured language,
// within its size limit and the text's budget; any other is plain text,
// escaped, in <pre><code>. Before the bounds, the first case took 12.8 s.
func TestHighlightBounds(t *testing.T) {
	goCode := func(n int) string { return strings.Repeat("x := 1 // ", n/10+1)[:n] }
	for _, tc := range []struct {
		name string
		src  string
		want string
	}{
		{"perl, pathological, 20 KB", fence("perl", strings.Repeat(`"\`, 10<<10)), "false"},
		{"idris, unmeasured", fence("idris", strings.Repeat("a ", 2<<10)), "false"},
		// A block's size counts the newline that ends its last line.
		{"perl, 1 KB", fence("perl", strings.Repeat(`"\`, 511)+"x"), "true"},
		{"perl, over 1 KB", fence("perl", strings.Repeat(`"\`, 512)), "false"},
		{"go, 8 KB", fence("go", goCode(8<<10-1)), "true"},
		{"go, over 8 KB", fence("go", goCode(8<<10)), "false"},
		{"aliases", fence("sh", "echo hi") + fence("py", "x = 1") + fence("JS", "let x"), "true true true"},
		{"unknown and indented", fence("no-such-language", "x = 1") + "    x = 1\n", "false false"},
		{"the text's budget", strings.Repeat(fence("go", goCode(8<<10-1)), 5), "true true true true false"},
	} {
		if got := fmt.Sprint(blocks(t, tc.src)); got != "["+tc.want+"]" {
			t.Errorf("%s: highlighted %s, want [%s]", tc.name, got, tc.want)
		}
	}
	out, _, _ := convert(t, fence("no-such-language", "<b>&</b>"))
	if !strings.Contains(out, `<pre class="chroma"><code><span class="line"><span class="cl">&lt;b&gt;&amp;&lt;/b&gt;`) {
		t.Errorf("a plain block is not escaped in <pre><code>: %s", out)
	}
}

// BenchmarkHighlight renders the inputs the limits were set from, at the
// size of the report: each is now plain text or within its limit.
func BenchmarkHighlight(b *testing.B) {
	m := New()
	d := testDossier()
	for _, tc := range []struct{ name, src string }{
		{"perl quotes 20KB", fence("perl", strings.Repeat(`"\`, 10<<10))},
		{"json slashes 1KB", fence("json", strings.Repeat("/", 1<<10))},
		{"go 8KB", fence("go", strings.Repeat("x := f(a, \"b\") // c\n", 400))},
		{"go 5MB", strings.Repeat(fence("go", strings.Repeat("x := f(a, \"b\") // c\n", 400)), 640)},
	} {
		src := []byte(tc.src)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				doc, _ := m.Parse(src, Env{Dossier: d, Notes: &Notes{}, Href: func(kind, id string) string { return id }})
				if _, err := m.Render(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dossier-ssg/dossier/internal/synth"
)

// BenchmarkPreviewReload measures what an author waits for: from the write
// of an edited source to the browser showing the page again, reloaded by
// the preview, with everything between (the file event, the settle time,
// the rebuild, the long poll, the reload) on the real binary in Chromium.
// It reports the median and the range in milliseconds; ns/op is their mean.
//
//	go test -tags e2e -run '^$' -bench PreviewReload ./e2e/
func BenchmarkPreviewReload(b *testing.B) {
	b.Run("example", func(b *testing.B) {
		root := b.TempDir()
		copyExample(b, root)
		reloads(b, root, "content/plenary-pins-republished.md", "sources/plenary-pins-republished.html", appendLine)
	})
	b.Run("example/claim", func(b *testing.B) {
		root := b.TempDir()
		copyExample(b, root)
		reloads(b, root, "dossier.yaml", "claims/officials-wore-at-plenary.html", replaceOnce("statement: Senior Workers' Party officials"))
	})
	b.Run("claims=10000", func(b *testing.B) {
		root := b.TempDir()
		if _, err := synth.Write(root, synth.Options{Claims: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		reloads(b, root, "content/s1.md", "sources/s1.html", appendLine)
	})
	b.Run("claims=10000/claim", func(b *testing.B) {
		root := b.TempDir()
		if _, err := synth.Write(root, synth.Options{Claims: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		reloads(b, root, "dossier.yaml", "claims/c1.html", replaceOnce(`statement: "Claim 1:`))
	})
}

// appendLine edits a source: a line at the end of its summary.
func appendLine(original []byte, marker string) []byte {
	return append(bytes.Clone(original), "\n"+marker+"\n"...)
}

// replaceOnce edits a claim in dossier.yaml: the marker after the start
// of its statement, which the claim's page shows as its heading.
func replaceOnce(start string) func([]byte, string) []byte {
	return func(original []byte, marker string) []byte {
		return bytes.Replace(original, []byte(start), []byte(start+" "+marker), 1)
	}
}

// copyExample copies the shipped dossier, pointing its captures at the
// folder they are in beside the repository, so its quotes still verify.
func copyExample(b *testing.B, root string) {
	b.Helper()
	files, _ := filepath.Glob("../content/*.md")
	files = append(files, "../dossier.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		rel, _ := filepath.Rel("..", f)
		if rel == "dossier.yaml" {
			seeds, _ := filepath.Abs("../../shared/seeds")
			data = []byte(strings.Replace(string(data), "captures: ../shared/seeds", "captures: "+seeds, 1))
		}
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// reloads serves root, opens page, and times b.N edits of source, each
// made by edit with a marker the reloaded page must show.
func reloads(b *testing.B, root, source, page string, edit func(original []byte, marker string) []byte) {
	bin := filepath.Join(b.TempDir(), "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/dossier").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", "-root", root, "-port", "0")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait(); cancel() })
	out := bufio.NewScanner(stdout)
	base := ""
	for base == "" && out.Scan() {
		if rest, ok := strings.CutPrefix(out.Text(), "serving "); ok {
			base = strings.Fields(rest)[0]
		}
	}
	go func() {
		for out.Scan() {
		}
	}()
	br := newBrowser(b)
	if err := chromedp.Do(br.ctx, chromedp.Navigate(base+page)); err != nil {
		b.Fatal(err)
	}
	original, err := os.ReadFile(filepath.Join(root, source))
	if err != nil {
		b.Fatal(err)
	}
	var ms []float64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("Edit number %d of the summary.", i)
		// Subscribed before the write, so no load is missed. The page is
		// looked at once per load, not polled: a script run every
		// millisecond in the page slowed the very load it timed.
		wctx, wcancel := context.WithTimeout(br.ctx, 30*time.Second)
		loads := chromedp.Events(wctx, cdppage.LoadEventFired)
		start := time.Now()
		if err := os.WriteFile(filepath.Join(root, source), edit(original, marker), 0o644); err != nil {
			b.Fatal(err)
		}
		// The reloaded page's own clock says when it finished loading.
		var loaded float64
		for _, err := range loads {
			if err != nil {
				b.Fatalf("edit %d: the page did not reload: %v", i, err)
			}
			edited, err := chromedp.Run(wctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.body.textContent.includes(%q)`, marker)))
			if err == nil && edited {
				loaded, err = chromedp.Run(wctx, chromedp.Evaluate[float64](`(() => { const n = performance.getEntriesByType("navigation")[0]; return performance.timeOrigin + n.loadEventEnd })()`))
			}
			if err != nil && wctx.Err() != nil {
				b.Fatalf("edit %d: %v", i, err)
			}
			// An error otherwise is a second reload (a save split
			// into two builds) cutting a look short: the next load
			// is looked at.
			if err == nil && loaded > 0 {
				break
			}
		}
		if loaded == 0 {
			b.Fatalf("edit %d: the page did not reload: %v", i, wctx.Err())
		}
		wcancel()
		ms = append(ms, loaded-float64(start.UnixNano())/1e6)
	}
	slices.Sort(ms)
	b.ReportMetric(ms[len(ms)/2], "median-ms")
	b.ReportMetric(ms[0], "min-ms")
	b.ReportMetric(ms[len(ms)-1], "max-ms")
}

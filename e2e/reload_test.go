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
// of an edited source to the browser showing the page again, updated by
// the preview, with everything between (the file event, the settle time,
// the rebuild, the long poll, the fetch of the new page and the frame that
// shows it, or the load of a real reload) on the real binary in Chromium.
// It reports the median and the range in milliseconds (ns/op is their
// mean), and how many edits needed a real reload: none should.
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
	reloaded := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("Edit number %d of the summary.", i)
		wctx, wcancel := context.WithTimeout(br.ctx, 30*time.Second)
		// The page's own clock says when it showed the edit: the preview
		// puts the new page in place of the old one, and the frame after
		// that is when the marker is on screen. Installed, like the
		// subscription to loads, before the write, so nothing is missed.
		// The page is looked at once per change, not polled: a script run
		// every millisecond in the page slowed the very load it timed.
		if _, err := chromedp.Run(wctx, chromedp.Evaluate[bool](fmt.Sprintf(shownJS, marker))); err != nil {
			b.Fatal(err)
		}
		loads := chromedp.Events(wctx, cdppage.LoadEventFired)
		shown := make(chan float64, 1)
		go func() {
			at, err := chromedp.Run(wctx, chromedp.Evaluate[float64](`window.__shown`, chromedp.EvalAwaitPromise))
			if err != nil {
				at = 0 // the page went away: it was reloaded
			}
			shown <- at
		}()
		start := time.Now()
		if err := os.WriteFile(filepath.Join(root, source), edit(original, marker), 0o644); err != nil {
			b.Fatal(err)
		}
		at := <-shown
		if at == 0 {
			// A real reload: the reloaded page's load event.
			reloaded++
			for _, err := range loads {
				if err != nil {
					b.Fatalf("edit %d: the page did not reload: %v", i, err)
				}
				edited, err := chromedp.Run(wctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.body.textContent.includes(%q)`, marker)))
				if err == nil && edited {
					at, err = chromedp.Run(wctx, chromedp.Evaluate[float64](`(() => { const n = performance.getEntriesByType("navigation")[0]; return performance.timeOrigin + n.loadEventEnd })()`))
				}
				if err != nil && wctx.Err() != nil {
					b.Fatalf("edit %d: %v", i, err)
				}
				// An error otherwise is a second reload (a save split
				// into two builds) cutting a look short: the next load
				// is looked at.
				if err == nil && at > 0 {
					break
				}
			}
		}
		if at == 0 {
			b.Fatalf("edit %d: the page did not change: %v", i, wctx.Err())
		}
		wcancel()
		ms = append(ms, at-float64(start.UnixNano())/1e6)
	}
	slices.Sort(ms)
	b.ReportMetric(ms[len(ms)/2], "median-ms")
	b.ReportMetric(ms[0], "min-ms")
	b.ReportMetric(ms[len(ms)-1], "max-ms")
	b.ReportMetric(float64(reloaded), "reloads")
}

// shownJS sets window.__shown to a promise of the time the page first shows
// the marker (%q): the end of the frame after the change, by the page's clock.
const shownJS = `(() => {
  const marker = %q;
  window.__shown = new Promise(resolve => {
    const look = () => {
      if (!document.body || !document.body.textContent.includes(marker)) return false;
      requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now())));
      return true;
    };
    if (look()) return;
    const ob = new MutationObserver(() => { if (look()) ob.disconnect(); });
    ob.observe(document.documentElement, {childList: true, subtree: true});
  });
  return true;
})()`

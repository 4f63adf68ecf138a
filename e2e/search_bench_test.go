//go:build e2e

package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dossier-ssg/dossier/internal/build"
	"github.com/dossier-ssg/dossier/internal/synth"
)

// benchQueries are typed into the search page of the 10,000-claim
// synthetic dossier, a key at a time: words of its vocabulary, pairs of
// them, and names with numbers.
var benchQueries = []string{
	"loyalty", "lapel pin", "satellite imagery", "defector", "claim 9999", "origin 12", "outlet 7", "source 512",
	"harvest shortage", "decree", "briefing spokesperson", "anniversary ceremony", "border market", "currency",
	"question 3", "author 42", "broadcast", "archive caption", "committee delegation", "factory province",
}

// latencyProbe records, in the page, the time from each keydown in the
// search field to the change of the results it causes (the
// MutationObserver runs once the input handler has changed the DOM), and
// to the next animation frame, when the change can be painted.
const latencyProbe = `(() => {
  window.__lat = [];
  const input = document.getElementById('search-q');
  let down = 0;
  input.addEventListener('keydown', e => { down = e.timeStamp; }, true);
  const seen = () => {
    if (!down) return;
    const start = down, dom = performance.now();
    down = 0;
    requestAnimationFrame(() => window.__lat.push([dom - start, performance.now() - start]));
  };
  const mo = new MutationObserver(seen);
  for (const id of ['results', 'search-status'])
    mo.observe(document.getElementById(id), {childList: true, subtree: true, characterData: true});
})()`

// BenchmarkSearchLatency builds the synthetic dossier of 10,000 claims,
// reports the search index's share of the site's bytes, and types
// benchQueries into its search page in Chromium, reporting the time from
// each keystroke to the updated results: median, 90th percentile and
// range over every keystroke, and the median of first keystrokes (one
// letter: the most matches). It measures; it asserts nothing about time.
//
//	go test -tags e2e -run '^$' -bench SearchLatency -benchtime 1x ./e2e/
func BenchmarkSearchLatency(b *testing.B) {
	tmp := b.TempDir()
	if _, err := synth.Write(filepath.Join(tmp, "src"), synth.Options{Claims: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(tmp, "site")
	mustBuild(build.Options{Root: filepath.Join(tmp, "src"), Out: out})
	var site int64
	filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if fi, err := e.Info(); err == nil {
				site += fi.Size()
			}
		}
		return err
	})
	fi, err := os.Stat(filepath.Join(out, "assets", "search-index.js"))
	if err != nil {
		b.Fatal(err)
	}

	br := newBrowser(b)
	start := time.Now()
	br.run(b, chromedp.Navigate(fileURL(out, "search.html")), chromedp.WaitReady(chromedp.CSS("#search-status")))
	br.run(b, chromedp.Poll[chromedp.Void](`document.getElementById('search-status').textContent !== ''`, chromedp.WithPollingTimeout(30*time.Second)))
	load := time.Since(start)
	eval[chromedp.Void](b, br, latencyProbe)
	var all, firsts, doms []float64
	for b.Loop() {
		for _, q := range benchQueries {
			eval[chromedp.Void](b, br, `(() => { const i = document.getElementById('search-q'); i.value = ''; i.dispatchEvent(new Event('input')); window.__lat = []; })()`)
			br.run(b, chromedp.Focus(chromedp.CSS("#search-q")))
			for i, r := range q {
				br.run(b, chromedp.KeyEvent(string(r)),
					chromedp.Poll[chromedp.Void](`window.__lat.length >= `+strconv.Itoa(i+1), chromedp.WithPollingTimeout(10*time.Second)))
			}
			lat := eval[[][2]float64](b, br, `window.__lat`)
			for i, l := range lat {
				if l[1] > 40 {
					b.Logf("%q, key %d: %.1f ms to the DOM, %.1f to the next frame", q, i+1, l[0], l[1])
				}
				doms = append(doms, l[0])
				all = append(all, l[1])
				if i == 0 {
					firsts = append(firsts, l[1])
				}
			}
			if n := eval[int](b, br, `document.querySelectorAll('#results li').length`); n == 0 {
				b.Errorf("%q: no results", q)
			}
		}
	}
	// Reported after the loop, which starts the benchmark's metrics afresh.
	b.ReportMetric(100*float64(fi.Size())/float64(site), "%index-of-site")
	b.ReportMetric(float64(fi.Size())/1e6, "MB-index")
	b.ReportMetric(float64(site)/1e6, "MB-site")
	b.ReportMetric(float64(load.Milliseconds()), "ms-page-load")
	slices.Sort(all)
	slices.Sort(firsts)
	slices.Sort(doms)
	pct := func(s []float64, p float64) float64 { return s[min(len(s)-1, int(p*float64(len(s))))] }
	b.ReportMetric(pct(all, .5), "ms-median")
	b.ReportMetric(pct(all, .9), "ms-p90")
	b.ReportMetric(all[0], "ms-min")
	b.ReportMetric(all[len(all)-1], "ms-max")
	b.ReportMetric(pct(firsts, .5), "ms-first-key-median")
	b.ReportMetric(pct(doms, .5), "ms-dom-median")
	b.Log(fmt.Sprintf("%d keystrokes in %d queries: to the next frame after the results changed, median %.1f ms, p90 %.1f, range %.1f-%.1f; first keystrokes median %.1f; DOM changed, median %.1f ms, max %.1f",
		len(all), len(benchQueries), pct(all, .5), pct(all, .9), all[0], all[len(all)-1], pct(firsts, .5), pct(doms, .5), doms[len(doms)-1]))
}

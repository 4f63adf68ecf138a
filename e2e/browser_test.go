//go:build e2e

// Package e2e tests the built example dossier where readers meet it: in
// Debian's Chromium over file://, through an HTML validator and axe-core, and
// from the preview server. Run with: go test -tags e2e ./e2e/ (make e2e).
package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/dossier-ssg/dossier/internal/build"
	"github.com/dossier-ssg/dossier/internal/scaffold"
)

var (
	siteDir      string // the example dossier, built
	publishedDir string // the example as GitHub Pages publishes it, with a base URL
	featuresDir  string // the features test dossier, built
	gfmDir       string // the dossier written in every Markdown feature, built
	newDir       string // a dossier with only a title, built
	germanDir    string // the example with language: de, built
	scaffoldDir  string // what dossier new writes, built
	shotsDir     string // screenshots and PDFs, for a person to look at
)

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "dossier-e2e-")
	if err != nil {
		panic(err)
	}
	siteDir = filepath.Join(tmp, "example")
	// Built as a reader who downloads it would build it: no base URL, so
	// every page, 404.html included, works from disk. The published form
	// (base URL) is built beside it, below, and is also served under
	// /repo/ over HTTP in internal/build.
	// Quotes are verified against the captures dossier.yaml names when
	// they are there.
	mustBuild(build.Options{Root: "..", Out: siteDir})
	// As the Pages workflow builds it: canonical links, og:url, the
	// ClaimReview url and the print addresses are absolute.
	publishedDir = filepath.Join(tmp, "published")
	mustBuild(build.Options{Root: "..", Out: publishedDir, BaseURL: "https://user.github.io/repo/"})
	featuresDir = filepath.Join(tmp, "features")
	mustBuild(build.Options{Root: unpack(filepath.Join(tmp, "features-src"), "../internal/build/testdata/features.txtar"), Out: featuresDir})
	gfmDir = filepath.Join(tmp, "gfm")
	mustBuild(build.Options{Root: unpack(filepath.Join(tmp, "gfm-src"), "../internal/build/testdata/gfm.txtar"), Out: gfmDir})
	// A dossier with only a title: the pages' empty states.
	newDir = filepath.Join(tmp, "new")
	newSrc := filepath.Join(tmp, "new-src")
	os.MkdirAll(newSrc, 0o755)
	if err := os.WriteFile(filepath.Join(newSrc, "dossier.yaml"), []byte("title: New\n"), 0o644); err != nil {
		panic(err)
	}
	mustBuild(build.Options{Root: newSrc, Out: newDir})
	// The example in German: its words from the built-in German labels,
	// its own text as written.
	germanDir = filepath.Join(tmp, "german")
	mustBuild(build.Options{Root: inGerman(filepath.Join(tmp, "german-src")), Out: germanDir, Captures: captures()})
	// What a new user starts from: dossier new, then build with no
	// warning at all (its own test workflow checks with -strict).
	scaffoldSrc := filepath.Join(tmp, "scaffold-src")
	if err := scaffold.Write(scaffoldSrc); err != nil {
		panic(err)
	}
	scaffoldDir = filepath.Join(tmp, "scaffold")
	if _, errs, err := build.Run(build.Options{Root: scaffoldSrc, Out: scaffoldDir, Strict: true}); err != nil || len(errs) > 0 {
		panic(fmt.Sprint("dossier new's dossier: ", err, errs))
	}
	shotsDir = filepath.Join(tmp, "shots")
	os.MkdirAll(shotsDir, 0o755)
	code := m.Run()
	fmt.Printf("screenshots and PDFs: %s\n", shotsDir)
	os.Exit(code)
}

func mustBuild(opt build.Options) {
	_, errs, err := build.Run(opt)
	if err != nil || errs.Errors() > 0 {
		panic(fmt.Sprint(err, errs))
	}
}

// inGerman copies the example into dir with language: de, and returns dir.
func inGerman(dir string) string {
	yml, err := os.ReadFile("../dossier.yaml")
	if err != nil {
		panic(err)
	}
	yml = []byte(strings.Replace(string(yml), "\nlanguage: en\n", "\nlanguage: de\n", 1))
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../content")); err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dossier.yaml"), yml, 0o644); err != nil {
		panic(err)
	}
	return dir
}

// captures is the folder of the example's captures when it is there: a
// copy of the example cannot reach it by dossier.yaml's relative path.
func captures() string {
	dir, _ := filepath.Abs("../../shared/seeds")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

func unpack(dir, archive string) string {
	a, err := txtar.ParseFile(archive)
	if err != nil {
		panic(err)
	}
	for _, f := range a.Files {
		p := filepath.Join(dir, f.Name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			panic(err)
		}
	}
	return dir
}

// pages lists the HTML pages of a built site, relative to it.
func pages(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(out)
	if len(out) == 0 {
		t.Fatal("no pages")
	}
	return out
}

// browser is one headless Chromium tab that records every request it makes
// and every console error.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
	errors   []string
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("allow-file-access-from-files", false),
		chromedp.UserDataDir(t.TempDir()),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &browser{ctx: ctx}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return err
	}))
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.requests = append(b.requests, ev.Request.URL)
			b.mu.Unlock()
		}
	}()
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				b.mu.Lock()
				b.errors = append(b.errors, fmt.Sprintf("%s (%s)", m.Text, m.URL))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// drain returns and forgets what was recorded so far.
func (b *browser) drain() (requests, errors []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	requests, errors = b.requests, b.errors
	b.requests, b.errors = nil, nil
	return
}

func (b *browser) run(t testing.TB, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t testing.TB, b *browser, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func fileURL(dir, page string) string {
	return (&url.URL{Scheme: "file", Path: filepath.Join(dir, filepath.FromSlash(page))}).String()
}

// pageInfo is what a page's DOM says about its ids and links.
type pageInfo struct {
	IDs   []string `json:"ids"`
	Links []string `json:"links"`
}

const collect = `({
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  links: [...document.querySelectorAll('a[href], link[href]')].map(a => a.href),
})`

// TestOffline opens every page from disk and checks what it loads, what it
// logs and where its links land.
func TestOffline(t *testing.T) {
	for _, site := range []string{siteDir, publishedDir, featuresDir, gfmDir, newDir, scaffoldDir} {
		b := newBrowser(t)
		info := map[string]pageInfo{}
		all := pages(t, site)
		_, published := os.Stat(filepath.Join(site, "sitemap.xml"))
		for _, p := range all {
			if p == "404.html" && published == nil {
				// With a base URL, 404.html links from the site's path for
				// GitHub Pages, which serves it at any depth; nobody reaches
				// it from disk. TestHTTPUnderPrefix follows its links.
				continue
			}
			b.run(t, chromedp.Navigate(fileURL(site, p)))
			info[p] = eval[pageInfo](t, b, collect)
			reqs, errs := b.drain()
			for _, r := range reqs {
				if !strings.HasPrefix(r, "file://") {
					t.Errorf("%s requested %s", p, r)
				}
			}
			for _, e := range errs {
				t.Errorf("%s: console error: %s", p, e)
			}
		}
		// Every link to a page of the site lands on a file, and on an element.
		for p, pi := range info {
			for _, l := range pi.Links {
				u, err := url.Parse(l)
				if err != nil || u.Scheme != "file" {
					continue
				}
				rel, err := filepath.Rel(site, u.Path)
				if err != nil || strings.HasPrefix(rel, "..") {
					t.Errorf("%s: link %s leaves the site", p, l)
					continue
				}
				rel = filepath.ToSlash(rel)
				if _, err := os.Stat(u.Path); err != nil {
					t.Errorf("%s: link %s: no such file", p, l)
					continue
				}
				if u.Fragment != "" && !slices.Contains(info[rel].IDs, u.Fragment) {
					t.Errorf("%s: link %s: no element #%s", p, l, u.Fragment)
				}
			}
		}
	}
}

// TestFootnotesRoundTrip clicks the first citation mark of every page that
// has one, lands on its note, and follows the note's back-link home.
func TestFootnotesRoundTrip(t *testing.T) {
	b := newBrowser(t)
	tested := 0
	for _, p := range pages(t, siteDir) {
		b.run(t, chromedp.Navigate(fileURL(siteDir, p)))
		mark := eval[string](t, b, `(document.querySelector('sup.cite a') || {}).id || ""`)
		if mark == "" {
			continue
		}
		tested++
		b.run(t, chromedp.Click(chromedp.CSS("#"+mark)))
		note := eval[string](t, b, `location.hash`)
		if !strings.HasPrefix(note, "#note-") || eval[string](t, b, `document.querySelector(':target').id`) != note[1:] {
			t.Errorf("%s: clicking %s went to %q", p, mark, note)
			continue
		}
		b.run(t, chromedp.Click(chromedp.CSS(note+` .backrefs a[href="#`+mark+`"]`)))
		if got := eval[string](t, b, `location.hash`); got != "#"+mark {
			t.Errorf("%s: the back-link of %s went to %q, want #%s", p, note, got, mark)
		}
	}
	if tested < 10 {
		t.Errorf("only %d pages had footnotes", tested)
	}
}

// TestLayout renders every page at phone and desktop widths: nothing may be
// wider than the screen, and the screenshots are kept for a person to look at.
func TestLayout(t *testing.T) {
	b := newBrowser(t)
	for _, width := range []int64{375, 1280} {
		b.run(t, chromedp.EmulateViewport(width, 900))
		for _, p := range pages(t, siteDir) {
			b.run(t, chromedp.Navigate(fileURL(siteDir, p)))
			if over := eval[int](t, b, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
				t.Errorf("%s at %d px: page is %d px wider than the screen", p, width, over)
			}
			shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(80))
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%d-%s.jpg", width, strings.NewReplacer("/", "-", ".html", "").Replace(p))
			os.WriteFile(filepath.Join(shotsDir, name), shot, 0o644)
		}
	}
}

// TestPrint checks what a reviewer gets on paper: no navigation, the quotes
// and notes, and the address of each link: as written when the site was
// built without a base URL, absolute (data-print-href) when it was, as the
// features dossier is.
func TestPrint(t *testing.T) {
	b := newBrowser(t)
	setMedia := func(media string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
			return err
		})
	}
	for _, pg := range []struct{ dir, path string }{
		{siteDir, "claims/badge-made-2012.html"}, {siteDir, "questions/who-wears.html"}, {siteDir, "sources/why-badge-analysis.html"},
		{featuresDir, "sources/alpha.html"}, {featuresDir, "questions/q-agree.html"},
	} {
		p := pg.path
		b.run(t, chromedp.Navigate(fileURL(pg.dir, p)), setMedia("print"))
		if d := eval[string](t, b, `getComputedStyle(document.querySelector('.site-header')).display`); d != "none" {
			t.Errorf("%s: navigation prints (display %s)", p, d)
		}
		if n := eval[int](t, b, `[...document.querySelectorAll('q, .footnotes li')].filter(e => e.offsetParent !== null).length`); n < 2 {
			t.Errorf("%s: only %d quotes and notes print", p, n)
		}
		missing := eval[[]string](t, b, `[...document.querySelectorAll('main a[href]:not([href^="#"])')]
			.filter(a => !a.closest('sup.cite') && !getComputedStyle(a, '::after').content.includes(a.dataset.printHref || a.getAttribute('href')))
			.map(a => a.getAttribute('href'))`)
		if pg.dir == featuresDir {
			if n := eval[int](t, b, `[...document.querySelectorAll('main a[href^="../"]')].filter(a => !getComputedStyle(a, '::after').content.includes('https://example.org/repo/')).length`); n > 0 {
				t.Errorf("%s: %d relative links print without their absolute address", p, n)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: links print without their address: %v", p, missing)
		}
		pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(shotsDir, filepath.Base(pg.dir)+"-"+strings.ReplaceAll(p, "/", "-")+".pdf"), pdf, 0o644)
		b.run(t, setMedia(""))
	}
}

// TestAccessibility runs axe-core in the browser on one page of every kind,
// in English, as published with a base URL, and in German. axe is injected
// by the test from e2e/node_modules; the pages never load it.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile("node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core is not installed: run npm ci in e2e/ (.ci/run does): %v", err)
	}
	b := newBrowser(t)
	for _, site := range []string{siteDir, publishedDir, germanDir} {
		for _, p := range []string{"index.html", "sources/why-badge-analysis.html", "claims/badge-made-2012.html",
			"questions/who-wears.html", "matrix.html", "bibliography.html", "method.html", "404.html",
			"claims-matrix.html", "timeline.html", "people.html", "search.html"} {
			axeCheck(t, b, axe, site, p)
		}
	}
	// Every page of what dossier new writes.
	for _, p := range pages(t, scaffoldDir) {
		axeCheck(t, b, axe, scaffoldDir, p)
	}
}

// axeCheck runs axe on one page and fails on serious and critical
// violations.
func axeCheck(t *testing.T, b *browser, axe []byte, site, p string) {
	t.Helper()
	b.run(t, chromedp.Navigate(fileURL(site, p)))
	eval[chromedp.Void](t, b, string(axe))
	type violation struct {
		ID, Impact, Help string
		Nodes            []struct{ HTML string }
	}
	vs := eval[[]violation](t, b, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({html: n.html}))})))`)
	name := filepath.Base(site) + "/" + p
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("%s: %s (%s): %s, e.g. %s", name, v.ID, v.Impact, v.Help, v.Nodes[0].HTML)
		} else {
			t.Logf("%s: %s (%s): %s", name, v.ID, v.Impact, v.Help)
		}
	}
}

// TestValid runs html-validate on every page of the seven sites.
func TestValid(t *testing.T) {
	for _, site := range []string{siteDir, publishedDir, featuresDir, gfmDir, newDir, germanDir, scaffoldDir} {
		args := []string{"--config", ".htmlvalidate.json"}
		for _, p := range pages(t, site) {
			args = append(args, filepath.Join(site, p))
		}
		cmd := exec.Command("node_modules/.bin/html-validate", args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("html-validate on %s: %v\n%s", site, err, out)
		}
	}
}

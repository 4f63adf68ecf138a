//go:build e2e

package e2e

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dossier-ssg/dossier/internal/build"
	"github.com/dossier-ssg/dossier/internal/render"
)

// The second dossier (Norwegian, Korean and Arabic, twelve sources) and
// the single files, built once, when a test first needs them.
var (
	secondOnce             sync.Once
	secondDir, secondSrc   string
	singleOnce             sync.Once
	singleExample, single2 string
)

func second(t testing.TB) string {
	secondOnce.Do(func() {
		tmp := filepath.Join(filepath.Dir(siteDir), "second") // beside TestMain's sites
		secondSrc = unpack(filepath.Join(tmp, "src"), "../internal/build/testdata/second.txtar")
		secondDir = filepath.Join(tmp, "site")
		mustBuild(build.Options{Root: secondSrc, Out: secondDir})
	})
	return secondDir
}

// singles builds the example and the second dossier as single files.
func singles(t testing.TB) []string {
	second(t)
	singleOnce.Do(func() {
		tmp := filepath.Join(filepath.Dir(siteDir), "single")
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			panic(err)
		}
		singleExample, single2 = filepath.Join(tmp, "example.html"), filepath.Join(tmp, "second.html")
		mustBuild(build.Options{Root: "..", Single: singleExample})
		mustBuild(build.Options{Root: secondSrc, Single: single2})
	})
	return []string{singleExample, single2}
}

// searchURL is the search page of a built site with a query.
func searchURL(dir, q string) string {
	return fileURL(dir, "search.html") + "?q=" + url.QueryEscape(q)
}

// result is one search result as the page lists it.
type result struct {
	Kind, Text, Href string
}

const readResults = `[...document.querySelectorAll('#results li')].map(li => ({
  kind: li.querySelector('.result-kind').textContent,
  text: li.querySelector('.result-text').textContent,
  href: li.querySelector('a').href,
}))`

// TestSearch opens the search page from disk with a query in its address,
// as the search box of every page sends it, and reads the results: case
// and accents do not matter, Korean and Arabic text is found, every
// result leads to a page and an element, and the status counts them.
func TestSearch(t *testing.T) {
	b := newBrowser(t)
	dir := second(t)
	for _, tc := range []struct {
		site, q string
		want    []string // result texts that must be among the results
		kinds   []string // and kinds that must all be there
	}{
		{siteDir, "BADGE", []string{"The Kim Jong Un portrait badge was produced in 2012."}, []string{"Question", "Claim", "Source", "Quote"}},
		{siteDir, "yonhap", []string{"Yonhap news agency"}, []string{"Origin"}},
		{dir, "norre a", []string{"Brua over Nørre Å ble stengt 3. mars 2025."}, []string{"Claim", "Question", "Source"}},
		{dir, "NØRRE Å", []string{"Brua over Nørre Å ble stengt 3. mars 2025."}, nil},
		{dir, "다리", []string{"노르웨이 다리와 한국 철강", "노르웨이 다리 폐쇄… 김정은 소문은 사실 아냐"}, []string{"Source"}},
		{dir, "서울", []string{"노르웨이 다리 폐쇄… 김정은 소문은 사실 아냐"}, nil}, // by its outlet, 서울일보
		{dir, "الجسر", []string{"إغلاق الجسر في نوره أو بسبب شق"}, []string{"Source"}},
		{dir, "الْجِسْر", []string{"إغلاق الجسر في نوره أو بسبب شق"}, nil}, // vowel marks typed, none written
	} {
		b.run(t, chromedp.Navigate(searchURL(tc.site, tc.q)), chromedp.WaitVisible(chromedp.CSS("#results li")))
		got := eval[[]result](t, b, readResults)
		var texts, kinds []string
		for _, r := range got {
			texts = append(texts, r.Text)
			if k := strings.TrimSuffix(r.Kind, ": "); !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
			u, err := url.Parse(r.Href)
			if err != nil || u.Scheme != "file" {
				t.Errorf("%q: result %q links to %s", tc.q, r.Text, r.Href)
				continue
			}
			if _, err := os.Stat(u.Path); err != nil {
				t.Errorf("%q: result %q links to %s, which is not a file", tc.q, r.Text, r.Href)
			}
		}
		for _, w := range tc.want {
			if !slices.Contains(texts, w) {
				t.Errorf("%q: %q is not among the results %q", tc.q, w, texts)
			}
		}
		for _, k := range tc.kinds {
			if !slices.Contains(kinds, k) {
				t.Errorf("%q: no result of kind %s among %q", tc.q, k, kinds)
			}
		}
		status := eval[string](t, b, `document.getElementById('search-status').textContent`)
		if want := fmt.Sprintf("%d result", len(got)); !strings.HasPrefix(status, want) || !strings.Contains(status, tc.q) {
			t.Errorf("%q: status %q, want it to count %d results and name the query", tc.q, status, len(got))
		}
		if marks := eval[[]string](t, b, `[...document.querySelectorAll('#results mark')].map(m => m.textContent)`); len(marks) == 0 {
			t.Errorf("%q: no words marked in the results", tc.q)
		}
		reqs, errs := b.drain()
		for _, r := range reqs {
			if !strings.HasPrefix(r, "file://") {
				t.Errorf("%q: the search page requested %s", tc.q, r)
			}
		}
		for _, e := range errs {
			t.Errorf("%q: console error: %s", tc.q, e)
		}
	}
	b.run(t, chromedp.Navigate(searchURL(siteDir, "zzzqqq")), chromedp.WaitVisible(chromedp.CSS("#search-status")))
	if got := eval[string](t, b, `document.getElementById('search-status').textContent`); got != "No results for “zzzqqq”." {
		t.Errorf("no match: status %q", got)
	}
	// A result opens its page, and a quote its row on the claim's page.
	b.run(t, chromedp.Navigate(searchURL(siteDir, "produced in early 2012")), chromedp.WaitVisible(chromedp.CSS("#results li")))
	href := eval[string](t, b, `[...document.querySelectorAll('#results li.result-quote a')].map(a => a.href)[0] || ""`)
	u, _ := url.Parse(href)
	if u == nil || !strings.HasSuffix(u.Path, "/claims/badge-made-2012.html") || !strings.HasPrefix(u.Fragment, "row-") {
		t.Fatalf("the quote's result links to %q, want a row of claims/badge-made-2012.html", href)
	}
	b.run(t, chromedp.Navigate(href))
	if id := eval[string](t, b, `(document.querySelector(':target') || {}).id || ""`); id != u.Fragment {
		t.Errorf("the quote's result lands on #%s, want #%s", id, u.Fragment)
	}
}

// TestSearchGerman: on the German example, search says what it found in
// German, names each result's kind in German, and counts with the page's
// digits.
func TestSearchGerman(t *testing.T) {
	b := newBrowser(t)
	b.run(t, chromedp.Navigate(fileURL(germanDir, "search.html")), chromedp.WaitVisible(chromedp.CSS("#search-status")))
	if got := eval[string](t, b, `document.getElementById('search-status').textContent`); got != "Geben Sie ein Wort ein, um das Dossier zu durchsuchen." {
		t.Errorf("empty query: status %q", got)
	}
	b.run(t, chromedp.Navigate(searchURL(germanDir, "badge")), chromedp.WaitVisible(chromedp.CSS("#results li")))
	got := eval[[]result](t, b, readResults)
	status := eval[string](t, b, `document.getElementById('search-status').textContent`)
	if want := fmt.Sprintf("%d Treffer für „badge“.", len(got)); status != want {
		t.Errorf("status %q, want %q", status, want)
	}
	var kinds []string
	for _, r := range got {
		if !slices.Contains(kinds, r.Kind) {
			kinds = append(kinds, r.Kind)
		}
	}
	if want := []string{"Frage: ", "Behauptung: ", "Quelle: ", "Zitat: "}; !slices.Equal(kinds, want) {
		t.Errorf("kinds %q, want %q", kinds, want)
	}
	if line := eval[string](t, b, `(document.querySelector('#results li.result-quote .result-meta') || {}).textContent || ""`); !strings.Contains(line, ", zu: ") {
		t.Errorf("a quote's line %q does not say what it is about in German", line)
	}
	b.run(t, chromedp.Navigate(searchURL(germanDir, "zzzqqq")), chromedp.WaitVisible(chromedp.CSS("#search-status")))
	if got := eval[string](t, b, `document.getElementById('search-status').textContent`); got != "Keine Treffer für „zzzqqq“." {
		t.Errorf("no match: status %q", got)
	}
	_, errs := b.drain()
	for _, e := range errs {
		t.Errorf("console error: %s", e)
	}
}

// TestSearchPublished is the test: the example as it is published
// (a base URL under /repo/), downloaded and opened from disk, finds the
// analysis by the expert it quotes, and the link opens its page there.
func TestSearchPublished(t *testing.T) {
	b := newBrowser(t)
	dir := filepath.Join(filepath.Dir(siteDir), "published")
	mustBuild(build.Options{Root: "..", Out: dir, BaseURL: "https://user.github.io/repo/"})
	b.run(t, chromedp.Navigate(fileURL(dir, "search.html")+"?q=Ban%20Kil%20Joo"), chromedp.WaitVisible(chromedp.CSS("#results li")))
	var found string
	for _, r := range eval[[]result](t, b, readResults) {
		if r.Kind == "Source: " && strings.HasSuffix(r.Href, "/sources/why-badge-analysis.html") {
			found = r.Href
		}
	}
	if found == "" || !strings.HasPrefix(found, "file://") {
		t.Fatalf("no result links to the analysis's source page on disk: %v", eval[[]result](t, b, readResults))
	}
	b.run(t, chromedp.Navigate(found))
	if h1 := eval[string](t, b, `document.querySelector('h1').textContent`); !strings.Contains(h1, "Why North Korea Rolled Out") {
		t.Errorf("the result opens a page titled %q", h1)
	}
	reqs, errs := b.drain()
	for _, r := range reqs {
		if !strings.HasPrefix(r, "file://") {
			t.Errorf("requested %s", r)
		}
	}
	for _, e := range errs {
		t.Errorf("console error: %s", e)
	}
}

// TestSearchKeyboard uses the search box of a page as a reader with a
// keyboard does: type, Enter; then, on the search page, type again and
// watch the results change, and reach them with the arrow keys.
func TestSearchKeyboard(t *testing.T) {
	b := newBrowser(t)
	b.run(t, chromedp.Navigate(fileURL(siteDir, "claims/badge-made-2012.html")),
		chromedp.Focus(chromedp.CSS("#site-search-q")), chromedp.SendKeys(chromedp.CSS("#site-search-q"), "badge\n"))
	b.run(t, chromedp.WaitVisible(chromedp.CSS("#results li")))
	loc := eval[string](t, b, `location.pathname + location.search`)
	if !strings.HasSuffix(loc, "/search.html?q=badge") {
		t.Errorf("the search box went to %s", loc)
	}
	if v := eval[string](t, b, `document.getElementById('search-q').value`); v != "badge" {
		t.Errorf("the search page's field holds %q", v)
	}
	first := eval[int](t, b, `document.querySelectorAll('#results li').length`)
	// Typing narrows the results at once, without a request.
	b.run(t, chromedp.Focus(chromedp.CSS("#search-q")), chromedp.SendKeys(chromedp.CSS("#search-q"), " kim"))
	b.run(t, chromedp.Poll[chromedp.Void](`document.getElementById('search-status').textContent.includes('badge kim')`, chromedp.WithPollingTimeout(5*time.Second)))
	if n := eval[int](t, b, `document.querySelectorAll('#results li').length`); n < 2 || n >= first {
		t.Errorf("typing more narrowed %d results to %d", first, n)
	}
	// The same results, in the same order, as the same words given at once.
	typed := eval[[]result](t, b, readResults)
	b.run(t, chromedp.Navigate(searchURL(siteDir, "badge kim")), chromedp.WaitVisible(chromedp.CSS("#results li")))
	if fresh := eval[[]result](t, b, readResults); !slices.Equal(typed, fresh) {
		t.Errorf("typed, the results are\n%v\ngiven at once\n%v", typed, fresh)
	}
	b.run(t, chromedp.Focus(chromedp.CSS("#search-q")))
	// ArrowDown moves from the field to the first result, and on.
	b.run(t, chromedp.KeyEvent(kb.ArrowDown))
	if got := eval[string](t, b, `document.activeElement === document.querySelector('#results a') ? 'first' : document.activeElement.id || document.activeElement.tagName`); got != "first" {
		t.Errorf("ArrowDown in the field focused %s, want the first result", got)
	}
	b.run(t, chromedp.KeyEvent(kb.ArrowDown))
	if got := eval[bool](t, b, `document.activeElement === document.querySelectorAll('#results a')[1]`); !got {
		t.Errorf("ArrowDown on the first result did not move to the second of %d", eval[int](t, b, `document.querySelectorAll('#results a').length`))
	}
	b.run(t, chromedp.KeyEvent(kb.ArrowUp+kb.ArrowUp)) // back to the field
	if got := eval[string](t, b, `document.activeElement.id`); got != "search-q" {
		t.Errorf("ArrowUp from the first result focused %q, want the field", got)
	}
	// Enter in the field: the first result takes the focus; Enter again opens it.
	b.run(t, chromedp.KeyEvent(kb.Enter))
	target := eval[string](t, b, `document.activeElement.href || ""`)
	if target == "" {
		t.Fatal("Enter in the field did not focus a result")
	}
	b.run(t, chromedp.KeyEvent(kb.Enter))
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The page changes under the question: an error is a page not
		// yet ready to answer.
		href, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href`))
		if err == nil && href == target {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Enter on a result did not open %s (at %s, %v)", target, href, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// TestSearchUnderPrefix serves the site under /repo/, as GitHub Pages
// serves a project site, with a Content Security Policy that allows no
// inline script, no eval and nothing from elsewhere, and follows the
// results: the search works under it, and its addresses are relative, so
// they stay under the prefix.
func TestSearchUnderPrefix(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	files := http.StripPrefix("/repo", http.FileServer(http.Dir(siteDir)))
	mux := http.NewServeMux()
	mux.Handle("/repo/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'")
		files.ServeHTTP(w, r)
	}))
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String() + "/repo/"
	b := newBrowser(t)
	b.run(t, chromedp.Navigate(base+"index.html"), chromedp.SendKeys(chromedp.CSS("#site-search-q"), "badge\n"), chromedp.WaitVisible(chromedp.CSS("#results li")))
	hrefs := eval[[]string](t, b, `[...document.querySelectorAll('#results a')].map(a => a.href)`)
	if len(hrefs) == 0 {
		t.Fatal("no results under /repo/")
	}
	if _, errs := b.drain(); len(errs) > 0 {
		t.Errorf("console errors under the Content Security Policy: %q", errs)
	}
	for _, h := range hrefs {
		if !strings.HasPrefix(h, base) {
			t.Errorf("result %s leaves %s", h, base)
			continue
		}
		resp, err := http.Get(h)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("result %s: %s", h, resp.Status)
		}
	}
}

// foldCases are strings whose folding is easy to get wrong: decomposed and
// composed accents, letters without a decomposition, Greek final sigma,
// Turkish dotted I, Hangul syllables and jamo, Arabic vowel marks and
// hamza, Japanese voicing marks, ligatures, titlecase digraphs, emoji.
var foldCases = []string{
	"Nørre Å", "Nørre A\u030a", "NØRRE Å TIDENDE", "Ærø", "Œuvre", "Straße", "STRASSE", "ẞ", "Łódź", "Đorđe", "Þórður", "ħalib", "Iı İi",
	"ΣΊΣΥΦΟΣ", "Σ", "ὈΔΥΣΣΕΎΣ", "Ελληνικά", "Ⅻ", "Ǆ ǅ ǆ", "ﬁ ﬂ", "Ａｂｃ", "x²", "Å Ω K",
	"서울일보", "노르웨이 다리 폐쇄… 김정은", "가", "한국어", "الْجِسْر", "أفادت وكالة الأنباء", "إغلاق", "ﻻ",
	"が ガ ぱ", "Tiếng Việt", "Dạ", "ñandú", "Ça", "façade", "Ἀθῆναι", "ǰ", "\u0130stanbul", "ŉ", "👍🏽 badge", "a\u0301\u0327",
	"Кириллица Ёж", "Ⓐ", "İ̇", "ﬀ", "Ǳ", "\u1e9e", "ŧ ƀ", "नमस्ते", "ไทย", "中文 漢字",
}

// TestFoldAgrees runs the search page's fold on foldCases in Chromium and
// compares it with render.Fold, which folded the index: a query can only
// find what both fold alike.
func TestFoldAgrees(t *testing.T) {
	b := newBrowser(t)
	b.run(t, chromedp.Navigate(searchURL(siteDir, "")), chromedp.WaitReady(chromedp.CSS("#search-status")))
	var list strings.Builder
	list.WriteString("[")
	for i, s := range foldCases {
		if i > 0 {
			list.WriteString(",")
		}
		list.WriteString(jsString(s))
	}
	list.WriteString("]")
	got := eval[[]string](t, b, list.String()+`.map(window.dossierFold)`)
	if len(got) != len(foldCases) {
		t.Fatalf("%d folded strings for %d", len(got), len(foldCases))
	}
	for i, s := range foldCases {
		if want := render.Fold(s); got[i] != want {
			t.Errorf("fold(%q): JavaScript %q (%U), Go %q (%U)", s, got[i], []rune(got[i]), want, []rune(want))
		}
	}
}

// TestMatrixSticky scrolls the matrices of the second dossier, twelve
// sources wide, to their right end at phone and desktop widths: the page
// stays as wide as the screen, the table scrolls in its box, and the
// column of questions or claims stays in view.
func TestMatrixSticky(t *testing.T) {
	dir := second(t)
	b := newBrowser(t)
	for _, width := range []int64{375, 1280} {
		b.run(t, chromedp.EmulateViewport(width, 900))
		for _, p := range []string{"matrix.html", "claims-matrix.html"} {
			b.run(t, chromedp.Navigate(fileURL(dir, p)))
			if over := eval[int](t, b, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
				t.Errorf("%s at %d px: the page is %d px wider than the screen", p, width, over)
			}
			type geometry struct {
				Overflow          int
				BoxLeft, BoxRight float64
				Left, Right       float64
				Hit               bool
			}
			g := eval[geometry](t, b, `(() => {
  const box = document.querySelector('.scroll');
  box.scrollLeft = box.scrollWidth;
  const th = box.querySelector('tbody th[scope=row]');
  const r = th.getBoundingClientRect(), br = box.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
  return {overflow: box.scrollWidth - box.clientWidth, boxLeft: br.left, boxRight: br.right,
    left: r.left, right: r.right, hit: !!hit && th.contains(hit)};
})()`)
			if g.Overflow <= 0 {
				t.Errorf("%s at %d px: twelve sources fit the box (%d px), nothing to scroll", p, width, g.Overflow)
				continue
			}
			if g.Left < g.BoxLeft-1 || g.Right > g.BoxRight+1 || !g.Hit {
				t.Errorf("%s at %d px: scrolled right, the row label is at %.0f-%.0f in a box at %.0f-%.0f (on top: %v)", p, width, g.Left, g.Right, g.BoxLeft, g.BoxRight, g.Hit)
			}
			if g.Right-g.Left > float64(width)/2+8 {
				t.Errorf("%s at %d px: the row labels take %.0f px, more than half the screen", p, width, g.Right-g.Left)
			}
			shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(80))
			if err == nil {
				os.WriteFile(filepath.Join(shotsDir, fmt.Sprintf("%d-second-%s-scrolled.jpg", width, strings.TrimSuffix(p, ".html"))), shot, 0o644)
			}
		}
	}
}

// TestSingleFile opens each single file from disk: it requests nothing
// but itself, runs no script, logs no error, every link within it lands
// on an element, and its ids are unique.
func TestSingleFile(t *testing.T) {
	b := newBrowser(t)
	for _, f := range singles(t) {
		b.drain()
		b.run(t, chromedp.Navigate(fileURL(filepath.Dir(f), filepath.Base(f))))
		type info struct {
			Missing, Dups        []string
			Links, Scripts, Srcs int
			Sections             int
		}
		got := eval[info](t, b, `(() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const links = [...document.querySelectorAll('a[href]')].filter(a => a.getAttribute('href').startsWith('#'));
  return {
    missing: links.map(a => decodeURIComponent(a.getAttribute('href').slice(1))).filter(id => !document.getElementById(id)),
    dups: ids.filter((id, i) => ids.indexOf(id) !== i),
    links: links.length,
    scripts: document.scripts.length,
    srcs: document.querySelectorAll('[src], link[href]').length,
    sections: document.querySelectorAll('section.single-page').length,
  };
})()`)
		if len(got.Missing) > 0 {
			t.Errorf("%s: %d links land on no element, e.g. #%s", f, len(got.Missing), got.Missing[0])
		}
		if len(got.Dups) > 0 {
			t.Errorf("%s: ids used twice: %q", f, got.Dups)
		}
		if got.Scripts > 0 || got.Srcs > 0 {
			t.Errorf("%s: %d scripts and %d elements that load files", f, got.Scripts, got.Srcs)
		}
		if got.Links < 100 || got.Sections < 30 {
			t.Errorf("%s: only %d sections and %d links within the file", f, got.Sections, got.Links)
		}
		reqs, errs := b.drain()
		for _, r := range reqs {
			if u, _ := url.Parse(r); u == nil || u.Scheme != "file" || u.Path != f {
				t.Errorf("%s requested %s", f, r)
			}
		}
		for _, e := range errs {
			t.Errorf("%s: console error: %s", f, e)
		}
		// Following a citation mark lands on its note, inside the file.
		mark := eval[string](t, b, `(document.querySelector('sup.cite a') || {}).id || ""`)
		if mark == "" {
			t.Errorf("%s: no citation mark", f)
			continue
		}
		b.run(t, chromedp.Click(chromedp.CSS("#"+mark)))
		if hash := eval[string](t, b, `location.hash`); !strings.Contains(hash, "--note-") || eval[string](t, b, `(document.querySelector(':target') || {}).id`) != hash[1:] {
			t.Errorf("%s: the citation mark %s went to %q", f, mark, hash)
		}
		if over := eval[int](t, b, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
			t.Errorf("%s: %d px wider than the screen", f, over)
		}
	}
}

// TestSingleFileValid runs html-validate and axe-core on the single files,
// and axe on the new pages with results listed.
func TestSingleFileValid(t *testing.T) {
	files := singles(t)
	args := append([]string{"--config", ".htmlvalidate.json"}, files...)
	if out, err := exec.Command("node_modules/.bin/html-validate", args...).CombinedOutput(); err != nil {
		t.Errorf("html-validate: %v\n%s", err, out)
	}
	axe, err := os.ReadFile("node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core is not installed: run npm ci in e2e/: %v", err)
	}
	b := newBrowser(t)
	targets := []string{searchURL(siteDir, "badge"), searchURL(second(t), "nørre"), fileURL(second(t), "matrix.html"),
		fileURL(second(t), "claims-matrix.html"), fileURL(second(t), "people.html"), fileURL(second(t), "timeline.html")}
	for _, f := range files {
		targets = append(targets, fileURL(filepath.Dir(f), filepath.Base(f)))
	}
	for _, u := range targets {
		b.run(t, chromedp.Navigate(u))
		eval[chromedp.Void](t, b, string(axe))
		type violation struct {
			ID, Impact, Help string
			Nodes            []struct{ HTML string }
		}
		vs := eval[[]violation](t, b, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({html: n.html}))})))`)
		for _, v := range vs {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s: %s (%s): %s, e.g. %s", u, v.ID, v.Impact, v.Help, v.Nodes[0].HTML)
			} else {
				t.Logf("%s: %s (%s): %s", u, v.ID, v.Impact, v.Help)
			}
		}
	}
}

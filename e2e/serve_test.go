//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestServeReloads runs the real binary's preview server, opens a page in
// Chromium, edits the dossier and waits for the page to change; then breaks
// the dossier and waits for the error to show, in the page and the terminal,
// over the last good page.
const serveSource = "---\ntitle: A\nkind: report\nannotations:\n  - claim: wet\n    stance: %s\n    quote: It is wet.\n---\nSummary.\n"

// preview is a running "dossier serve" of a dossier in a temporary folder.
type preview struct {
	root, base string
	errLines   chan string
}

// startServe builds the real binary and serves a fresh dossier with it.
func startServe(t *testing.T, stance string) *preview {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/dossier").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	pv := &preview{root: filepath.Join(dir, "d"), errLines: make(chan string, 100)}
	pv.write(t, "dossier.yaml", "title: Serve test\nclaims:\n  - id: wet\n    statement: Water is wet.\n")
	pv.write(t, "content/a.md", strings.Replace(serveSource, "%s", stance, 1))

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", "-root", pv.root, "-port", "0")
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait(); cancel() })
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			pv.errLines <- s.Text()
		}
	}()
	out := bufio.NewScanner(stdout)
	for pv.base == "" && out.Scan() {
		if rest, ok := strings.CutPrefix(out.Text(), "serving "); ok {
			pv.base = strings.Fields(rest)[0]
		}
	}
	go func() {
		for out.Scan() {
		}
	}()
	if !strings.HasPrefix(pv.base, "http://127.0.0.1:") {
		t.Fatalf("serve did not listen on 127.0.0.1: %q", pv.base)
	}
	return pv
}

func (pv *preview) write(t *testing.T, name, text string) {
	t.Helper()
	p := filepath.Join(pv.root, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitTerminal waits for the server to print a line containing s on stderr.
func (pv *preview) waitTerminal(t *testing.T, s string) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l := <-pv.errLines:
			if strings.Contains(l, s) {
				return
			}
		case <-deadline:
			t.Fatalf("the terminal did not show %q", s)
		}
	}
}

// waitFor polls a JavaScript condition in the page until it holds. The page
// reloads itself while we wait; a poll that a reload interrupts starts again
// in the new page.
func waitFor(t *testing.T, b *browser, js string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js))
		if err == nil {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("waiting for %s: %v", js, err)
		}
	}
}

func TestServeReloads(t *testing.T) {
	pv := startServe(t, "supports")
	b := newBrowser(t)
	b.run(t, chromedp.Navigate(pv.base+"claims/wet.html"))
	waitFor(t, b, `document.querySelector("h1").textContent === "Water is wet."`)

	// An edit reloads the page by itself.
	pv.write(t, "dossier.yaml", "title: Serve test\nclaims:\n  - id: wet\n    statement: Water is very wet.\n")
	waitFor(t, b, `document.querySelector("h1") && document.querySelector("h1").textContent === "Water is very wet."`)

	// A broken edit: the terminal and the page say what is wrong, and the
	// last good page stays.
	pv.write(t, "content/a.md", strings.Replace(serveSource, "%s", "agrees", 1))
	waitFor(t, b, `!!document.getElementById("dossier-error") && document.getElementById("dossier-error").textContent.includes('stance "agrees" is not one of')`)
	if h1 := eval[string](t, b, `document.querySelector("h1").textContent`); h1 != "Water is very wet." {
		t.Errorf("the last good page is gone: h1 is %q", h1)
	}
	pv.waitTerminal(t, `content/a.md:6:13: stance "agrees" is not one of`)

	// Mending it clears the error and shows the new content.
	pv.write(t, "content/a.md", strings.Replace(serveSource, "%s", "disputes", 1))
	waitFor(t, b, `!document.getElementById("dossier-error") && document.body.textContent.includes("Contradicted")`)
}

// TestServeStartsBroken starts the preview on a dossier that does not build:
// the page shows why, and shows the site once the dossier is mended.
func TestServeStartsBroken(t *testing.T) {
	pv := startServe(t, "agrees")
	pv.waitTerminal(t, `stance "agrees" is not one of`)
	b := newBrowser(t)
	b.run(t, chromedp.Navigate(pv.base+"claims/wet.html"))
	waitFor(t, b, `!!document.getElementById("dossier-error") && document.getElementById("dossier-error").textContent.includes('stance "agrees"')`)
	pv.write(t, "content/a.md", strings.Replace(serveSource, "%s", "supports", 1))
	waitFor(t, b, `!!document.querySelector("main h1") && document.querySelector("main h1").textContent === "Water is wet."`)
}

// TestServeSwaps: an edit of the text puts the new page in place of the old
// one, without a reload: the scroll position, and what the page holds in
// its window, stay; the title and the body are the new ones. New styles,
// and a page with scripts of its own (the search), get a real reload.
func TestServeSwaps(t *testing.T) {
	pv := startServe(t, "supports")
	long := func(title, last string) string {
		var body strings.Builder
		for i := range 80 {
			fmt.Fprintf(&body, "Paragraph %d of a long summary.\n\n", i)
		}
		body.WriteString(last + "\n")
		src := strings.Replace(serveSource, "%s", "supports", 1)
		src = strings.Replace(src, "title: A", "title: "+title, 1)
		return strings.Replace(src, "Summary.\n", body.String(), 1)
	}
	pv.write(t, "content/a.md", long("A long source", "The first ending."))
	b := newBrowser(t)
	b.run(t, chromedp.Navigate(pv.base+"sources/a.html"))
	waitFor(t, b, `document.body.textContent.includes("The first ending.")`)
	eval[bool](t, b, `scrollTo(0, 900), window.before = true`)
	if y := eval[float64](t, b, `scrollY`); y != 900 {
		t.Fatalf("the page did not scroll: scrollY %v", y)
	}

	pv.write(t, "content/a.md", long("A longer source", "The second ending."))
	waitFor(t, b, `document.body.textContent.includes("The second ending.")`)
	if !eval[bool](t, b, `window.before === true`) {
		t.Error("the page was reloaded for an edit of its text")
	}
	if y := eval[float64](t, b, `scrollY`); y != 900 {
		t.Errorf("scrollY is %v after the edit, want 900", y)
	}
	if title := eval[string](t, b, `document.title`); !strings.HasPrefix(title, "A longer source") {
		t.Errorf("the title is %q, want the new one", title)
	}
	if n := eval[int](t, b, `document.querySelectorAll("h1").length + document.querySelectorAll("body").length * 100`); n != 101 {
		t.Errorf("the new page doubled the old one: %d h1 and bodies (want 1 body, 1 h1)", n)
	}

	// New styles: a real reload, with them.
	pv.write(t, "templates/style.css", "body { outline: 3px solid rgb(1, 2, 3); }\n")
	waitFor(t, b, `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if eval[bool](t, b, `window.before === true`) {
		t.Error("new styles were swapped in, not reloaded")
	}

	// The search page runs scripts of its own: an edit reloads it, and
	// its scripts run again.
	b.run(t, chromedp.Navigate(pv.base+"search.html?q=wet"))
	waitFor(t, b, `document.querySelectorAll("#results li").length > 0`)
	eval[bool](t, b, `window.before = true`)
	pv.write(t, "dossier.yaml", "title: Serve test, renamed\nclaims:\n  - id: wet\n    statement: Water is wet.\n")
	waitFor(t, b, `document.querySelector(".site-title").textContent.includes("renamed")`)
	if eval[bool](t, b, `window.before === true`) {
		t.Error("the search page was swapped, not reloaded: its scripts did not run again")
	}
	waitFor(t, b, `document.querySelectorAll("#results li").length > 0`)
}

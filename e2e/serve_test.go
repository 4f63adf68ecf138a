//go:build e2e

package e2e

import (
	"bufio"
	"context"
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
func TestServeReloads(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/dossier").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := filepath.Join(dir, "d")
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	source := "---\ntitle: A\nkind: report\nannotations:\n  - claim: wet\n    stance: %s\n    quote: It is wet.\n---\nSummary.\n"
	write("dossier.yaml", "title: Serve test\nclaims:\n  - id: wet\n    statement: Water is wet.\n")
	write("content/a.md", strings.Replace(source, "%s", "supports", 1))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "-root", root, "-port", "0")
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()

	out := bufio.NewScanner(stdout)
	base := ""
	for base == "" && out.Scan() {
		if rest, ok := strings.CutPrefix(out.Text(), "serving "); ok {
			base = strings.Fields(rest)[0]
		}
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("serve did not listen on 127.0.0.1: %q", base)
	}
	errLines := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			errLines <- s.Text()
		}
	}()

	b := newBrowser(t)
	page := base + "claims/wet.html"
	b.run(t, chromedp.Navigate(page))
	waitFor := func(js string) {
		t.Helper()
		wctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		defer cancel()
		// The page reloads itself while we wait; a poll that the reload
		// interrupts starts again in the new page.
		for {
			_, err := chromedp.Run(wctx, chromedp.Poll[bool](js))
			if err == nil {
				return
			}
			if wctx.Err() != nil {
				t.Fatalf("waiting for %s: %v", js, err)
			}
		}
	}
	waitFor(`document.querySelector("h1").textContent === "Water is wet."`)

	// An edit reloads the page by itself.
	write("dossier.yaml", "title: Serve test\nclaims:\n  - id: wet\n    statement: Water is very wet.\n")
	waitFor(`document.querySelector("h1") && document.querySelector("h1").textContent === "Water is very wet."`)

	// A broken edit: the terminal and the page say what is wrong, and the
	// last good page stays.
	write("content/a.md", strings.Replace(source, "%s", "agrees", 1))
	waitFor(`!!document.getElementById("dossier-error") && document.getElementById("dossier-error").textContent.includes('stance "agrees" is not one of')`)
	if h1 := eval[string](t, b, `document.querySelector("h1").textContent`); h1 != "Water is very wet." {
		t.Errorf("the last good page is gone: h1 is %q", h1)
	}
	deadline := time.After(20 * time.Second)
	for found := false; !found; {
		select {
		case l := <-errLines:
			found = strings.Contains(l, `content/a.md:6:13: stance "agrees" is not one of`)
		case <-deadline:
			t.Fatal("the terminal did not show the error")
		}
	}

	// Mending it clears the error and shows the new content.
	write("content/a.md", strings.Replace(source, "%s", "disputes", 1))
	waitFor(`!document.getElementById("dossier-error") && document.body.textContent.includes("Contradicted")`)
}

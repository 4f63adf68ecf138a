package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-ssg/dossier/internal/build"
)

const (
	serveConfig = "title: Serve test\nclaims:\n  - id: wet\n    statement: %s\n"
	serveSource = "---\ntitle: A\nkind: report\nannotations:\n  - claim: wet\n    stance: %s\n    quote: It is wet.\n---\n%s\n"
)

// writeFile writes text to name under root, making its folder.
func writeFile(t *testing.T, root, name, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newDossier writes a small dossier that builds and returns its root.
func newDossier(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	writeFile(t, root, "dossier.yaml", fmt.Sprintf(serveConfig, "Water is wet."))
	writeFile(t, root, "content/a.md", fmt.Sprintf(serveSource, "supports", "Summary."))
	return root
}

// listen serves s over HTTP on 127.0.0.1 until the test ends and returns its
// base URL. What the server logs (a handler's misuse of the
// ResponseWriter, say) goes to errorLog.
func listen(t *testing.T, s *server, errorLog io.Writer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s, ErrorLog: log.New(errorLog, "", 0)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// version is the number of builds s has finished.
func (s *server) builds() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// TestServeHammer edits and rebuilds the dossier over and over, some edits
// broken, while concurrent clients fetch pages that exist in every good
// build: each answer must be a 200, since readers get the last good site.
func TestServeHammer(t *testing.T) {
	root := newDossier(t)
	s := newServer(build.Options{Root: root}, "127.0.0.1", io.Discard, io.Discard)
	if err := s.rebuild(); err != nil {
		t.Fatal(err)
	}
	base := listen(t, s, io.Discard)

	const clients, edits = 8, 150
	pages := []string{"/", "/index.html", "/claims/wet.html", "/sources/a.html", "/matrix.html", "/assets/style.css", "/404.html"}
	var requests, bad atomic.Int64
	var mu sync.Mutex
	var failures []string
	stop := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(clients)
	done.Add(clients)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for i := range clients {
		go func() {
			defer done.Done()
			for n := i; ; n++ {
				resp, err := client.Get(base + pages[n%len(pages)])
				if err != nil {
					t.Error(err)
					started.Done()
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				requests.Add(1)
				if resp.StatusCode != http.StatusOK {
					bad.Add(1)
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %s", pages[n%len(pages)], resp.Status))
					mu.Unlock()
				}
				if n == i {
					started.Done()
				}
				select {
				case <-stop:
					return
				default:
				}
			}
		}()
	}
	started.Wait()
	for i := range edits {
		statement := fmt.Sprintf("Water is wet, edit %d.", i)
		writeFile(t, root, "dossier.yaml", fmt.Sprintf(serveConfig, statement))
		stance := "supports"
		if i%5 == 4 {
			stance = "agrees" // a broken edit: the last good build stays up
		}
		writeFile(t, root, "content/a.md", fmt.Sprintf(serveSource, stance, statement))
		v := s.builds()
		if err := s.rebuild(); err != nil {
			t.Fatal(err)
		}
		if got := s.builds(); got != v+1 {
			t.Fatalf("after edit %d the server is at build %d, want %d", i, got, v+1)
		}
	}
	close(stop)
	done.Wait()
	t.Logf("%d requests during %d rebuilds; %d not 200", requests.Load(), edits, bad.Load())
	if bad.Load() > 0 {
		t.Errorf("%d of %d answers were not 200, the first: %v", bad.Load(), requests.Load(), failures[:min(len(failures), 5)])
	}
	// The last good edit is what is served.
	resp, err := http.Get(base + "/claims/wet.html")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := fmt.Sprintf("Water is wet, edit %d.", edits-2); !bytes.Contains(body, []byte(want)) {
		t.Errorf("the claim page does not show the last good edit %q", want)
	}
}

// get sends a GET with the given Host header and extra headers.
func get(t *testing.T, url, host string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// TestServeHost: a page of another site that resolves its own name to
// 127.0.0.1 (DNS rebinding) must not read the preview, so only the names the
// preview listens on are answered.
func TestServeHost(t *testing.T) {
	root := newDossier(t)
	s := newServer(build.Options{Root: root}, "127.0.0.1", io.Discard, io.Discard)
	if err := s.rebuild(); err != nil {
		t.Fatal(err)
	}
	base := listen(t, s, io.Discard)
	port := base[strings.LastIndex(base, ":")+1:]
	for host, want := range map[string]int{
		"localhost":                          http.StatusOK,
		"localhost:" + port:                  http.StatusOK,
		"LocalHost:" + port:                  http.StatusOK,
		"127.0.0.1":                          http.StatusOK,
		"127.0.0.1:" + port:                  http.StatusOK,
		"[::1]":                              http.StatusOK,
		"[::1]:" + port:                      http.StatusOK,
		"attacker.example":                   http.StatusForbidden,
		"attacker.example:" + port:           http.StatusForbidden,
		"localhost.attacker.example:" + port: http.StatusForbidden,
		"127.0.0.1.nip.io:" + port:           http.StatusForbidden,
		"10.0.0.1:" + port:                   http.StatusForbidden,
	} {
		for _, path := range []string{"/index.html", reloadPath + "state", reloadPath + "reload.js"} {
			resp, body := get(t, base+path, host)
			if resp.StatusCode != want {
				t.Errorf("Host %s, %s: %s, want %d", host, path, resp.Status, want)
			}
			if want == http.StatusForbidden && (bytes.Contains(body, []byte("Serve test")) || !bytes.Contains(body, []byte("localhost"))) {
				t.Errorf("Host %s, %s: refused with %q; want a short text naming the hosts that work", host, path, body)
			}
		}
	}

	// The -addr given is accepted too, with or without the port; when it
	// listens on every interface, the machine's addresses are.
	for _, tc := range []struct {
		addr, host string
		want       int
	}{
		{"dossier.lan", "dossier.lan", http.StatusOK},
		{"dossier.lan", "dossier.lan:" + port, http.StatusOK},
		{"dossier.lan", "other.lan:" + port, http.StatusForbidden},
		{"0.0.0.0", "192.168.1.20:" + port, http.StatusOK},
		{"0.0.0.0", "[fe80::1]:" + port, http.StatusOK},
		{"0.0.0.0", "attacker.example:" + port, http.StatusForbidden},
		{"::", "192.168.1.20:" + port, http.StatusOK},
	} {
		s := newServer(build.Options{Root: root}, tc.addr, io.Discard, io.Discard)
		if err := s.rebuild(); err != nil {
			t.Fatal(err)
		}
		resp, _ := get(t, listen(t, s, io.Discard)+"/index.html", tc.host)
		if resp.StatusCode != tc.want {
			t.Errorf("-addr %s, Host %s: %s, want %d", tc.addr, tc.host, resp.Status, tc.want)
		}
	}
}

// TestServeNotFound: a missing file gets the whole 404 page with status 404,
// even when the request asks for a range, and the server logs nothing (a
// browser asks for /favicon.ico on every page).
func TestServeNotFound(t *testing.T) {
	root := newDossier(t)
	s := newServer(build.Options{Root: root}, "127.0.0.1", io.Discard, io.Discard)
	if err := s.rebuild(); err != nil {
		t.Fatal(err)
	}
	var logged syncBuffer
	base := listen(t, s, &logged)
	resp, page := get(t, base+"/favicon.ico", "")
	if resp.StatusCode != http.StatusNotFound || !bytes.Contains(page, []byte("Page not found")) || !bytes.HasSuffix(bytes.TrimSpace(page), []byte("</html>")) {
		t.Fatalf("/favicon.ico: %s, body %q", resp.Status, page)
	}
	for _, r := range []string{"bytes=0-9", "bytes=5-", "bytes=-3", "bytes=0-0,4-8"} {
		resp, body := get(t, base+"/claims/missing.html", "", "Range", r)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("Range %s: %s, want 404", r, resp.Status)
		}
		if cr := resp.Header.Get("Content-Range"); cr != "" {
			t.Errorf("Range %s: Content-Range %q on a 404", r, cr)
		}
		if !bytes.Equal(body, page) {
			t.Errorf("Range %s: a body of %d bytes, want the whole 404 page of %d", r, len(body), len(page))
		}
	}
	// A range of a page that exists is still served as a range.
	resp, body := get(t, base+"/index.html", "", "Range", "bytes=0-14")
	if resp.StatusCode != http.StatusPartialContent || string(body) != "<!DOCTYPE html>" {
		t.Errorf("Range of index.html: %s %q", resp.Status, body)
	}
	if l := logged.String(); l != "" {
		t.Errorf("the server logged:\n%s", l)
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// process is "dossier serve" running as a process of its own, the test
// binary under the name testscript gives it.
type process struct {
	cmd    *exec.Cmd
	base   string
	tmp    string // its TMPDIR
	stderr syncBuffer
	exited chan error
}

// startServe runs "dossier serve" on root, on a free port, with a TMPDIR of
// its own, and waits until it says where it serves.
func startServe(t *testing.T, root string, flags ...string) *process {
	t.Helper()
	bin, err := exec.LookPath("dossier")
	if err != nil {
		t.Fatal(err)
	}
	p := &process{tmp: t.TempDir(), exited: make(chan error, 1)}
	p.cmd = exec.Command(bin, append([]string{"serve", "-root", root, "-port", "0"}, flags...)...)
	p.cmd.Env = append(os.Environ(), "TMPDIR="+p.tmp, "GORACE=atexit_sleep_ms=0")
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for p.base == "" && lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "serving "); ok {
			p.base = strings.TrimSuffix(strings.Fields(rest)[0], "/")
		}
	}
	go func() {
		for lines.Scan() {
		}
		p.exited <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	if p.base == "" {
		p.cmd.Process.Kill()
		t.Fatalf("serve did not start:\n%s", p.stderr.String())
	}
	return p
}

// serveState is what /__dossier/state answers.
type serveState struct {
	Version int
	Problem string
}

// state returns the server's state at once.
func (p *process) state(t *testing.T) serveState {
	t.Helper()
	resp, body := get(t, p.base+reloadPath+"state", "")
	var st serveState
	if err := json.Unmarshal(body, &st); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("state: %s %q", resp.Status, body)
	}
	return st
}

// waitPage waits, through the pages' own long poll of the server's build
// version, for a build newer than after whose page at path contains text,
// and returns that build's version. Builds in between (one that read a file
// half written, say) are passed over.
func (p *process) waitPage(t *testing.T, after int, path, text string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s%sstate?after=%d", p.base, reloadPath, after), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("no build after build %d shows %q in %s: %v", after, text, path, err)
		}
		var st serveState
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if st.Version > after {
			if strings.Contains(p.page(t, path), text) {
				return st.Version
			}
			after = st.Version
		}
	}
}

// page returns the body of a page of the preview.
func (p *process) page(t *testing.T, path string) string {
	t.Helper()
	resp, body := get(t, p.base+path, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", path, resp.Status)
	}
	return string(body)
}

// TestServeWatches edits the dossier the ways editors and people do, and
// waits for the server's next build after each: through a symbolic link
// into the dossier, by renaming a new file over the old, in a folder made
// after the server started.
func TestServeWatches(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := newDossier(t)
	// content/a.md is a link to a draft kept elsewhere in the dossier.
	writeFile(t, root, "drafts/a.md", fmt.Sprintf(serveSource, "supports", "First draft."))
	os.Remove(filepath.Join(root, "content/a.md"))
	if err := os.Symlink(filepath.Join("..", "drafts", "a.md"), filepath.Join(root, "content/a.md")); err != nil {
		t.Fatal(err)
	}
	p := startServe(t, root)
	v := p.state(t).Version
	if !strings.Contains(p.page(t, "/sources/a.html"), "First draft.") {
		t.Fatal("the first build does not show the draft")
	}

	// The link's target is edited.
	writeFile(t, root, "drafts/a.md", fmt.Sprintf(serveSource, "supports", "Second draft."))
	v = p.waitPage(t, v, "/sources/a.html", "Second draft.")

	// dossier.yaml is saved as editors do: a new file renamed over the old.
	writeFile(t, root, ".dossier.yaml.swp", fmt.Sprintf(serveConfig, "Water is renamed."))
	if err := os.Rename(filepath.Join(root, ".dossier.yaml.swp"), filepath.Join(root, "dossier.yaml")); err != nil {
		t.Fatal(err)
	}
	v = p.waitPage(t, v, "/claims/wet.html", "Water is renamed.")

	// templates/ did not exist when the server started; a file in it, and
	// an edit of that file, are seen.
	writeFile(t, root, "templates/claim.html", `{{define "main"}}<h1>My claim: {{.Claim.Statement}}</h1>{{end}}`)
	v = p.waitPage(t, v, "/claims/wet.html", "My claim: Water is renamed.")
	writeFile(t, root, "templates/claim.html", `{{define "main"}}<h1>Our claim: {{.Claim.Statement}}</h1>{{end}}`)
	p.waitPage(t, v, "/claims/wet.html", "Our claim: Water is renamed.")
}

// TestServeStyles: the state a page polls names the stylesheets, so that a
// page swaps in an edit of the text but reloads for new styles. The name
// stays through an edit of a source and through a broken build, and changes
// with the dossier's own style.css.
func TestServeStyles(t *testing.T) {
	root := newDossier(t)
	s := newServer(build.Options{Root: root}, "127.0.0.1", io.Discard, io.Discard)
	base := listen(t, s, io.Discard)
	styles := func() string {
		t.Helper()
		if err := s.rebuild(); err != nil {
			t.Fatal(err)
		}
		_, body := get(t, base+reloadPath+"state", "")
		var st struct{ Styles string }
		if err := json.Unmarshal(body, &st); err != nil || len(st.Styles) != 16 {
			t.Fatalf("state %q: want styles as 16 hex digits", body)
		}
		return st.Styles
	}
	first := styles()
	writeFile(t, root, "content/a.md", fmt.Sprintf(serveSource, "supports", "Another summary."))
	if got := styles(); got != first {
		t.Errorf("an edit of a source changed the styles: %s, then %s", first, got)
	}
	writeFile(t, root, "content/a.md", fmt.Sprintf(serveSource, "agrees", "Broken."))
	if got := styles(); got != first {
		t.Errorf("a broken build changed the styles: %s, then %s", first, got)
	}
	writeFile(t, root, "content/a.md", fmt.Sprintf(serveSource, "supports", "Mended."))
	writeFile(t, root, "templates/style.css", "body { color: teal; }\n")
	if got := styles(); got == first {
		t.Errorf("templates/style.css did not change the styles: %s", got)
	}
}

// TestServeWithWarnings: a warning in a text's Markdown (a footnote never
// used) is printed and the pages are served; it once left the preview with
// no site at all, and the next request crashed it.
func TestServeWithWarnings(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "dossier.yaml", fmt.Sprintf(serveConfig, "Water is wet."))
	writeFile(t, root, "content/a.md", fmt.Sprintf(serveSource, "supports", "Summary.\n\n[^z]: A note nobody cites."))
	var stderr bytes.Buffer
	s := newServer(build.Options{Root: root}, "127.0.0.1", io.Discard, &stderr)
	if err := s.rebuild(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "warning: footnote [^z] is never used") {
		t.Errorf("the warning is not printed: %q", stderr.String())
	}
	base := listen(t, s, io.Discard)
	for _, page := range []string{"/", "/sources/a.html", "/claims/wet.html"} {
		resp, body := get(t, base+page, "")
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Water is wet.") {
			t.Errorf("%s: %s, %d bytes", page, resp.Status, len(body))
		}
	}
}

// TestServeStopsCleanly: the preview writes nothing, not even to its
// TMPDIR; and SIGHUP (a closed terminal), like SIGINT and SIGTERM, ends it
// with status 0.
func TestServeStopsCleanly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX signals on Windows")
	}
	for _, sig := range []os.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			p := startServe(t, newDossier(t))
			p.page(t, "/index.html")
			if left, _ := os.ReadDir(p.tmp); len(left) > 0 {
				t.Errorf("serving, it wrote %s into its TMPDIR", left[0].Name())
			}
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-p.exited:
				p.exited <- err // for the cleanup
				if err != nil {
					t.Errorf("serve ended with %v after %v; stderr:\n%s", err, sig, p.stderr.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("serve still runs 10s after %v", sig)
			}
			left, err := os.ReadDir(p.tmp)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range left {
				t.Errorf("after %v, left in TMPDIR: %s", sig, e.Name())
			}
		})
	}
}

// TestServeProfiles: -cpuprofile and -memprofile profile a preview session,
// from its start to Ctrl-C, as they profile a build.
func TestServeProfiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX signals on Windows")
	}
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	p := startServe(t, newDossier(t), "-cpuprofile", cpu, "-memprofile", mem)
	p.page(t, "/index.html")
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := <-p.exited; err != nil {
		t.Errorf("serve ended with %v; stderr:\n%s", err, p.stderr.String())
	}
	p.exited <- nil // for the cleanup
	for _, f := range []string{cpu, mem} {
		if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
			t.Errorf("no profile in %s after Ctrl-C (%v)", f, err)
		}
	}
}

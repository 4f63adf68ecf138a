package build

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pagesServer serves dir under prefix on 127.0.0.1 the way GitHub Pages
// serves a project site: files by path, 404.html for anything missing.
func pagesServer(t *testing.T, dir, prefix string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(r.URL.Path))
		if fi, err := os.Stat(p); err != nil || (fi.IsDir() && r.URL.Path != "/") {
			w.WriteHeader(http.StatusNotFound)
			data, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(data)
			return
		}
		files.ServeHTTP(w, r)
	})))
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// links returns every href and src of an HTML document.
func links(t *testing.T, body []byte) []string {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		for _, k := range []string{"href", "src"} {
			if v := attr(n, k); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestHTTPUnderPrefix publishes the example under /repo/, as GitHub Pages
// does for a project site, and follows every link from the front page.
func TestHTTPUnderPrefix(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	if _, errs, err := Run(Options{Root: "../..", Out: out, BaseURL: "https://user.github.io/repo/"}); err != nil || errs.Errors() > 0 {
		t.Fatal(err, errs)
	}
	base := pagesServer(t, out, "/repo/")
	start, _ := url.Parse(base + "/repo/index.html")
	seen := map[string]bool{start.String(): true}
	queue := []*url.URL{start}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		resp, err := http.Get(u.String())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", u.Path, resp.Status)
			continue
		}
		if !strings.HasSuffix(u.Path, ".html") && !strings.HasSuffix(u.Path, "/") {
			continue
		}
		for _, l := range links(t, body) {
			ref, err := url.Parse(l)
			if err != nil {
				t.Errorf("%s: bad link %q", u.Path, l)
				continue
			}
			next := u.ResolveReference(ref)
			next.Fragment = ""
			if next.Host != u.Host {
				continue // the original articles, and canonical URLs
			}
			if !strings.HasPrefix(next.Path, "/repo/") {
				t.Errorf("%s: link %q leaves /repo/", u.Path, l)
				continue
			}
			if !seen[next.String()] {
				seen[next.String()] = true
				queue = append(queue, next)
			}
		}
	}
	if len(seen) < 40 {
		t.Errorf("only %d URLs reached from the front page", len(seen))
	}

	// A missing page gets the 404 page, whose links work from any depth.
	missing, _ := url.Parse(base + "/repo/claims/deep/missing.html")
	resp, err := http.Get(missing.String())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !bytes.Contains(body, []byte("Page not found")) {
		t.Fatalf("missing page: %s", resp.Status)
	}
	for _, l := range links(t, body) {
		ref, _ := url.Parse(l)
		target := missing.ResolveReference(ref)
		if target.Host != missing.Host || ref.Path == "" {
			continue
		}
		r, err := http.Get(target.String())
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			t.Errorf("404 page links to %s: %s", l, r.Status)
		}
	}
}

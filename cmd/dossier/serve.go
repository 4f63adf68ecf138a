package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/dossier-ssg/dossier/internal/build"
	"github.com/dossier-ssg/dossier/internal/render"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	var c common
	var addr string
	var port int
	fs := newFlags("serve", "Builds the dossier in memory, serves it, and rebuilds when dossier.yaml,\ncontent/, templates/ or the captures change. Open pages reload by themselves;\na broken edit shows its errors in the page and here, and the last good\nsite stays up.", stderr, &c)
	fs.StringVar(&addr, "addr", "127.0.0.1", "`address` to listen on; use 0.0.0.0 only to share on your network")
	fs.IntVar(&port, "port", 8080, "`port` to listen on; 0 picks a free one")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if host, p, err := net.SplitHostPort(addr); err == nil {
		// "127.0.0.1:8081" would fail later as an unknown host.
		fmt.Fprintf(stderr, "dossier serve: -addr %s holds a port; give the address alone and the port with -port: -addr %s -port %s\n", addr, host, p)
		return exitUsage
	}
	defer c.profile(stderr)() // the whole session, to Ctrl-C
	// SIGHUP too: closing the terminal must stop the server cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	s := newServer(build.Options{Root: c.root, Captures: c.captures, Strict: c.strict}, addr, stdout, stderr)
	w, err := newWatcher(c.root, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "dossier serve:", err)
		return exitUsage
	}
	defer w.close()
	// Watch before each build, so that no edit falls between the two.
	rebuild := func() error {
		captures := s.capturesDir()
		w.update(captures)
		err := s.rebuild()
		if s.capturesDir() != captures {
			w.update(s.capturesDir())
		}
		return err
	}
	if err := rebuild(); err != nil {
		fmt.Fprintln(stderr, "dossier serve:", err)
		return exitUsage
	}
	// "[::1]" and "::1" are one address; JoinHostPort adds the brackets.
	host := strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v; choose another port with -port N, or -port 0 for a free one\n", err)
		return exitUsage
	}
	// Requests share ctx, so that a page's long poll ends with the server.
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	go srv.Serve(ln)
	fmt.Fprintf(stdout, "serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())

	quiet := func() <-chan time.Time { return time.After(settleFor(time.Duration(s.took.Load()))) }
	settle(ctx, w.changes, quiet, func() {
		if err := rebuild(); err != nil {
			fmt.Fprintln(stderr, "dossier serve:", err)
		}
	})
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	return exitOK
}

// server serves the last good build from memory and tells open pages when
// to reload.
type server struct {
	opt            build.Options
	stdout, stderr io.Writer
	addr           string // the -addr given, lower case, without brackets
	anyIP          bool   // -addr listens on every interface

	building sync.Mutex                      // one build at a time
	took     atomic.Int64                    // what the last build took, in nanoseconds
	session  build.Session                   // what the last builds parsed and laid out, kept
	site     atomic.Pointer[render.Prepared] // the last good build; nil before the first

	mu       sync.Mutex
	problem  string // the last build's errors; empty when it succeeded
	version  int    // builds done, good or bad
	captures string // the captures folder the last build used, or named
	styles   string // the last good build's Styles, which pages compare to reload them
	waiters  []chan struct{}
	read     []string // the pages served since the last good build, the last maxRead, oldest first
}

// newServer returns a server that has built nothing yet. It keeps each build
// in memory and writes nothing, whatever opt.Out says.
func newServer(opt build.Options, addr string, stdout, stderr io.Writer) *server {
	opt.Out = ""
	addr = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]"))
	ip := net.ParseIP(addr)
	return &server{opt: opt, stdout: stdout, stderr: stderr, addr: addr, anyIP: addr == "" || ip != nil && ip.IsUnspecified()}
}

// rebuild builds once and tells the pages. Only I/O failures come back as err.
func (s *server) rebuild() error {
	s.building.Lock()
	defer s.building.Unlock()
	start := time.Now()
	res, errs, err := s.session.Run(s.opt)
	s.took.Store(int64(time.Since(start)))
	problem, styles := "", ""
	switch {
	case err != nil:
		problem = err.Error()
	case errs.Fails(s.opt.Strict):
		problem = errs.Error()
		printErrors(s.stderr, errs)
		fmt.Fprintf(s.stderr, "build failed: %s; still serving the last good build\n", errs.Summary())
	default:
		// The site is laid out page by page as the browser asks: an edit
		// costs the pages that are read, not the whole site.
		s.site.Store(res.Site)
		sum := res.Site.Styles()
		styles = hex.EncodeToString(sum[:8])
		printErrors(s.stderr, errs)
		fmt.Fprintf(s.stdout, "built in %v; %s%s\n", time.Since(start).Round(time.Millisecond), res.Verification, warned(errs))
	}
	s.mu.Lock()
	s.problem = problem
	s.version++
	if res != nil {
		s.captures = cmp.Or(res.Verification.Dir, res.Verification.Missing)
	}
	for _, w := range s.waiters {
		close(w)
	}
	s.waiters = nil
	var open []string
	if problem == "" {
		s.styles = styles
		open, s.read = s.read, nil
	}
	s.mu.Unlock()
	// The pages read last are the ones open in a browser, which fetches
	// them again now: they are laid out while the long poll answers, so
	// that its request finds them done or under way (it then waits for
	// them), and the next build need not wait.
	if len(open) > 0 {
		go func() {
			for _, name := range slices.Backward(open) {
				res.Site.File(name)
			}
		}()
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// capturesDir is the captures folder to watch: the one the last build used
// or named, else the one -captures gives.
func (s *server) capturesDir() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cmp.Or(s.captures, s.opt.Captures)
}

// knownHost reports whether host, a request's Host header, names this
// server. A page of any site can make the browser send requests to
// 127.0.0.1 under the site's own name (DNS rebinding), and must not read an
// unpublished dossier; it cannot choose the name, so only our names are
// answered. An IP address is never such a name.
func (s *server) knownHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	switch host {
	case "localhost", "127.0.0.1", "::1", s.addr:
		return true
	}
	return s.anyIP && net.ParseIP(host) != nil
}

const reloadPath = "/__dossier/"

// maxRead bounds the pages laid out ahead after a build: the last few
// read, a few tabs' worth, not every page a long session clicked through.
const maxRead = 8

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.knownHost(r.Host) {
		names := "localhost, 127.0.0.1 or [::1]"
		switch {
		case s.anyIP:
			names += ", or this machine's IP address"
		case !slices.Contains([]string{"localhost", "127.0.0.1", "::1"}, s.addr):
			names += ", or " + s.addr
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "This dossier preview answers only to %s, so that no other site can read it: open it at one of those.\n", names)
		return
	}
	switch r.URL.Path {
	case reloadPath + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, reloadJS)
		return
	case reloadPath + "state":
		s.state(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	site := s.site.Load()
	if site == nil {
		// No good build yet: a page that shows the errors and reloads
		// itself once the dossier builds.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>dossier: the build failed</title></head>`+
			`<body><h1>The dossier does not build yet</h1><p>Fix the problems below; this page reloads by itself.</p>`+
			`<script src="`+reloadPath+`reload.js"></script></body></html>`)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	data, ok, err := site.File(name)
	if !ok && err == nil {
		name = path.Join(name, "index.html")
		data, ok, err = site.File(name)
	}
	if err != nil {
		// A dossier's own template that fails on this page's data: the
		// check laid out one page of each kind, not every one.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "This page cannot be laid out:\n\n%v\n", err)
		return
	}
	if ok && strings.HasSuffix(name, ".html") {
		s.mu.Lock()
		s.read = append(slices.DeleteFunc(s.read, func(n string) bool { return n == name }), name)
		if len(s.read) > maxRead {
			s.read = s.read[len(s.read)-maxRead:]
		}
		s.mu.Unlock()
	}
	if strings.HasSuffix(name, ".html") {
		// The preview alone gets the reload script; built pages carry none.
		data = bytes.Replace(data, []byte("</body>"), []byte(`<script src="`+reloadPath+`reload.js"></script></body>`), 1)
	}
	if !ok {
		// Written whole: a Range header asks for part of the file that
		// was asked for, not of the 404 page.
		page, _, _ := site.File("404.html")
		page = bytes.Replace(page, []byte("</body>"), []byte(`<script src="`+reloadPath+`reload.js"></script></body>`), 1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.WriteHeader(http.StatusNotFound)
		w.Write(page)
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// state answers at once with the current build's version and problem, or,
// given ?after=N, when a build newer than N is done: a long poll, which needs
// nothing of the page but fetch.
func (s *server) state(w http.ResponseWriter, r *http.Request) {
	after, err := strconv.Atoi(r.URL.Query().Get("after"))
	s.mu.Lock()
	if err == nil && after >= s.version {
		wait := make(chan struct{})
		s.waiters = append(s.waiters, wait)
		s.mu.Unlock()
		select {
		case <-wait:
		case <-r.Context().Done():
			return
		case <-time.After(25 * time.Second):
		}
		s.mu.Lock()
	}
	v := struct {
		Version int    `json:"version"`
		Problem string `json:"problem"`
		Styles  string `json:"styles"`
	}{s.version, s.problem, s.styles}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(v)
}

// reloadJS brings the page up to date after each good build and shows the
// errors of a failed one over the last good page. The new page is fetched
// and put in place of the old one, keeping the scroll position and the
// loaded stylesheets; a page with scripts of its own (the search), a change
// of stylesheets, or a failed fetch gets a real reload instead.
const reloadJS = `(function () {
  if (window.dossierPreview) return; // once a page, whatever the swaps bring
  window.dossierPreview = true;
  var seen = -1, styles = null;
  function show(problem) {
    var box = document.getElementById("dossier-error");
    if (!problem) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "dossier-error";
      box.setAttribute("role", "alert");
      box.className = "dossier-error";
      document.body.prepend(box);
    }
    box.textContent = (document.querySelector("main") ? "The last edit broke the build; this is the last good version.\n\n" : "") + problem;
  }
  function sheets(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("link[rel~=stylesheet]"), function (l) { return l.getAttribute("href"); }).join(" ");
  }
  function scripted(doc) {
    return !!doc.querySelector("script[src]:not([src='/__dossier/reload.js']), script:not([src]):not([type='application/ld+json'])");
  }
  function swap(then) {
    fetch(location.href, {cache: "no-store"})
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (scripted(doc) || scripted(document) || sheets(doc) !== sheets(document)) { location.reload(); return; }
        var x = scrollX, y = scrollY, root = document.documentElement, keep = ":scope > :not(link[rel~=stylesheet])";
        document.head.querySelectorAll(keep).forEach(function (e) { e.remove(); });
        doc.head.querySelectorAll(keep).forEach(function (e) { document.head.append(document.adoptNode(e)); });
        Array.prototype.slice.call(root.attributes).forEach(function (a) { root.removeAttribute(a.name); });
        Array.prototype.forEach.call(doc.documentElement.attributes, function (a) { root.setAttribute(a.name, a.value); });
        root.replaceChild(document.adoptNode(doc.body), document.body);
        scrollTo(x, y);
        then();
      })
      .catch(function () { location.reload(); });
  }
  function poll() {
    fetch("/__dossier/state" + (seen >= 0 ? "?after=" + seen : ""), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        var changed = seen >= 0 && s.version !== seen && !s.problem;
        seen = s.version;
        if (changed && s.styles !== styles) { location.reload(); return; }
        if (!s.problem) styles = s.styles;
        if (changed) { swap(poll); return; }
        show(s.problem);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
`

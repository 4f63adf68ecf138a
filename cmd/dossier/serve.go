package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dossier-ssg/dossier/internal/build"
	"github.com/dossier-ssg/dossier/internal/load"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	var c common
	var addr string
	var port int
	fs := newFlags("serve", "Builds the dossier into a temporary folder, serves it, and rebuilds when\ndossier.yaml, content/ or templates/ change. Open pages reload by themselves;\na broken edit shows its errors in the page and here, and the last good\nsite stays up.", stderr, &c)
	fs.StringVar(&addr, "addr", "127.0.0.1", "`address` to listen on; use 0.0.0.0 only to share on your network")
	fs.IntVar(&port, "port", 8080, "`port` to listen on; 0 picks a free one")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	tmp, err := os.MkdirTemp("", "dossier-serve-")
	if err != nil {
		fmt.Fprintln(stderr, "dossier serve:", err)
		return exitUsage
	}
	defer os.RemoveAll(tmp)
	s := &server{opt: build.Options{Root: c.root, Out: filepath.Join(tmp, "site"), Captures: c.captures, Strict: c.strict}, stdout: stdout, stderr: stderr}
	if err := s.rebuild(); err != nil {
		fmt.Fprintln(stderr, "dossier serve:", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(addr, strconv.Itoa(port)))
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v; choose another port with -port N, or -port 0 for a free one\n", err)
		return exitUsage
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	fmt.Fprintf(stdout, "serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())

	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	last := s.fingerprint()
	for {
		select {
		case <-ctx.Done():
			shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			srv.Shutdown(shutdown)
			return exitOK
		case <-tick.C:
			// Polling a few hundred small files costs little and sees every
			// way an editor saves (rename, truncate, write).
			if fp := s.fingerprint(); fp != last {
				last = fp
				if err := s.rebuild(); err != nil {
					fmt.Fprintln(stderr, "dossier serve:", err)
				}
			}
		}
	}
}

// server serves the last good build and tells open pages when to reload.
type server struct {
	opt            build.Options
	stdout, stderr io.Writer

	mu      sync.Mutex
	problem string // the last build's errors; empty when it succeeded
	version int
	waiters []chan struct{}
}

// rebuild builds once and tells the pages. Only I/O failures come back as err.
func (s *server) rebuild() error {
	start := time.Now()
	res, errs, err := build.Run(s.opt)
	problem := ""
	switch {
	case err != nil:
		problem = err.Error()
	case errs.Fails(s.opt.Strict):
		problem = errs.Error()
		printErrors(s.stderr, errs)
		fmt.Fprintf(s.stderr, "build failed: %s; still serving the last good build\n", errs.Summary())
	default:
		printErrors(s.stderr, errs)
		fmt.Fprintf(s.stdout, "built in %v; %s%s\n", time.Since(start).Round(time.Millisecond), res.Verification, warned(errs))
	}
	s.mu.Lock()
	s.problem = problem
	s.version++
	for _, w := range s.waiters {
		close(w)
	}
	s.waiters = nil
	s.mu.Unlock()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// fingerprint changes whenever a file the build reads changes.
func (s *server) fingerprint() string {
	h := sha256.New()
	root := s.opt.Root
	for _, p := range []string{filepath.Join(root, load.ConfigName), filepath.Join(root, load.ContentDir), filepath.Join(root, load.TemplatesDir)} {
		filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if fi, err := e.Info(); err == nil {
				fmt.Fprintf(h, "%s %d %d\n", path, fi.Size(), fi.ModTime().UnixNano())
			}
			return nil
		})
	}
	return string(h.Sum(nil))
}

const reloadPath = "/__dossier/"

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case reloadPath + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, reloadJS)
		return
	case reloadPath + "state":
		s.state(w, r)
		return
	}
	if _, err := os.Stat(s.opt.Out); err != nil {
		// No good build yet: a page that shows the errors and reloads
		// itself once the dossier builds.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>dossier: the build failed</title></head>`+
			`<body><h1>The dossier does not build yet</h1><p>Fix the problems below; this page reloads by itself.</p>`+
			`<script src="`+reloadPath+`reload.js"></script></body></html>`)
		return
	}
	p := filepath.Join(s.opt.Out, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		p = filepath.Join(p, "index.html")
	}
	data, err := os.ReadFile(p)
	if err != nil {
		w.WriteHeader(http.StatusNotFound)
		data, _ = os.ReadFile(filepath.Join(s.opt.Out, "404.html"))
		p = "404.html"
	}
	if strings.HasSuffix(p, ".html") {
		// The preview alone gets the reload script; built pages carry none.
		data = bytes.Replace(data, []byte("</body>"), []byte(`<script src="`+reloadPath+`reload.js"></script></body>`), 1)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(data))
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
	}{s.version, s.problem}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(v)
}

// reloadJS reloads the page after each good build and shows the errors of a
// failed one over the last good page.
const reloadJS = `(function () {
  var seen = -1;
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
  function poll() {
    fetch("/__dossier/state" + (seen >= 0 ? "?after=" + seen : ""), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen >= 0 && s.version !== seen && !s.problem) { location.reload(); return; }
        seen = s.version;
        show(s.problem);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
`

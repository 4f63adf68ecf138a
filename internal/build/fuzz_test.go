package build

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/load"
)

// Limits that keep one fuzz input fast: a dossier of this size builds in
// milliseconds, so a build that runs for seconds is a hang, not a big input.
const (
	fuzzMaxBytes = 64 << 10
	fuzzMaxFiles = 100
	fuzzTimeout  = 10 * time.Second
)

// FuzzBuild runs the whole pipeline (load, check, verify, render, write) on
// an arbitrary small dossier given as a txtar archive of dossier.yaml,
// content/ and templates/. Whatever the input: no panic, no hang; problems
// come with a file, line and column, and leave nothing behind; a site that
// builds builds again to the same bytes, parses as HTML, and, with the
// default templates, carries no script but the JSON-LD data of a claim page,
// and is laid out by the executor as html/template lays it out.
func FuzzBuild(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, archive []byte) {
		if len(archive) > fuzzMaxBytes {
			return // larger than the fuzzing limit
		}
		// txtar.Parse (go-internal v1.16.0, like golang.org/x/tools/txtar,
		// golang/go#47193) panics on a marker line "-- --", whose "-- " and
		// " --" overlap: the parser's bug, not the build's.
		for line := range bytes.Lines(archive) {
			if line = bytes.TrimSuffix(line, []byte("\n")); string(bytes.TrimSuffix(line, []byte("\r"))) == "-- --" {
				return // a marker line txtar.Parse cannot read
			}
		}
		a := txtar.Parse(archive)
		if len(a.Files) > fuzzMaxFiles {
			return // more files than the fuzzing limit
		}
		root := t.TempDir()
		hasConfig, userScript, ownTemplates := false, false, false
		for _, file := range a.Files {
			if !fuzzName(file.Name) {
				continue
			}
			p := filepath.Join(root, filepath.FromSlash(file.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return // cannot be unpacked: e.g. a file and a folder of one name
			}
			if err := os.WriteFile(p, file.Data, 0o644); err != nil {
				return // cannot be unpacked
			}
			hasConfig = hasConfig || file.Name == load.ConfigName
			// The default templates never write a script; a template of the
			// dossier's own may, or may spell a tag name from data ("<{{"):
			// a script in the output is then its author's, not the input's.
			if strings.HasPrefix(file.Name, load.TemplatesDir+"/") {
				ownTemplates = true
				low := bytes.ToLower(file.Data)
				userScript = userScript || bytes.Contains(low, []byte("<script")) || bytes.Contains(low, []byte("<{{"))
			}
		}

		opt := Options{Root: root, Captures: fuzzCaptures(t, root)}
		tmp := t.TempDir()
		opt.Out = filepath.Join(tmp, "out")
		_, errs, err := runWithin(t, opt)
		for _, e := range errs {
			if e.Pos.File == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Errorf("problem without a full position: %q", e.Error())
			}
		}
		if err != nil || errs.Errors() > 0 {
			// err is for I/O: it names the file (an *fs.PathError), or says
			// that there is no dossier.yaml. Anything else is a problem in
			// the dossier that lost its position.
			var pe *fs.PathError
			if err != nil && hasConfig && !errors.As(err, &pe) {
				t.Errorf("Run returned an error that is neither I/O nor a problem at a position: %v", err)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("a failed build wrote %s (problems: %v, error: %v)", left[0].Name(), errs, err)
			}
			return
		}

		if !ownTemplates {
			// The executor that laid the pages out writes what
			// html/template writes, whatever the data.
			sameAsHTMLTemplate(t, root, opt.Captures, "")
		}
		first := snapshot(t, opt.Out)
		opt.Out = filepath.Join(t.TempDir(), "out")
		if _, errs, err := runWithin(t, opt); err != nil || errs.Errors() > 0 {
			t.Fatalf("the second build of the same dossier failed: %v %v", err, errs)
		}
		second := snapshot(t, opt.Out)
		if len(first) != len(second) {
			t.Errorf("the second build wrote %d files, the first %d", len(second), len(first))
		}
		for name, data := range first {
			if !bytes.Equal(data, second[name]) {
				t.Errorf("%s differs between two builds of the same dossier", name)
			}
		}
		for name, data := range first {
			if strings.HasSuffix(name, ".html") {
				doc, err := html.Parse(bytes.NewReader(data))
				if err != nil {
					t.Errorf("%s does not parse as HTML: %v", name, err)
					continue
				}
				if userScript {
					continue
				}
				blocks := 0
				for n := range doc.Descendants() {
					switch {
					case isJSONLD(n) && strings.HasPrefix(name, "claims/"), isSearchScript(name, n):
						blocks++
					case n.Type == html.ElementNode && n.DataAtom == atom.Script:
						t.Errorf("%s has a <script> element", name)
					}
				}
				// Every "<script" and "</script" of the page is the JSON-LD
				// block's own, or search.html's: nothing in it closed the
				// element early.
				low := bytes.ToLower(data)
				if n, m := bytes.Count(low, []byte("<script")), bytes.Count(low, []byte("</script")); n != blocks || m != blocks {
					t.Errorf("%s: %d \"<script\" and %d \"</script\" for %d JSON-LD blocks", name, n, m, blocks)
				}
				continue
			}
			if !userScript {
				if i := bytes.Index(bytes.ToLower(data), []byte("<script")); i >= 0 {
					t.Errorf("%s carries an unescaped <script: %q", name, data[max(0, i-60):min(len(data), i+60)])
				}
			}
		}
	})
}

// fuzzName reports whether an archive member is unpacked: dossier.yaml, or
// a clean relative name inside content/ or templates/. Everything else (an
// absolute name, "..", another folder) is left out.
func fuzzName(name string) bool {
	if name == load.ConfigName {
		return true
	}
	if !filepath.IsLocal(name) || path.Clean(name) != name || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	dir, rest, _ := strings.Cut(name, "/")
	return (dir == load.ContentDir || dir == load.TemplatesDir) && rest != ""
}

// fuzzCaptures keeps the build inside its own folders. A captures: folder
// inside the dossier is used as it is; any other (absolute, or reached
// through "..") could be any folder of this machine, where a capture such
// as /dev/zero never ends, so the build is pointed at an empty folder
// instead. An archive without dossier.yaml gets the empty folder too.
func fuzzCaptures(t *testing.T, root string) string {
	type loaded struct {
		captures string
		err      error
	}
	l := within(t, func() loaded {
		d, _, err := load.Load(root)
		if err != nil {
			return loaded{err: err}
		}
		return loaded{captures: d.Captures}
	})
	if l.err == nil && (l.captures == "" || filepath.IsLocal(filepath.FromSlash(l.captures))) {
		return ""
	}
	return t.TempDir()
}

// runWithin runs the build through within.
func runWithin(t *testing.T, opt Options) (*Result, diag.List, error) {
	t.Helper()
	type result struct {
		res  *Result
		errs diag.List
		err  error
	}
	r := within(t, func() result {
		res, errs, err := Run(opt)
		return result{res, errs, err}
	})
	return r.res, r.errs, r.err
}

// within calls fn and fails the test, instead of hanging the fuzzer, when
// fn takes longer than fuzzTimeout. A panic in fn is reported with its stack.
func within[T any](t *testing.T, fn func() T) T {
	t.Helper()
	type result struct {
		v     T
		panic string
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: fmt.Sprintf("%v\n%s", p, debug.Stack())}
			}
		}()
		done <- result{v: fn()}
	}()
	select {
	case r := <-done:
		if r.panic != "" {
			t.Fatalf("panic: %s", r.panic)
		}
		return r.v
	case <-time.After(fuzzTimeout):
		t.Fatalf("no answer within %v", fuzzTimeout)
		panic("unreachable")
	}
}

// fuzzSeeds are the starting corpus: the features dossier, the example
// (read from the repository at test time, as it is and without its
// captures folder, which is not in the archive), and small hand-written
// dossiers at the edges of the formats.
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	features, err := os.ReadFile("testdata/features.txtar")
	if err != nil {
		f.Fatal(err)
	}
	seeds := [][]byte{features}

	example := &txtar.Archive{Comment: []byte("The example dossier of the repository.\n")}
	cfg, err := os.ReadFile("../../dossier.yaml")
	if err != nil {
		f.Fatal(err)
	}
	example.Files = append(example.Files, txtar.File{Name: "dossier.yaml", Data: cfg})
	sources, _ := filepath.Glob("../../content/*.md")
	if len(sources) == 0 {
		f.Fatal("the example has no sources in ../../content")
	}
	for _, p := range sources {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		example.Files = append(example.Files, txtar.File{Name: "content/" + filepath.Base(p), Data: data})
	}
	seeds = append(seeds, txtar.Format(example))
	var kept []string
	for _, line := range strings.SplitAfter(string(cfg), "\n") {
		if !strings.HasPrefix(line, "captures:") {
			kept = append(kept, line)
		}
	}
	example.Files[0].Data = []byte(strings.Join(kept, ""))
	seeds = append(seeds, txtar.Format(example))

	capture := "They were produced in early 2012. Officials wore them at the plenary.\n"
	for _, s := range []string{
		// The smallest dossier, and one without a title.
		"-- dossier.yaml --\ntitle: T\n",
		"-- dossier.yaml --\ntitle: \"\"\n",
		// No dossier.yaml at all.
		"-- content/a.md --\n---\ntitle: A\nkind: report\n---\n",
		// A small dossier that builds, with every kind of link and a quote
		// verified against a capture kept in content/.
		"-- dossier.yaml --\ntitle: Small\ncaptures: content\n" +
			"questions:\n  - id: q\n    question: When?\n    answers: [{claim: c, answer: In 2012}]\nclaims:\n  - id: c\n    statement: Made in 2012.\n" +
			"    related: [{claim: d, relation: supports}]\n  - id: d\n    statement: Worn at the plenary.\n" +
			"origins: [{id: o, name: An origin}]\n" +
			"-- content/a.md --\n---\ntitle: A\nkind: report\npublished: 2024-07\n" +
			fmt.Sprintf("capture:\n  file: cap.txt\n  sha256: %x\n", sha256.Sum256([]byte(capture))) +
			"relays: [{origin: o}]\nannotations:\n  - claim: c\n    stance: supports\n    quote: produced in early 2012\n    via: o\n" +
			"  - claim: d\n    stance: supports\n    quote: Officials wore them at the plenary.\n    via: own\n---\n" +
			"See [c](claim:c), [q](question:q), [a](source:a) [@a, p. 1].\n" +
			"-- content/cap.txt --\n" + capture,
		// A tab in YAML, in dossier.yaml and in front matter.
		"-- dossier.yaml --\ntitle: T\nclaims:\n\t- id: c\n\t  statement: S\n",
		"-- dossier.yaml --\ntitle: T\n-- content/a.md --\n---\ntitle: A\n\tkind: report\n---\n",
		// A 0xff byte in a title, a quote and a body.
		"-- dossier.yaml --\ntitle: T\xff\nclaims:\n  - id: c\n    statement: S\n" +
			"-- content/a.md --\n---\ntitle: \xffA\nkind: report\nannotations:\n  - claim: c\n    stance: supports\n    quote: q\xff\n---\nBody \xff [@a].\n",
		"-- dossier.yaml --\ntitle: T\n-- content/a.md --\n---\ntitle: A\nkind: report\n---\nBody \xff\xfe [x](https://e.org/\xff).\n",
		// Deep nesting: YAML flow lists; block quotes, lists and emphasis
		// in Markdown that builds.
		"-- dossier.yaml --\ntitle: T\norigins: " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\n",
		"-- dossier.yaml --\ntitle: T\nclaims:\n  - id: c\n    statement: S\n    context: |\n      " + strings.Repeat("> ", 200) + "deep\n" +
			"-- content/a.md --\n---\ntitle: A\nkind: report\n---\n" + strings.Repeat("- ", 100) + "item\n\n" +
			strings.Repeat("*", 200) + "x" + strings.Repeat("*", 200) + "\n\n" + strings.Repeat("[", 200) + "x" + strings.Repeat("]", 200) + "\n",
		// Templates of the dossier's own, one broken.
		"-- dossier.yaml --\ntitle: T\n-- templates/claim.html --\n{{define \"main\"}}<p>{{.Claim.Statement}}</p>{{end}}\n" +
			"-- templates/style.css --\nbody { color: black }\n",
		"-- dossier.yaml --\ntitle: T\nclaims:\n  - id: c\n    statement: S\n-- templates/claim.html --\n{{define \"main\"}}{{.Claim.Nope}}{{end}}\n",
		// A source in a subfolder and one with the wrong extension.
		"-- dossier.yaml --\ntitle: T\n-- content/sub/a.md --\n---\ntitle: A\nkind: report\n---\n-- content/b.markdown --\nx\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

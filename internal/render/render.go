// Package render turns a checked dossier into the pages of its site: it
// prepares every page's data in Go (verdicts, footnote numbers, backlinks,
// agreement tables) and lays it out with html/template. It writes nothing to
// disk; package site does.
package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/markdown"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/verdict"
	"github.com/dossier-ssg/dossier/internal/verify"
)

// File is one output file, its path relative to the site root.
type File struct {
	Path string
	Data []byte
}

// Options are the settings of one rendering.
type Options struct {
	Templates    *Templates
	BaseURL      string // overrides the dossier's base_url when set
	BuildDate    string // printed in the footer; empty for none
	Verification verify.Summary
	// Write receives each file as soon as it is rendered, from several
	// goroutines at once, and must be done with File.Data when it returns.
	// Nil collects the files and Site returns them.
	Write func(File) error
	// Stream, when set, receives the largest files (the pages made of
	// every claim, dossier.json, the search index) as a function that
	// writes one to the file it is given, so that none is held whole;
	// like Write, it is called from several goroutines at once. Without
	// it they are made in memory and handed to Write.
	Stream func(path string, write func(io.Writer) error) error
	// Cache, when set, keeps parsed Markdown and rendered pages between
	// renderings of one dossier (the preview): a page whose data did not
	// change is not laid out again.
	Cache *Cache
	// Parsed, when set, is the dossier's Markdown parsed already, by Parse
	// with the same BaseURL and no Cache: it is taken instead of parsing
	// again.
	Parsed *Parsed
}

// Parsed is a dossier's Markdown parsed and checked: what every page
// needs to know of the others' texts (their links, whether they hold
// code) and the problems found, but no tree and no HTML.
type Parsed struct {
	base     string
	texts    map[string]*text
	linkedTo map[string][]backlink
	errs     diag.List
}

// Parse parses the dossier's Markdown, the first step of Site, Check,
// Prepare and Single, so that it can run while the quotes are verified
// and the verdicts derived: it reads neither. Only opt.BaseURL counts.
func Parse(d *model.Dossier, md *markdown.Markdown, opt Options) *Parsed {
	s := newSite(d, md, Options{BaseURL: opt.BaseURL})
	errs := s.parseAll()
	return &Parsed{base: s.base, texts: s.texts, linkedTo: s.linkedTo, errs: errs}
}

// site is the shared, read-only state of one rendering.
type site struct {
	d        *model.Dossier
	l        *labels.Table // the words of the pages
	md       *markdown.Markdown
	opt      Options
	base     string
	texts    map[string]*text // by page path
	linkedTo map[string][]backlink
	view     *SiteView
	rendered *textUse[*rendered] // nil without a cache
}

// text is one Markdown text of the dossier and the page it goes on.
type text struct {
	path, title, text string
	pos               diag.Pos
	code              bool // it has a code block: its page links the code stylesheet
}

// parsed is what parsing a text tells the whole site: its links, for
// backlinks, and its problems. The tree itself is dropped: a large
// dossier's trees would not fit in memory, and each page parses its own
// text again when it is laid out.
type parsed struct {
	links []markdown.Link
	errs  diag.List
	code  bool
}

// rendered is a text's HTML and the notes its citations numbered.
type rendered struct {
	html  template.HTML
	notes *markdown.Notes
}

type backlink struct {
	page, title, elem string
}

// Check parses every Markdown text of d and reports its problems. When the
// dossier has templates of its own it also lays out every page into
// nothing, so that a mistake in them is found too; it writes no page.
func Check(d *model.Dossier, md *markdown.Markdown, opt Options) (diag.List, error) {
	return check(d, md, opt, true)
}

// check is Check. With the default templates it lays out no page: a
// mistake in them is a bug of dossier's, which its tests are for, not a
// problem of the dossier, and a check that renders costs a third of a
// build. With templates of the dossier's own, whose mistakes may show on
// one page's data only (an index out of range on one claim), Check lays
// out every page, and the preview (whole false) one page of each kind.
func check(d *model.Dossier, md *markdown.Markdown, opt Options, whole bool) (diag.List, error) {
	s := newSite(d, md, opt)
	// Warnings in the Markdown (a footnote never used) do not stop the
	// probes: they come back with whatever the probes find.
	errs := s.parseAll()
	if errs.Errors() > 0 || opt.Templates == nil || !opt.Templates.Own() {
		return errs, nil
	}
	seen := map[string]bool{}
	var probe []job
	for _, j := range s.jobs() {
		if whole || !seen[j.tmpl] {
			seen[j.tmpl] = true
			probe = append(probe, j)
		}
	}
	// The probes run side by side on a fixed pool (the pages made of
	// every claim take the time); the first failure in the jobs' order is
	// the one reported, so the report does not depend on which finished
	// first.
	failures := make([]error, len(probe))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(probe), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(probe) {
					return
				}
				failures[i] = opt.Templates.Execute(io.Discard, probe[i].tmpl, s.build(probe[i]))
			}
		})
	}
	wg.Wait()
	for _, err := range failures {
		if err != nil {
			l, err := opt.Templates.ExecError(err)
			errs.Append(l)
			return errs, err
		}
	}
	return errs, nil
}

func newSite(d *model.Dossier, md *markdown.Markdown, opt Options) *site {
	s := &site{
		d: d, l: d.Labels, md: md, opt: opt,
		base:     strings.TrimSuffix(cmpOr(opt.BaseURL, d.BaseURL), "/") + "/",
		texts:    map[string]*text{},
		linkedTo: map[string][]backlink{},
	}
	if s.base == "/" {
		s.base = ""
	}
	s.view = &SiteView{
		Title: d.Title, Description: d.Description, Language: d.Language,
		Verification: opt.Verification.Sentence(d.Labels),
		Sourcing:     d.Labels.Get(verdict.Sourcing),
		BuildDate:    opt.BuildDate,
		BaseURL:      s.base,
	}
	return s
}

// job is one page to lay out.
type job struct {
	path      string
	build     func(p *Page)
	tmpl      string
	wholeSite bool // the page lists every claim or source: costly at 10,000
}

func (s *site) jobs() []job {
	jobs := []job{
		{"index.html", s.index, "index.html", true},
		{"matrix.html", s.matrix, "matrix.html", true},
		{"bibliography.html", s.bibliography, "bibliography.html", true},
		{"method.html", s.method, "method.html", false},
		{"claims-matrix.html", s.claimsMatrix, "claims-matrix.html", true},
		{"timeline.html", s.timeline, "timeline.html", true},
		{"people.html", s.people, "people.html", true},
		{"search.html", s.search, "search.html", false},
		{"404.html", func(p *Page) { p.Kind, p.Title = "404", s.l.Get("page.404") }, "404.html", false},
	}
	for _, src := range s.d.Sources {
		jobs = append(jobs, job{pagePath("source", src.ID), func(p *Page) { s.source(p, src) }, "source.html", false})
	}
	for _, c := range s.d.Claims {
		jobs = append(jobs, job{pagePath("claim", c.ID), func(p *Page) { s.claim(p, c) }, "claim.html", false})
	}
	for _, q := range s.d.Questions {
		jobs = append(jobs, job{pagePath("question", q.ID), func(p *Page) { s.question(p, q) }, "question.html", false})
	}
	return jobs
}

// build prepares the data of a page.
func (s *site) build(j job) *Page {
	p := s.page(j.path)
	if t := s.texts[j.path]; t != nil {
		p.Code = t.code
	}
	j.build(p)
	if wholeCards[p.Kind] != "" {
		s.card(p)
	}
	p.HeadTitle = headTitle(p.Title, s.d.Title, p.Kind == "index")
	return p
}

// Site renders every page of d, and the files beside them, and hands each to
// opt.Write as it is done, on a fixed pool of workers: no page waits for the
// others, and the site is never held whole in memory. Without opt.Write the
// files come back, sorted. Problems in Markdown (unknown IDs, unsafe links)
// come back as a list; err is for template and write failures.
func Site(d *model.Dossier, md *markdown.Markdown, opt Options) ([]File, diag.List, error) {
	var files []File
	var mu sync.Mutex
	if opt.Write == nil {
		opt.Write = func(f File) error {
			mu.Lock()
			files = append(files, File{f.Path, bytes.Clone(f.Data)})
			mu.Unlock()
			return nil
		}
	}
	s := newSite(d, md, opt)
	// Warnings in the Markdown do not stop the pages: they come back
	// with them, for the caller to print (or, under -strict, to refuse).
	errs := s.parseAll()
	if errs.Errors() > 0 {
		return nil, errs, nil
	}
	s.rendered = opt.Cache.renderedFor(s.fingerprint(true))
	jobs := s.jobs()
	// The files beside the pages (dossier.json, the CSV, the sitemap)
	// are made by the same workers, once the pages are all taken.
	extras := s.extraFiles()
	var (
		wg     sync.WaitGroup
		next   atomic.Int64
		failed atomic.Bool
		errMu  sync.Mutex
		first  error
		firstI int
	)
	// fail keeps the failure of the task listed first, whichever worker
	// reports first: every task before a failed one was already taken
	// and runs to its end, so the same input reports the same failure.
	fail := func(i int, err error) {
		errMu.Lock()
		if first == nil || i < firstI {
			first, firstI = err, i
		}
		errMu.Unlock()
		failed.Store(true)
	}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var b bytes.Buffer
			b.Grow(32 << 10) // most pages are 8-30 KB
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(jobs)+len(extras) {
					return
				}
				if i >= len(jobs) {
					x := extras[i-len(jobs)]
					var err error
					if x.write != nil && opt.Stream != nil {
						err = opt.Stream(x.path, x.write)
					} else {
						err = opt.Write(File{x.path, x.bytes()})
					}
					if err != nil {
						fail(i, err)
					}
					continue
				}
				j := jobs[i]
				if j.wholeSite && opt.Stream != nil {
					// Megabytes at 10,000 claims: written as they are
					// laid out, not gathered first.
					if err := opt.Stream(j.path, func(w io.Writer) error {
						if err := opt.Templates.Execute(w, j.tmpl, s.build(j)); err != nil {
							return templateFailure{err}
						}
						return nil
					}); err != nil {
						fail(i, err)
					}
					continue
				}
				b.Reset()
				if err := opt.Templates.Execute(&b, j.tmpl, s.build(j)); err != nil {
					fail(i, templateFailure{err})
					continue
				}
				if err := opt.Write(File{j.path, b.Bytes()}); err != nil {
					fail(i, err)
				}
				if b.Cap() > maxKeptBuffer {
					// A page made of every claim (megabytes at 10,000
					// claims) does not leave its buffer to the rest.
					b = bytes.Buffer{}
					b.Grow(32 << 10)
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		if tf, ok := first.(templateFailure); ok {
			l, err := opt.Templates.ExecError(tf.err)
			errs.Append(l)
			return nil, errs, err
		}
		return nil, errs, first
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, errs, nil
}

// maxKeptBuffer is the largest page buffer a worker keeps for the next
// page.
const maxKeptBuffer = 1 << 20

// Prepared is a dossier ready to be laid out page by page: its texts
// parsed, the links between its pages known and, with templates of the
// dossier's own, one page of each kind laid out to find their mistakes.
// The preview serves from one, laying out each page when it is first
// asked for, so an edit costs the work of the page open in the browser,
// not of the whole site. It is safe for concurrent use.
type Prepared struct {
	s      *site
	jobs   map[string]job
	mu     sync.Mutex
	done   map[string][]byte // pages and extras, made on first use
	doing  map[string]*layout
	extras map[string]extra
}

// layout is a file being laid out, which others who ask for it wait for.
type layout struct {
	finished chan struct{}
	data     []byte
	ok       bool
	err      error
}

// Prepare readies d to be laid out page by page. Its problems, in Markdown
// or in the dossier's own templates, come back as a list.
func Prepare(d *model.Dossier, md *markdown.Markdown, opt Options) (*Prepared, diag.List, error) {
	errs, err := check(d, md, opt, false)
	if errs.Errors() > 0 || err != nil {
		return nil, errs, err
	}
	s := newSite(d, md, opt)
	s.parseAll() // parsed already, and cached: cheap
	s.rendered = opt.Cache.renderedFor(s.fingerprint(true))
	p := &Prepared{s: s, jobs: map[string]job{}, done: map[string][]byte{}, doing: map[string]*layout{}, extras: map[string]extra{}}
	for _, j := range s.jobs() {
		p.jobs[j.path] = j
	}
	for _, x := range s.extraFiles() {
		p.extras[x.path] = x
	}
	return p, errs, nil // the warnings, if any
}

// File lays out the file at path, or returns it when it was laid out
// before; ok is false when the site has no such file. An error from a
// template comes back as err, with its place in the template.
func (p *Prepared) File(path string) (data []byte, ok bool, err error) {
	p.mu.Lock()
	if data, done := p.done[path]; done {
		p.mu.Unlock()
		return data, true, nil
	}
	// A file being laid out (a page the preview lays out ahead after a
	// build, which the browser asks for as it reloads) is waited for,
	// not laid out twice.
	if l := p.doing[path]; l != nil {
		p.mu.Unlock()
		<-l.finished
		return l.data, l.ok, l.err
	}
	l := &layout{finished: make(chan struct{})}
	p.doing[path] = l
	p.mu.Unlock()
	l.data, l.ok, l.err = p.lay(path)
	p.mu.Lock()
	if l.ok {
		p.done[path] = l.data
	}
	delete(p.doing, path)
	p.mu.Unlock()
	close(l.finished)
	return l.data, l.ok, l.err
}

// lay lays out the file at path.
func (p *Prepared) lay(path string) (data []byte, ok bool, err error) {
	j, isPage := p.jobs[path]
	if !isPage {
		// Only the file asked for: a page's stylesheet must not wait for
		// the open data of 10,000 claims.
		x, ok := p.extras[path]
		if !ok {
			return nil, false, nil
		}
		return x.bytes(), true, nil
	}
	var b bytes.Buffer
	if err := p.s.opt.Templates.Execute(&b, j.tmpl, p.s.build(j)); err != nil {
		l, err2 := p.s.opt.Templates.ExecError(err)
		if err2 == nil {
			err2 = l.Err()
		}
		return nil, false, err2
	}
	return b.Bytes(), true, nil
}

// Pages counts the site's pages.
func (p *Prepared) Pages() int { return len(p.jobs) }

// Styles fingerprints the site's stylesheets: a page whose styles are the
// same may be put in place of the last one without reloading them.
func (p *Prepared) Styles() [32]byte {
	h := sha256.New()
	for _, path := range slices.Sorted(maps.Keys(p.extras)) {
		if strings.HasSuffix(path, ".css") {
			data, _, _ := p.File(path)
			fmt.Fprintf(h, "%s\x00%d\x00", path, len(data))
			h.Write(data)
		}
	}
	return [32]byte(h.Sum(nil))
}

// All lays out every file, for tests and tools that want the whole site.
func (p *Prepared) All() ([]File, error) {
	var files []File
	paths := slices.Sorted(maps.Keys(p.jobs))
	paths = append(paths, slices.Collect(maps.Keys(p.extras))...)
	slices.Sort(paths)
	for _, path := range paths {
		data, ok, err := p.File(path)
		if err != nil {
			return nil, err
		}
		if ok {
			files = append(files, File{path, data})
		}
	}
	return files, nil
}

// templateFailure marks an error from executing a template, which may be
// the dossier's own mistake, from one in writing.
type templateFailure struct{ err error }

func (t templateFailure) Error() string { return t.err.Error() }

// maxTitle is the longest <title> tabs and search results show whole,
// counted as written in the page, entities included.
const maxTitle = 70

// headTitle gives "Page · Site", dropping the site and then shortening the
// page's title at a word boundary when the whole is too long. It reads a
// title at most once, and most titles only as far as their first hundred
// or so characters, however long they are.
func headTitle(page, site string, index bool) string {
	t := page + " · " + site
	if index {
		t = site
	}
	if fitsTitle(t) {
		return t
	}
	if !index {
		t = page
	}
	if fitsTitle(t) {
		return t
	}
	return shortenTitle(t)
}

// titleWidth is how many characters r takes in the page once escaped
// ("&" is "&amp;"), as template.HTMLEscapeString writes it.
func titleWidth(r rune) int {
	switch r {
	case '&', '"', '\'':
		return 5
	case '<', '>':
		return 4
	}
	return 1
}

// fitsTitle reports whether s takes at most maxTitle characters escaped,
// reading no more of it than that.
func fitsTitle(s string) bool {
	w := 0
	for _, r := range s {
		if w += titleWidth(r); w > maxTitle {
			return false
		}
	}
	return true
}

// shortenTitle cuts a title that does not fit to the longest prefix that
// does with an ellipsis, or, when the prefix's last space falls in its
// second half and the text before it fits, to that word boundary: the
// longest such cut wins, the word boundary when both are as long. (Each
// byte that is not UTF-8 counts, and is written, as U+FFFD.)
func shortenTitle(t string) string {
	const room = maxTitle - 1 // for the ellipsis
	var (
		width    int  // escaped width of the prefix read so far
		size     int  // its length in bytes, as written
		keepW    int  // width up to its last rune that a cut does not trim
		space    int  // the prefix's last space: its offset in t,
		spaceAt  int  // as written,
		spaceFit bool // and whether the text before it fits once trimmed
		best     int  // the longest cut found: the end of the prefix in t,
		bestWord = -1 // or of the text before its last space, if cut there
	)
	for i, r := range t {
		// The prefix t[:i] is a candidate if at least one rune is cut.
		if spaceFit && size < 2*spaceAt {
			best, bestWord = i, space
		} else if width <= room {
			best, bestWord = i, -1
		}
		if width > room && !(spaceFit && size < 2*spaceAt) && keepW > room {
			break // no longer prefix can fit, nor end in a usable space
		}
		if r == ' ' {
			space, spaceAt, spaceFit = i, size, keepW <= room
		}
		width += titleWidth(r)
		size += utf8.RuneLen(r) // U+FFFD, 3 bytes, for a bad byte
		if !strings.ContainsRune(" ,;:.", r) {
			keepW = width
		}
	}
	if bestWord >= 0 {
		return strings.TrimRight(validRunes(t[:bestWord]), " ,;:.") + "…"
	}
	return validRunes(t[:best]) + "…"
}

// validRunes writes each byte of s that is not UTF-8 as U+FFFD, as a
// conversion to []rune and back does.
func validRunes(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// pagePath is where the page of kind/id lives, relative to the site root.
func pagePath(kind, id string) string {
	switch kind {
	case "claim":
		return "claims/" + id + ".html"
	case "question":
		return "questions/" + id + ".html"
	case "source":
		return "sources/" + id + ".html"
	}
	return id + ".html"
}

// rootOf gives the relative path from a page back to the site root.
func rootOf(path string) string {
	return strings.Repeat("../", strings.Count(path, "/"))
}

// parseAll parses every Markdown text once, on every CPU, for its links
// and its problems, so each page can list what links to it before any is
// laid out.
func (s *site) parseAll() diag.List {
	if p := s.opt.Parsed; p != nil && p.base == s.base && s.opt.Cache == nil {
		s.texts, s.linkedTo = p.texts, p.linkedTo
		return p.errs
	}
	var texts []*text
	add := func(path, title, t string, pos diag.Pos) {
		if strings.TrimSpace(t) != "" {
			tx := &text{path: path, title: title, text: t, pos: pos}
			texts = append(texts, tx)
			s.texts[path] = tx
		}
	}
	add("method.html", s.l.Get("page.method"), s.d.Method, s.d.MethodPos)
	for _, src := range s.d.Sources {
		add(pagePath("source", src.ID), src.Title, string(src.Body), diag.Pos{File: src.Path, Line: src.BodyLine, Col: 1})
	}
	for _, q := range s.d.Questions {
		add(pagePath("question", q.ID), q.Text, q.Context, q.CtxPos)
	}
	for _, c := range s.d.Claims {
		add(pagePath("claim", c.ID), c.Statement, c.Context, c.CtxPos)
	}
	cache := s.opt.Cache.parsedFor(s.fingerprint(false))
	out := make([]*parsed, len(texts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(texts), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(texts) {
					return
				}
				t := texts[i]
				key := cache.key(t)
				if pd, ok := cache.get(key); ok {
					out[i] = pd
					continue
				}
				doc, errs := s.parse(t, &markdown.Notes{}, false)
				out[i] = &parsed{links: doc.Links, errs: errs, code: doc.Code}
				cache.put(key, out[i])
			}
		})
	}
	wg.Wait()
	var errs diag.List
	for i, t := range texts {
		pd := out[i]
		errs.Append(pd.errs)
		t.code = pd.code
		for _, l := range pd.links {
			key := l.Kind + ":" + l.ID
			s.linkedTo[key] = append(s.linkedTo[key], backlink{page: t.path, title: t.title, elem: l.ElemID})
		}
	}
	return errs
}

// parse parses one text, numbering its citations into notes; checked
// says parseAll found no problem in it.
func (s *site) parse(t *text, notes *markdown.Notes, checked bool) (*markdown.Doc, diag.List) {
	root := rootOf(t.path)
	return s.md.Parse([]byte(t.text), markdown.Env{
		Pos: t.pos, Dossier: s.d, Notes: notes, HeadingOffset: 2, Checked: checked, Labels: s.l,
		Href: func(kind, id string) string { return root + pagePath(kind, id) },
		Abs:  func(kind, id string) string { return s.abs(pagePath(kind, id)) },
	})
}

// fingerprint is everything outside a text that its parsed form depends
// on: which IDs exist (links to unknown ones are errors), the titles of
// the sources it may cite (a citation mark names its source), the base URL
// (printed addresses), whether it was rendered, and then the words of its
// marks. A cached text is used again only under the same fingerprint.
func (s *site) fingerprint(render bool) [32]byte {
	h := sha256.New()
	// Partial: with dossier.yaml unreadable, links to its IDs are not
	// checked; a text parsed then must be parsed again once it reads.
	fmt.Fprintf(h, "%v\x00%s\x00%v\x00", render, s.base, s.d.Partial)
	if render {
		sum := s.l.Sum()
		h.Write(sum[:])
	}
	ids := make([]string, 0, len(s.d.IDs))
	for id, r := range s.d.IDs {
		ids = append(ids, r.Kind.String()+":"+id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		io.WriteString(h, id+"\x00")
	}
	for _, src := range s.d.Sources {
		io.WriteString(h, src.ID+"\x00"+src.Title+"\x00")
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

func (s *site) page(path string) *Page {
	p := &Page{Site: s.view, Path: path, Root: rootOf(path)}
	switch {
	case path == "404.html" && s.base != "":
		// GitHub Pages serves 404.html for a missing page at any depth, so
		// its links cannot be relative: they start from the site's path.
		if u, err := url.Parse(s.base); err == nil {
			p.Root = u.Path
		}
	case s.base != "":
		p.Canonical = s.base + strings.TrimSuffix(path, "index.html")
	}
	p.OGType, p.Description = "website", cmpOr(s.d.Description, s.d.Title)
	for _, n := range siteNav {
		p.Nav = append(p.Nav, NavItem{Label: s.l.Get(n[0]), Href: p.Root + n[1], Current: n[1] == path})
	}
	return p
}

// markdown renders the page's text, if any, and gives its notes, which
// the page owns from here on, so table cells continue the numbering. The
// preview keeps what it rendered and hands each page a copy of the notes.
func (s *site) markdown(path string) (template.HTML, *markdown.Notes) {
	t := s.texts[path]
	if t == nil {
		return "", &markdown.Notes{}
	}
	key := s.rendered.key(t)
	if r, ok := s.rendered.get(key); ok {
		return r.html, r.notes.Clone()
	}
	notes := &markdown.Notes{}
	doc, _ := s.parse(t, notes, true) // its problems were found by parseAll
	out, err := s.md.Render(doc)
	if err != nil {
		// goldmark only fails on writer errors, and this writer is memory.
		panic(err)
	}
	r := &rendered{html: template.HTML(out), notes: notes}
	// A footnote's note keeps its text's tree, which laying out the notes
	// numbers: such a text is not shared between renderings.
	if s.rendered != nil && !slices.ContainsFunc(notes.List, (*markdown.Note).IsFootnote) {
		s.rendered.put(key, r)
		return r.html, notes.Clone()
	}
	return r.html, notes
}

func (s *site) linkedFrom(p *Page, kind, id string) []Link {
	var out []Link
	for _, b := range s.linkedTo[kind+":"+id] {
		out = append(out, Link{Text: b.title, Href: p.Root + b.page + "#" + b.elem, Abs: s.abs(b.page + "#" + b.elem)})
	}
	return out
}

func (s *site) cite(notes *markdown.Notes, a *model.Annotation) QuoteView {
	n, ref := notes.Cite(a.Source, markdown.NoteItem{Quote: a.Quote, Locator: a.Locator, Check: a.Check, Via: s.viaText(a)})
	var b strings.Builder
	markdown.WriteCiteMark(&b, n, ref, markdown.MarkName(s.l, n))
	q := QuoteView{Text: a.Quote, Mark: template.HTML(b.String()), Verified: a.Check.Verified, SHA: short(a.Check.SHA256), Paragraph: a.Check.Paragraph}
	for _, sp := range a.Check.Context {
		q.Context = append(q.Context, ContextSpan{Text: sp.Text, Quoted: sp.Quoted, Space: sp.Space})
	}
	return q
}

// viaText names what an annotation rests on, "Yonhap → North Korean
// officials", or "" for a source's own reporting.
func (s *site) viaText(a *model.Annotation) string {
	if len(a.Chain) < 2 {
		return ""
	}
	var names []string
	for _, r := range a.Chain[1:] {
		names = append(names, s.d.Name(r))
	}
	return strings.Join(names, " → ")
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

func (s *site) notes(p *Page, notes *markdown.Notes) {
	// The notes come last on the page, so the marks in a footnote's text
	// are numbered last, in the order the notes are read; a note they add
	// is read in turn. Only then is every note's list of uses complete.
	texts := map[*markdown.Note]template.HTML{}
	for i := 0; i < len(notes.List); i++ {
		n := notes.List[i]
		if !n.IsFootnote() {
			continue
		}
		text, err := s.md.NoteText(notes, n)
		if err != nil {
			// goldmark only fails on writer errors, and this writer is memory.
			panic(err)
		}
		texts[n] = template.HTML(text)
	}
	for _, n := range notes.List {
		nv := &NoteView{Num: n.Num, ID: n.ID(), Refs: n.Refs}
		nv.Bare.Num = n.Num
		if n.IsFootnote() {
			nv.Footnote, nv.Text, nv.Bare.Refs = true, texts[n], n.Refs
			p.Notes = append(p.Notes, nv)
			continue
		}
		src := n.Source
		if cur := s.d.SourceByID[src.ID]; cur != nil {
			// A text the preview rendered before may cite the source of
			// an earlier load: what the note shows comes from this one.
			src = cur
		}
		nv.Title, nv.Outlet, nv.Date = src.Title, src.Outlet, s.dateText(src.Published)
		nv.Href, nv.URL, nv.BibHref = p.Root+pagePath("source", src.ID), src.URL, p.Root+"bibliography.html#bib-"+src.ID
		nv.Abs, nv.BibAbs = s.abs(pagePath("source", src.ID)), s.abs("bibliography.html#bib-"+src.ID)
		for _, it := range n.Items {
			nv.Items = append(nv.Items, NoteItemView{Quote: it.Quote, Locator: it.Locator, Verified: it.Check.Verified, SHA: short(it.Check.SHA256), Paragraph: it.Check.Paragraph, Back: BackRefs{Num: n.Num}})
		}
		for _, r := range n.Refs {
			if r.Item < 0 {
				nv.Bare.Refs = append(nv.Bare.Refs, r)
			} else {
				nv.Items[r.Item].Back.Refs = append(nv.Items[r.Item].Back.Refs, r)
			}
		}
		p.Notes = append(p.Notes, nv)
	}
}

func (s *site) stanceView(st model.Stance) StanceView {
	i, _ := st.Info()
	return StanceView{Value: string(st), Label: s.l.Get("stance." + string(st)), Symbol: i.Symbol, Class: "stance-" + string(st)}
}

// verdictView lays out an assessment. A corroborated verdict says by how
// many independent origins, so no label can be read as plain "true".
func (s *site) verdictView(a *model.Assessment) VerdictView {
	if a == nil {
		return VerdictView{}
	}
	v := s.labelOf(a.Verdict, len(a.Origins), a.Override == nil)
	v.Reason, v.Rates = a.Reason, s.l.Get(verdict.Sourcing)
	if a.Override != nil {
		v.Overridden, v.DerivedLabel, v.Rationale = true, s.labelOf(a.Derived, len(a.Origins), true).Label, a.Override.Rationale
	}
	return v
}

// labelOf names a verdict; origins is how many independent origins back
// it, said when the rules (not an editor) made it corroborated.
func (s *site) labelOf(verdict model.Verdict, origins int, counted bool) VerdictView {
	i, _ := verdict.Info()
	v := VerdictView{Value: string(verdict), Label: s.l.Get("verdict." + string(verdict)), Symbol: i.Symbol, Class: "verdict-" + string(verdict)}
	if verdict == model.Corroborated && counted && origins >= 2 {
		v.Label = s.l.Format("verdict.corroborated.count", "n", origins)
	}
	return v
}

// dateText is a date as a note or list shows it, with its doubt.
func (s *site) dateText(d model.Date) string {
	v := s.dateView(d)
	if v.Doubtful {
		return v.Text + " " + s.l.Get("date.doubtful")
	}
	return v.Text
}

func (s *site) dateView(d model.Date) DateView {
	v := DateView{Machine: d.Value, Precision: d.Precision, Note: d.Note, Doubtful: d.Doubtful}
	layout := map[string]string{"day": "2006-01-02", "month": "2006-01", "year": "2006"}[d.Precision]
	t, err := time.Parse(layout, d.Value)
	switch {
	case d.Value == "" || layout == "" || err != nil:
		v.Text = s.l.Get("date.unknown")
	case d.Precision == "day":
		v.Text = s.l.Format("date.day", "day", t.Day(), "month", s.month(t.Month()), "year", t.Year())
	case d.Precision == "month":
		v.Text = s.l.Format("date.month", "month", s.month(t.Month()), "year", t.Year())
	default:
		v.Text = s.l.Format("date.year", "year", t.Year())
	}
	return v
}

func (s *site) month(m time.Month) string { return s.l.Get("month." + strconv.Itoa(int(m))) }

// extra is a file beside the pages, and what makes it.
type extra struct {
	path  string
	make  func() []byte         // a small file, made in memory
	write func(io.Writer) error // or a large one, written as it is made
}

// bytes gives the file's content.
func (x extra) bytes() []byte {
	if x.write == nil {
		return x.make()
	}
	var b bytes.Buffer
	if err := x.write(&b); err != nil {
		panic(err) // writes to memory only
	}
	return b.Bytes()
}

// extraFiles are the files beside the pages, each made on its own: a
// build runs them on its page workers after the pages, so that no two of
// the large ones (the open data and the search index are tens of
// megabytes at 10,000 claims) are held at once, nor beside the pages made
// of every claim, which come first; the preview makes one when it is
// asked for.
func (s *site) extraFiles() []extra {
	files := []extra{
		{path: "assets/style.css", make: func() []byte { return s.opt.Templates.Asset("style.css") }},
		{path: "assets/chroma.css", make: func() []byte { return s.opt.Templates.Asset("chroma.css") }},
		{path: ".nojekyll", make: func() []byte { return nil }},
		{path: "dossier.json", write: s.writeDossierJSON},
		{path: "agreement.csv", make: s.agreementCSV},
		{path: searchIndexPath, write: s.writeSearchIndex},
		{path: searchScriptPath, make: func() []byte { return searchScript }},
		{path: "robots.txt", make: func() []byte {
			robots := "User-agent: *\nAllow: /\n"
			if s.base != "" {
				robots += "Sitemap: " + s.base + "sitemap.xml\n"
			}
			return []byte(robots)
		}},
	}
	if s.base == "" {
		return files
	}
	return append(files, extra{path: "sitemap.xml", make: func() []byte {
		var sm bytes.Buffer
		sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		paths := []string{"index.html", "matrix.html", "bibliography.html", "method.html", "claims-matrix.html", "timeline.html", "people.html"}
		for _, src := range s.d.Sources {
			paths = append(paths, pagePath("source", src.ID))
		}
		for _, c := range s.d.Claims {
			paths = append(paths, pagePath("claim", c.ID))
		}
		for _, q := range s.d.Questions {
			paths = append(paths, pagePath("question", q.ID))
		}
		slices.Sort(paths)
		for _, p := range paths {
			u := s.base + strings.TrimSuffix(p, "index.html")
			sm.WriteString("  <url><loc>" + template.HTMLEscapeString(u) + "</loc></url>\n")
		}
		sm.WriteString("</urlset>\n")
		return sm.Bytes()
	}})
}

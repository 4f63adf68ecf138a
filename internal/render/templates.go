package render

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
)

// Templates holds every page template, parsed once.
type Templates struct {
	pages  map[string]*template.Template
	exec   map[string]*lazyExecutor // for the pages of the default templates
	assets map[string][]byte
	origin map[string]string // file name -> where it came from: a path, or "default NAME"
	texts  map[string][]byte // file name -> its text, to place errors in it
	sum    [32]byte          // of every name and text: the same sum, the same pages
}

// Own reports whether the dossier has templates of its own.
func (t *Templates) Own() bool {
	for _, from := range t.origin {
		if !strings.HasPrefix(from, "default ") {
			return true
		}
	}
	return false
}

// baseFiles are shared by every page; every other .html file is a page.
var baseFiles = []string{"layout.html", "partials.html"}

// LoadTemplates reads the default templates from defaults and lets own, a
// dossier's own templates (path -> text, as load.Templates reads them),
// replace them by file name. Their label and labelParts functions give the
// words of l, the dossier's labels.
//
// A mistake in one of the dossier's own templates is a problem in its
// content: it comes back in the list, positioned at the template's file and
// line. A mistake in a default template is a bug and comes back as err.
func LoadTemplates(defaults fs.FS, own map[string][]byte, l *labels.Table) (*Templates, diag.List, error) {
	return (*TemplateCache)(nil).Load(defaults, own, l)
}

// TemplateCache keeps the templates last loaded, for the preview, which
// loads them again after every edit: parsing and cloning them was a third
// of the time the example took to rebuild. The zero value is ready; a nil
// cache keeps nothing.
type TemplateCache struct {
	mu  sync.Mutex
	key [32]byte // of the templates' texts and the labels' words
	t   *Templates
}

// Load is LoadTemplates, returning the templates loaded last when neither
// their texts nor the labels changed.
func (c *TemplateCache) Load(defaults fs.FS, own map[string][]byte, l *labels.Table) (*Templates, diag.List, error) {
	texts := map[string][]byte{}
	origin := map[string]string{}
	names, err := fs.Glob(defaults, "*")
	if err != nil {
		return nil, nil, err
	}
	for _, n := range names {
		if !strings.HasSuffix(n, ".html") && !strings.HasSuffix(n, ".css") {
			continue
		}
		b, err := fs.ReadFile(defaults, n)
		if err != nil {
			return nil, nil, err
		}
		texts[n], origin[n] = b, "default "+n
	}
	for _, p := range slices.Sorted(maps.Keys(own)) {
		n := path.Base(p)
		if _, ok := texts[n]; !ok {
			known := slices.Sorted(maps.Keys(texts))
			return nil, diag.List{diag.Errorf(diag.Pos{File: p}, "not a template dossier uses%s; a dossier's templates/ overrides defaults by name: %s", diag.DidYouMean(n, known), strings.Join(known, ", "))}, nil
		}
		texts[n], origin[n] = own[p], p
	}
	t := &Templates{pages: map[string]*template.Template{}, exec: map[string]*lazyExecutor{}, assets: map[string][]byte{}, origin: origin, texts: texts}
	h := sha256.New()
	for _, n := range slices.Sorted(maps.Keys(texts)) {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(texts[n]))
		h.Write(texts[n])
	}
	h.Sum(t.sum[:0])
	// The cache's key adds where each text came from (a copy of a
	// default in templates/ is the dossier's own: check lays out every
	// page then) and the labels' words.
	for _, n := range slices.Sorted(maps.Keys(origin)) {
		fmt.Fprintf(h, "%s\x00%s\x00", n, origin[n])
	}
	key := l.Sum()
	h.Write(key[:])
	h.Sum(key[:0])
	if c != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.t != nil && c.key == key {
			return c.t, nil, nil
		}
		c.t = nil
	}
	base := template.New("dossier").Funcs(funcs(l))
	for _, n := range baseFiles {
		if _, err := base.New(n).Parse(string(texts[n])); err != nil {
			l, err := t.error(n, err)
			return nil, l, err
		}
	}
	for _, n := range slices.Sorted(maps.Keys(texts)) {
		switch {
		case strings.HasSuffix(n, ".css"):
			t.assets[n] = texts[n]
		case !slices.Contains(baseFiles, n):
			page, err := base.Clone()
			if err == nil {
				_, err = page.New(n).Parse(string(texts[n]))
			}
			if err != nil {
				l, err := t.error(n, err)
				return nil, l, err
			}
			for _, tt := range page.Templates() {
				foldLabels(tt.Tree, l)
			}
			t.pages[n] = page
		}
	}
	if !t.Own() {
		for n, page := range t.pages {
			t.exec[n] = &lazyExecutor{page: page, l: l}
		}
	}
	if c != nil {
		c.key, c.t = key, t
	}
	return t, nil, nil
}

// foldLabels replaces each {{label "key"}} of tree, a label without
// placeholders, by its text as a constant: the same words, escaped by
// html/template for where they stand as the call's result would be, without
// a call per use. A page shows dozens, and a call through reflection costs
// as much as writing the rest of a table row. An unknown key is left to
// fail where it stands.
func foldLabels(tree *parse.Tree, l *labels.Table) {
	if tree == nil {
		return
	}
	visit(tree.Root, func(n parse.Node) bool {
		c, ok := n.(*parse.CommandNode)
		if !ok || len(c.Args) != 2 {
			return true
		}
		id, ok1 := c.Args[0].(*parse.IdentifierNode)
		key, ok2 := c.Args[1].(*parse.StringNode)
		if ok1 && ok2 && id.Ident == "label" {
			if text, ok := l.Constant(key.Text); ok {
				c.Args = []parse.Node{&parse.StringNode{NodeType: parse.NodeString, Pos: key.Pos, Quoted: strconv.Quote(text), Text: text}}
				return false
			}
		}
		return true
	})
}

// visit calls f on n and, while f returns true, on every node within it,
// parents first.
func visit(n parse.Node, f func(parse.Node) bool) {
	switch n := n.(type) {
	case nil:
		return
	case *parse.ListNode: // an absent else, a nil in an interface
		if n == nil {
			return
		}
	case *parse.PipeNode: // {{template "name"}} has none
		if n == nil {
			return
		}
	}
	if !f(n) {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			visit(c, f)
		}
	case *parse.ActionNode:
		visit(n.Pipe, f)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			visit(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			visit(a, f)
		}
	case *parse.IfNode:
		visitBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		visitBranch(&n.BranchNode, f)
	case *parse.WithNode:
		visitBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		visit(n.Pipe, f)
	}
}

func visitBranch(b *parse.BranchNode, f func(parse.Node) bool) {
	visit(b.Pipe, f)
	visit(b.List, f)
	visit(b.ElseList, f)
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? (.*)$`)

// error places an error in the template file name at its file and line
// when the file is the dossier's own, and reports it as a bug otherwise.
func (t *Templates) error(name string, err error) (diag.List, error) {
	file := t.origin[name]
	if file == "" || strings.HasPrefix(file, "default ") {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	pos := diag.Pos{File: file, Line: 1}
	msg := err.Error()
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[2])
		pos.Col, _ = strconv.Atoi(m[3])
		msg = m[4]
	}
	if pos.Col == 0 {
		pos.Col = actionColumn(t.texts[name], pos.Line)
	}
	return diag.List{diag.Errorf(pos, "template %s: %s", name, explainField(msg))}, nil
}

// actionColumn is the column of the first action ("{{") on a line of a
// template's text, or 1. Parse errors name only a line, and on most template
// lines the action is the only thing that can be wrong.
func actionColumn(text []byte, line int) int {
	lines := strings.Split(string(text), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	if i := strings.Index(lines[line-1], "{{"); i >= 0 {
		return len([]rune(lines[line-1][:i])) + 1
	}
	return 1
}

// ExecError places an error from executing a page at the line of the
// dossier's own template that caused it. An error in a default template
// is a bug and comes back as err.
func (t *Templates) ExecError(err error) (diag.List, error) {
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return nil, err
	}
	return t.error(m[1], err)
}

// Execute renders the page template name with data. On error, w holds
// part of a page: callers write to memory and drop it.
func (t *Templates) Execute(w io.Writer, name string, data any) error {
	page := t.pages[name]
	if page == nil {
		return fmt.Errorf("no template %s", name)
	}
	if e := t.exec[name].get(); e != nil {
		started, err := e.execute(w, data)
		var wf writeFailure
		switch {
		case err == nil:
			return nil
		case errors.As(err, &wf):
			return wf.err
		case started:
			// Part of the page is written: html/template says what is
			// wrong with it, at its template's line. If nothing is,
			// the executor failed where it should not have.
			if err := page.ExecuteTemplate(io.Discard, "layout.html", data); err != nil {
				return err
			}
			return fmt.Errorf("the template executor stopped partway through a page of %s that html/template lays out (a bug of dossier's; please report it): %w", name, err)
		}
		e.fallbacks.Add(1)
		// Nothing written yet: html/template lays the page out, or says
		// what is wrong with it.
	}
	return page.ExecuteTemplate(w, "layout.html", data)
}

// Reference returns the same templates laid out by html/template alone:
// what the executor's pages are held to.
func (t *Templates) Reference() *Templates {
	r := *t
	r.exec = nil
	return &r
}

// Executor reports whether the executor has laid out pages of the page
// template name (it is made by the first), and how many times it has left
// such a page to html/template so far.
func (t *Templates) Executor(name string) (runs bool, fallbacks int64) {
	x := t.exec[name]
	if x == nil || !x.made.Load() || x.e == nil {
		return false, 0
	}
	return true, x.e.fallbacks.Load()
}

// lazyExecutor makes the executor of a page template when the page is
// first laid out: escaping and compiling the twelve pages took 7 ms, a
// sixth of a check of the example, which lays out none.
type lazyExecutor struct {
	once sync.Once
	page *template.Template
	l    *labels.Table
	e    *executor // nil: the page is html/template's
	made atomic.Bool
}

func (x *lazyExecutor) get() *executor {
	if x == nil {
		return nil
	}
	x.once.Do(func() {
		// html/template escapes a page's trees when it first runs it.
		// With no data the run itself fails or prints nothing, which is
		// dropped; an escaping error is left for the page to report.
		var escErr *template.Error
		if err := x.page.ExecuteTemplate(io.Discard, "layout.html", nil); !errors.As(err, &escErr) {
			x.e = newExecutor(x.page, x.l)
		}
		x.made.Store(true)
	})
	return x.e
}

// Asset returns a static file that ships with the templates.
func (t *Templates) Asset(name string) []byte { return t.assets[name] }

// funcs are the functions templates have besides the standard ones:
//
//	{{add .Num 1}}
//	{{label "nav.overview"}}, {{label "count.sources" "n" 3}}: a label in
//	  the dossier's words, with its placeholders given as name, value
//	{{range labelParts "index.rules"}}: a label in parts, for a template
//	  that links its [bracketed] words (.Mark) or fills in a placeholder
//	  left without a value (.Slot) itself
//	{{plural 2 "quote"}}: "2 quotes", in English only; kept for the
//	  templates of dossiers written before labels
func funcs(l *labels.Table) template.FuncMap {
	m := template.FuncMap{
		"add":    func(a, b int) int { return a + b },
		"plural": diag.Plural,
	}
	for name, fn := range l.Funcs() {
		m[name] = fn
	}
	return m
}

package render

import (
	"crypto/sha256"
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
	"text/template/parse"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
)

// Templates holds every page template, parsed once.
type Templates struct {
	pages  map[string]*template.Template
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
	t := &Templates{pages: map[string]*template.Template{}, assets: map[string][]byte{}, origin: origin, texts: texts}
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
	if tree == nil || tree.Root == nil {
		return
	}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			if len(n.Args) == 2 {
				id, ok1 := n.Args[0].(*parse.IdentifierNode)
				key, ok2 := n.Args[1].(*parse.StringNode)
				if ok1 && ok2 && id.Ident == "label" {
					if text, ok := l.Constant(key.Text); ok {
						n.Args = []parse.Node{&parse.StringNode{NodeType: parse.NodeString, Pos: key.Pos, Quoted: strconv.Quote(text), Text: text}}
						return
					}
				}
			}
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		}
	}
	walk(tree.Root)
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
	return page.ExecuteTemplate(w, "layout.html", data)
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

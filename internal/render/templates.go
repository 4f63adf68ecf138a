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

	"github.com/dossier-ssg/dossier/internal/diag"
)

// Templates holds every page template, parsed once.
type Templates struct {
	pages  map[string]*template.Template
	assets map[string][]byte
	origin map[string]string // file name -> where it came from: a path, or "default NAME"
	texts  map[string][]byte // file name -> its text, to place errors in it
	sum    [32]byte          // of every name and text: the same sum, the same pages
}

// baseFiles are shared by every page; every other .html file is a page.
var baseFiles = []string{"layout.html", "partials.html"}

// LoadTemplates reads the default templates from defaults and lets own, a
// dossier's own templates (path -> text, as load.Templates reads them),
// replace them by file name.
//
// A mistake in one of the dossier's own templates is a problem in its
// content: it comes back in the list, positioned at the template's file and
// line. A mistake in a default template is a bug and comes back as err.
func LoadTemplates(defaults fs.FS, own map[string][]byte) (*Templates, diag.List, error) {
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
	base := template.New("dossier").Funcs(funcs)
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
			t.pages[n] = page
		}
	}
	return t, nil, nil
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

var funcs = template.FuncMap{
	"add":    func(a, b int) int { return a + b },
	"plural": diag.Plural, // {{plural 1 "quote"}}: "1 quote"; {{plural 2 "quote"}}: "2 quotes"
}

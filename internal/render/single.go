package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/markdown"
	"github.com/dossier-ssg/dossier/internal/model"
)

// Single writes the whole dossier to w as one HTML document that needs
// nothing else: the stylesheets inside it, every page of the site but the
// search page and 404.html as a section of its own, and every link
// between pages turned into a link to a section. It is the file to mail
// to a reviewer; it loads nothing and runs no script.
//
// Each page is laid out by its own template, as for the site, and its
// <main> then moved into the document: the ids of a page's elements are
// put under the page's section id ("claim-x--note-1", where "--" cannot
// occur in an ID, so no two can meet), and the links and references to
// them (href, for, aria-labelledby ...) follow, so every footnote and
// back-link still lands. Headings go one level down, under the
// dossier's title. It returns how many pages the file holds. Problems in
// Markdown come back as a list, before anything is written; err is for
// template and write failures.
func Single(d *model.Dossier, md *markdown.Markdown, opt Options, w io.Writer) (diag.List, int, error) {
	s := newSite(d, md, opt)
	errs := s.parseAll() // warnings come back with the file
	if errs.Errors() > 0 {
		return errs, 0, nil
	}
	var jobs []job
	sections := map[string]string{} // page path -> section id
	for _, j := range s.jobs() {
		if j.path == "404.html" || j.path == "search.html" {
			continue
		}
		jobs = append(jobs, j)
		sections[j.path] = sectionID(j.path)
	}
	var css bytes.Buffer
	css.Write(opt.Templates.Asset("style.css"))
	css.WriteString("\n")
	css.Write(opt.Templates.Asset("chroma.css"))
	head := singleFrame{
		Lang: d.Language, Title: d.Title, Description: cmpOr(d.Description, d.Title),
		Style:        template.CSS(closeStyle.ReplaceAllString(css.String(), `<\/style`)),
		Verification: s.view.Verification,
		Skip:         s.l.Get("frame.skip"), NavLabel: s.l.Get("nav.label"),
		About: s.l.Get("frame.single"), Method: s.l.Parts("frame.single.method"),
	}
	if s.view.BuildDate != "" {
		head.Built = s.l.Format("frame.built", "date", s.view.BuildDate)
	}
	for _, n := range siteNav {
		head.Nav = append(head.Nav, NavItem{Label: s.l.Get(n[0]), Href: "#" + sectionID(n[1])})
	}
	var top, bottom bytes.Buffer
	if err := singleTemplate.ExecuteTemplate(&top, "top", head); err != nil {
		return nil, 0, err
	}
	if err := singleTemplate.ExecuteTemplate(&bottom, "bottom", head); err != nil {
		return nil, 0, err
	}
	if _, err := w.Write(top.Bytes()); err != nil {
		return nil, 0, err
	}
	// Pages are laid out on every CPU, a batch at a time, and written in
	// order, so memory holds a batch, not the dossier.
	workers := runtime.GOMAXPROCS(0)
	batch := make([][]byte, workers*8)
	for start := 0; start < len(jobs); start += len(batch) {
		end := min(start+len(batch), len(jobs))
		var wg sync.WaitGroup
		var mu sync.Mutex
		var first error
		next := start
		for range workers {
			wg.Go(func() {
				var b bytes.Buffer
				for {
					mu.Lock()
					i := next
					next++
					stop := first != nil
					mu.Unlock()
					if i >= end || stop {
						return
					}
					b.Reset()
					out, err := s.section(jobs[i], sections, &b)
					mu.Lock()
					if err != nil && first == nil {
						first = err
					}
					batch[i-start] = out
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if first != nil {
			if tf, ok := first.(templateFailure); ok {
				l, err := opt.Templates.ExecError(tf.err)
				errs.Append(l)
				return errs, 0, err
			}
			return nil, 0, first
		}
		for i := range end - start {
			if _, err := w.Write(batch[i]); err != nil {
				return nil, 0, err
			}
			batch[i] = nil
		}
	}
	_, err := w.Write(bottom.Bytes())
	return errs, len(jobs), err
}

var closeStyle = regexp.MustCompile(`(?i)</style`)

// sectionID is the id of a page's section in the single file:
// "claim-ID", "question-ID", "source-ID", or "page-NAME" for the others.
func sectionID(p string) string {
	dir, file := path.Split(strings.TrimSuffix(p, ".html"))
	switch dir {
	case "claims/":
		return "claim-" + file
	case "questions/":
		return "question-" + file
	case "sources/":
		return "source-" + file
	}
	return "page-" + file
}

// idRefs are the attributes whose values are ids, or lists of them.
var idRefs = []string{"for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "list", "form"}

// section lays out one page and returns its <main>, as a section of the
// single file.
func (s *site) section(j job, sections map[string]string, b *bytes.Buffer) ([]byte, error) {
	p := s.build(j)
	if err := s.opt.Templates.Execute(b, j.tmpl, p); err != nil {
		return nil, templateFailure{err}
	}
	doc, err := html.Parse(b)
	if err != nil {
		return nil, err
	}
	var main *html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Main {
			main = n
			break
		}
	}
	if main == nil {
		return nil, fmt.Errorf("%s, as laid out by the templates, has no <main> element, which the single file is made of", j.path)
	}
	own := sections[j.path]
	ns := func(id string) string {
		if id == "" || id == own {
			return own
		}
		return own + "--" + id
	}
	for n := range main.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		var attrs []html.Attribute
		keep := true
		for _, a := range n.Attr {
			switch {
			case a.Key == "id":
				if a.Val == own {
					continue // the section carries it
				}
				a.Val = ns(a.Val)
			case a.Key == "data-print-href":
				continue // every link is now within the file
			case a.Key == "href":
				href, ok := s.singleHref(j.path, a.Val, sections, ns)
				if !ok {
					keep = false
					continue
				}
				a.Val = href
			case a.Key == "aria-labelledby" && n.DataAtom == atom.Section && !hasClass(n, "scroll"):
				// A named section is a landmark, and the single file would
				// hold dozens named alike ("Evidence"): it stays a section,
				// its heading still heads it. A scrolling table keeps its name.
				continue
			case isIDRef(a.Key):
				ids := strings.Fields(a.Val)
				for i := range ids {
					ids[i] = ns(ids[i])
				}
				a.Val = strings.Join(ids, " ")
			}
			attrs = append(attrs, a)
		}
		n.Attr = attrs
		if !keep && n.DataAtom == atom.A {
			// A link to a file the single file leaves out (the search
			// page, the open data): its words stay, as text.
			n.Data, n.DataAtom = "span", atom.Span
		}
		if j.path != "index.html" {
			// Under the dossier's title: h1 becomes h2, and so on down.
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5:
				n.Data = "h" + string(n.Data[1]+1)
				n.DataAtom = atom.Lookup([]byte(n.Data))
			}
		}
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "<section class=\"single-page\" id=\"%s\">\n", own)
	for c := main.FirstChild; c != nil; c = c.NextSibling {
		writeNode(&out, c)
	}
	out.WriteString("\n</section>\n")
	return out.Bytes(), nil
}

// voidElements have no end tag.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true, atom.Img: true,
	atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// writeNode writes n as the site's pages are written, "<br>" and not
// html.Render's "<br/>", so that the single file is as valid as they are.
// Comments are left out; text and attribute values are escaped.
func writeNode(b *bytes.Buffer, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if p := n.Parent; p != nil && (p.DataAtom == atom.Script || p.DataAtom == atom.Style) {
			b.WriteString(n.Data) // raw text, as it was parsed
			return
		}
		b.WriteString(html.EscapeString(n.Data))
		return
	case html.ElementNode:
	default:
		return
	}
	b.WriteByte('<')
	b.WriteString(n.Data)
	for _, a := range n.Attr {
		b.WriteByte(' ')
		b.WriteString(a.Key)
		b.WriteString(`="`)
		b.WriteString(html.EscapeString(a.Val))
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if voidElements[n.DataAtom] {
		return
	}
	// The parser drops a newline just after <pre>; write it back, or
	// the first line of a code block would lose a leading blank line.
	if c := n.FirstChild; (n.DataAtom == atom.Pre || n.DataAtom == atom.Textarea) && c != nil && c.Type == html.TextNode && strings.HasPrefix(c.Data, "\n") {
		b.WriteByte('\n')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeNode(b, c)
	}
	b.WriteString("</")
	b.WriteString(n.Data)
	b.WriteByte('>')
}

func isIDRef(key string) bool { return slices.Contains(idRefs, key) }

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			return slices.Contains(strings.Fields(a.Val), class)
		}
	}
	return false
}

// singleHref turns a link of the page at from into a link within the
// single file; ok is false for a link to a file the single file leaves
// out. Links out of the site are kept as they are.
func (s *site) singleHref(from, href string, sections map[string]string, ns func(string) string) (string, bool) {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return href, true
	}
	if u.Path == "" {
		return "#" + ns(u.Fragment), true
	}
	target := path.Join(path.Dir(from), u.Path)
	id, ok := sections[target]
	if !ok {
		return "", false
	}
	if u.Fragment == "" || u.Fragment == id {
		return "#" + id, true
	}
	return "#" + id + "--" + u.Fragment, true
}

// singleFrame is the single file around its sections, its words ready.
type singleFrame struct {
	Lang, Title, Description string
	Style                    template.CSS
	Nav                      []NavItem
	Verification, Built      string
	Skip, NavLabel, About    string
	Method                   []labels.Part // the sentence that links to the method section
}

// singleTemplate is the frame of the single file: "top" goes before the
// sections, "bottom" after them.
var singleTemplate = template.Must(template.New("single").Parse(`{{define "top"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<meta name="description" content="{{.Description}}">
<style>
{{.Style}}
</style>
</head>
<body class="page-single">
<a class="skip" href="#main">{{.Skip}}</a>
<header class="site-header">
<p class="site-title"><a href="#page-index">{{.Title}}</a></p>
<nav aria-label="{{.NavLabel}}">
<ul>
{{- range .Nav}}
<li><a href="{{.Href}}">{{.Label}}</a></li>
{{- end}}
</ul>
</nav>
</header>
<main id="main">
{{end}}{{define "bottom"}}</main>
<footer class="site-footer">
<p>{{.Verification}}.{{with .Built}} {{.}}{{end}} {{.About}} {{range .Method}}{{if .Mark}}<a href="#page-method">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</p>
</footer>
</body>
</html>
{{end}}`))

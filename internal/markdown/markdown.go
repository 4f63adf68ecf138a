// Package markdown turns a source's summary and a claim's or question's
// context into HTML with goldmark. It adds the dossier's own syntax as
// goldmark extensions: Pandoc-style citations ([@source, locator]) that become
// numbered footnotes, and claim:, question: and source: links that resolve to
// the right page. Raw HTML is shown as text, never passed through.
package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
)

// Schemes are the link schemes that point inside the dossier.
var Schemes = []string{"claim", "question", "source"}

// Link is a claim:, question: or source: link found in a document.
type Link struct {
	Kind, ID string
	ElemID   string // id given to the <a>, so the target can link back to it
}

// Env is what a document needs to know about the page it goes on.
type Env struct {
	Pos     diag.Pos // where the Markdown text starts in its file
	Dossier *model.Dossier
	// Href returns the link from this page to the page of kind/id.
	Href  func(kind, id string) string
	Notes *Notes
	// HeadingOffset moves the text's headings down, so that a "#" in a
	// summary shown under the page's h2 becomes an h3 and headings nest.
	HeadingOffset int
	// Abs, when set, returns the absolute address of the page of kind/id,
	// or "": a link carries it as data-print-href, so print shows where
	// the link leads while the link itself stays relative.
	Abs func(kind, id string) string
}

// Doc is a parsed document, ready to render.
type Doc struct {
	root   ast.Node
	source []byte
	Links  []Link
}

// Markdown converts documents. Build one and share it: goldmark and the
// chroma lexers are set up once.
type Markdown struct {
	md goldmark.Markdown
}

// New returns a converter.
func New() *Markdown {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM, // tables, strikethrough, autolinks, task lists
			extension.Footnote,
			extension.Typographer,
			citations{},
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(resolver{}, 2000)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(
				util.Prioritized(escapeHTML{}, 100),
				util.Prioritized(newHighlighter(), 100),
			),
		),
	)
	return &Markdown{md: md}
}

var (
	keyEnv  = parser.NewContextKey()
	keyErrs = parser.NewContextKey()
	keyDoc  = parser.NewContextKey()
)

// Parse parses src, resolves its citations and links, and numbers its
// citations into env.Notes. Problems are reported at their position in the file.
func (m *Markdown) Parse(src []byte, env Env) (*Doc, diag.List) {
	var errs diag.List
	doc := &Doc{source: src}
	pc := parser.NewContext(parser.WithIDs(&headingIDs{seen: map[string]bool{}}))
	pc.Set(keyEnv, &env)
	pc.Set(keyErrs, &errs)
	pc.Set(keyDoc, doc)
	doc.root = m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return doc, errs
}

// Render writes the document's HTML.
func (m *Markdown) Render(doc *Doc) ([]byte, error) {
	var b bytes.Buffer
	if err := m.md.Renderer().Render(&b, doc.source, doc.root); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// position maps a byte offset in src to a file position.
func position(env *Env, src []byte, off int) diag.Pos {
	if off > len(src) {
		off = len(src)
	}
	line := bytes.Count(src[:off], []byte("\n"))
	col := off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
	// Every line of the text starts at env.Pos.Col: column 1 for a body,
	// the indentation of a YAML block scalar for a context.
	p := env.Pos
	p.Line += line
	p.Col += col - 1
	return p
}

// resolver is the AST transformer that checks and rewrites dossier links and
// numbers citations, in document order.
type resolver struct{}

func (resolver) Transform(node *ast.Document, reader text.Reader, pc parser.Context) {
	env := pc.Get(keyEnv).(*Env)
	errs := pc.Get(keyErrs).(*diag.List)
	doc := pc.Get(keyDoc).(*Doc)
	src := reader.Source()
	ast.Walk(node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *Citation:
			for _, k := range n.Keys {
				s := env.Dossier.SourceByID[k.Key]
				if s == nil {
					errs.Add(position(env, src, k.Offset), "citation of unknown source %q%s", k.Key, cmp.Or(diag.DidYouMean(k.Key, sourceIDs(env.Dossier)), "; cite a source by its file name in content/, without .md"))
					continue
				}
				k.Note, k.RefID = env.Notes.Cite(s, NoteItem{Locator: k.Locator})
			}
		case *ast.Link:
			resolveLink(env, errs, doc, src, n)
		case *ast.AutoLink:
			if n.AutoLinkType != ast.AutoLinkURL {
				break
			}
			u := string(n.URL(src))
			scheme, _, _ := strings.Cut(u, ":")
			pos := position(env, src, autolinkOffset(n, src))
			switch s := strings.ToLower(scheme); {
			case isDossierScheme(s):
				errs.Add(pos, "write [text](%s) to link inside the dossier; <%s> would show the bare ID", u, u)
			case s != "http" && s != "https" && s != "mailto" && !strings.HasPrefix(u, "www."):
				errs.Add(pos, "link scheme %q is not allowed: use http, https or mailto", scheme)
			}
		case *ast.Heading:
			n.Level = min(6, n.Level+env.HeadingOffset)
		case *ast.Image:
			errs.Add(position(env, src, textOffset(n, src)), "images are not supported: a dossier page never loads anything from the network; describe the image in words")
		}
		return ast.WalkContinue, nil
	})
}

func resolveLink(env *Env, errs *diag.List, doc *Doc, src []byte, n *ast.Link) {
	dest := string(n.Destination)
	pos := position(env, src, textOffset(n, src))
	scheme, rest, hasScheme := strings.Cut(dest, ":")
	if hasScheme && strings.ContainsAny(scheme, "/?#") {
		hasScheme = false
	}
	switch {
	case hasScheme && isDossierScheme(scheme):
		id := rest
		if !exists(env.Dossier, scheme, id) {
			if env.Dossier.Partial && scheme != "source" {
				return // dossier.yaml did not parse whole, and says so once
			}
			errs.Add(pos, "link to unknown %s %q%s", scheme, id, cmp.Or(diag.DidYouMean(id, idsOf(env.Dossier, scheme)), "; check the ID on its page or in dossier.yaml"))
			return
		}
		// One Markdown text per page, so a count within it keeps ids unique.
		elem := fmt.Sprintf("link-%s-%s-%d", scheme, id, len(doc.Links)+1)
		n.Destination = []byte(env.Href(scheme, id))
		n.SetAttributeString("id", []byte(elem))
		if env.Abs != nil {
			if abs := env.Abs(scheme, id); abs != "" {
				n.SetAttributeString("data-print-href", []byte(abs))
			}
		}
		doc.Links = append(doc.Links, Link{Kind: scheme, ID: id, ElemID: elem})
	case hasScheme:
		switch strings.ToLower(scheme) {
		case "http", "https", "mailto":
			if u, err := url.Parse(dest); err != nil || (u.Scheme != "mailto" && u.Host == "") {
				errs.Add(pos, "link %q is not a valid URL", dest)
			}
		default:
			errs.Add(pos, "link scheme %q is not allowed: use http, https or mailto, or claim:, question: and source: to link inside the dossier", scheme)
		}
	case strings.HasPrefix(dest, "#"):
	default:
		errs.Add(pos, "relative link %q may not resolve once published: use claim:ID, question:ID or source:ID", dest)
	}
}

func isDossierScheme(s string) bool {
	for _, k := range Schemes {
		if s == k {
			return true
		}
	}
	return false
}

func exists(d *model.Dossier, kind, id string) bool {
	switch kind {
	case "claim":
		return d.ClaimByID[id] != nil
	case "question":
		return d.QuestionByID[id] != nil
	}
	return d.SourceByID[id] != nil
}

func idsOf(d *model.Dossier, kind string) []string {
	var ids []string
	switch kind {
	case "claim":
		for id := range d.ClaimByID {
			ids = append(ids, id)
		}
	case "question":
		for id := range d.QuestionByID {
			ids = append(ids, id)
		}
	default:
		return sourceIDs(d)
	}
	return ids
}

func sourceIDs(d *model.Dossier) []string {
	var ids []string
	for id := range d.SourceByID {
		ids = append(ids, id)
	}
	return ids
}

// textOffset finds where an inline node's text starts, for messages; goldmark
// keeps segments on text, not on links. It points at the "[" before the text.
// autolinkOffset finds an autolink in src. It holds no text node, so it is
// looked for after the text before it (or from its paragraph's start).
func autolinkOffset(n *ast.AutoLink, src []byte) int {
	from := textOffset(n, src)
	for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
		if t, ok := p.(*ast.Text); ok {
			from = t.Segment.Stop
			break
		}
	}
	i := bytes.Index(src[from:], n.Label(src))
	if i < 0 {
		return from
	}
	off := from + i
	if off > 0 && src[off-1] == '<' {
		off--
	}
	return off
}

func textOffset(n ast.Node, src []byte) int {
	var off = -1
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				return p.Lines().At(0).Start
			}
		}
		return 0
	}
	if off > 0 && src[off-1] == '[' {
		off--
		if _, img := n.(*ast.Image); img && off > 0 && src[off-1] == '!' {
			off--
		}
	}
	return off
}

// headingIDs gives headings ids with a prefix, so a heading called "Notes"
// cannot collide with the ids of the page around it.
type headingIDs struct{ seen map[string]bool }

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := "s-" + cmp.Or(model.Slug(string(value)), "section")
	id := base
	for i := 1; h.seen[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	h.seen[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.seen[string(value)] = true }

// escapeHTML renders raw HTML, inline or in blocks, as visible text: user
// text never becomes markup.
type escapeHTML struct{}

func (escapeHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				w.Write(util.EscapeHTML(s.Value(src)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		w.WriteString("<p>")
		for i := 0; i < b.Lines().Len(); i++ {
			s := b.Lines().At(i)
			w.Write(util.EscapeHTML(s.Value(src)))
		}
		if b.HasClosure() {
			w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
		}
		w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
}

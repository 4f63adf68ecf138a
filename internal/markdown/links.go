package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/dossier-ssg/dossier/internal/model"
)

// links is the goldmark extension that checks and resolves links: each of
// its AST transformers does one thing, in this order.
type links struct{}

func (links) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(linkBudget{}, 210),
		util.Prioritized(linkSchemes{}, 220),
		util.Prioritized(noImages{}, 230),
		util.Prioritized(dossierLinks{}, 240),
	))
}

// headingLevels moves the text's headings down by Env.HeadingOffset.
type headingLevels struct{}

func (headingLevels) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	offset := stateOf(pc).env.HeadingOffset
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(6, h.Level+offset)
		}
		return ast.WalkContinue, nil
	})
}

// linkSchemes refuses links that could run script, load something, or break
// once the site is published: only http, https and mailto, #fragments and
// the dossier's own schemes (resolved by dossierLinks) are allowed.
type linkSchemes struct{}

func (linkSchemes) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	src := reader.Source()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dest := string(n.Destination)
			scheme, _, hasScheme := splitScheme(dest)
			switch {
			case hasScheme && isDossierScheme(scheme):
			case hasScheme:
				switch strings.ToLower(scheme) {
				case "http", "https", "mailto":
					if u, err := url.Parse(dest); err != nil || (u.Scheme != "mailto" && u.Host == "") {
						st.errs.error(nodeOffset(n), "link %q is not a valid URL", clip(dest, 200))
					}
				default:
					st.errs.error(nodeOffset(n), "link scheme %q is not allowed: use http, https or mailto, or claim:, question: and source: to link inside the dossier", clip(scheme, 60))
				}
			case strings.HasPrefix(dest, "#"):
			default:
				st.errs.error(nodeOffset(n), "relative link %q may not resolve once published: use claim:ID, question:ID or source:ID", clip(dest, 200))
			}
		case *ast.AutoLink:
			if n.AutoLinkType != ast.AutoLinkURL {
				break
			}
			u := string(n.URL(src))
			scheme, _, _ := strings.Cut(u, ":")
			switch s := strings.ToLower(scheme); {
			case isDossierScheme(s):
				st.errs.error(autolinkOffset(n, src), "write [text](%s) to link inside the dossier; <%s> would show the bare ID", clip(u, 200), clip(u, 200))
			case s != "http" && s != "https" && s != "mailto" && !strings.HasPrefix(u, "www."):
				st.errs.error(autolinkOffset(n, src), "link scheme %q is not allowed: use http, https or mailto", clip(scheme, 60))
			}
		}
		return ast.WalkContinue, nil
	})
}

// noImages refuses images: a dossier page never loads anything from the
// network.
type noImages struct{}

func (noImages) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*ast.Image); ok && entering {
			st.errs.error(nodeOffset(n), "images are not supported: a dossier page never loads anything from the network; describe the image in words")
		}
		return ast.WalkContinue, nil
	})
}

// dossierLinks resolves claim:, question: and source: links to the page
// they name, gives each an id the target page can link back to, and reports
// IDs that do not exist.
type dossierLinks struct{}

func (dossierLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		scheme, id, hasScheme := splitScheme(string(l.Destination))
		if !hasScheme || !isDossierScheme(scheme) {
			return ast.WalkContinue, nil
		}
		if !exists(st.env.Dossier, scheme, id) {
			if st.env.Dossier.Partial && scheme != "source" {
				return ast.WalkContinue, nil // dossier.yaml did not parse whole, and says so once
			}
			st.errs.error(nodeOffset(l), "link to unknown %s %q%s", scheme, clip(id, 60), cmp.Or(suggest(id, idsOf(st.env.Dossier, scheme)), "; check the ID on its page or in dossier.yaml"))
			return ast.WalkContinue, nil
		}
		// One Markdown text per page, so a count within it keeps ids unique.
		elem := fmt.Sprintf("link-%s-%s-%d", scheme, id, len(st.doc.Links)+1)
		l.Destination = []byte(st.env.Href(scheme, id))
		l.SetAttributeString("id", []byte(elem))
		if st.env.Abs != nil {
			// Printed, a link shows its absolute address.
			if abs := st.env.Abs(scheme, id); abs != "" {
				l.SetAttributeString("data-print-href", []byte(abs))
			}
		}
		st.doc.Links = append(st.doc.Links, Link{Kind: scheme, ID: id, ElemID: elem})
		return ast.WalkContinue, nil
	})
}

// splitScheme splits "scheme:rest"; a colon after a "/", "?" or "#" is no
// scheme's.
func splitScheme(dest string) (scheme, rest string, ok bool) {
	scheme, rest, ok = strings.Cut(dest, ":")
	if ok && strings.ContainsAny(scheme, "/?#") {
		return "", dest, false
	}
	return scheme, rest, ok
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

// nodeOffset is where an inline node starts in the text, for messages:
// goldmark records it as the node is parsed ("[" of a link, "!" of an
// image). A node without one is placed at its paragraph's start.
func nodeOffset(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// autolinkOffset is where an autolink starts. goldmark records the
// character that set off the GFM autolink parser, which may be the space or
// "(" before the address.
func autolinkOffset(n *ast.AutoLink, src []byte) int {
	off := nodeOffset(n)
	if label := n.Label(src); off < len(src) && src[off] != '<' && !bytes.HasPrefix(src[off:], label) {
		off++
	}
	return off
}

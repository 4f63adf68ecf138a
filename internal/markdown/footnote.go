package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindFootnoteRef is the NodeKind of a footnote's mark in the text.
var KindFootnoteRef = ast.NewNodeKind("FootnoteRef")

// FootnoteRef is an inline node for [^label], the mark of the footnote
// defined elsewhere in the text as "[^label]: text". It becomes a note of the
// page, numbered with the page's citations.
type FootnoteRef struct {
	ast.BaseInline
	Label string
	def   *east.Footnote

	// Set when the page's notes are numbered.
	Note  *Note
	RefID string
	Mark  string // the mark's accessible name
}

// Kind implements ast.Node.
func (n *FootnoteRef) Kind() ast.NodeKind { return KindFootnoteRef }

// Dump implements ast.Node.
func (n *FootnoteRef) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Label": n.Label}, nil)
}

// footnotes is the goldmark extension for GFM footnotes, as notes of the
// page. goldmark's block parser reads the definitions; the marks, the notes
// they become and their rendering are ours, so that a page has one list of
// notes, numbered once, rather than a second list with ids of its own.
type footnotes struct{}

func (footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(nestLimit{footnoteBlocks{extension.NewFootnoteBlockParser()}}, 999)),
		// Before the link parser (200), as goldmark's own footnote parser.
		parser.WithInlineParsers(util.Prioritized(footnoteRefParser{}, 101)),
		parser.WithASTTransformers(
			// One before the transformers that check citations and links
			// (200 to 240), one after them.
			util.Prioritized(footnoteUse{}, 150),
			util.Prioritized(footnoteList{}, 300),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(footnoteRefRenderer{}, 100)))
}

// footnoteBlocks is goldmark's footnote block parser, recording each
// definition by its label as it closes.
type footnoteBlocks struct{ parser.BlockParser }

func (p footnoteBlocks) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	// goldmark moves the definition into a list of them, inserted where
	// the first definition was.
	p.BlockParser.Close(node, reader, pc)
	st := stateOf(pc)
	if list := node.Parent(); list != nil && len(st.footnoteLists) == 0 {
		st.footnoteLists = append(st.footnoteLists, list)
	}
	fn := node.(*east.Footnote)
	label := string(fn.Ref)
	if st.footnoteDefs[label] != nil {
		st.errs.error(fn.Pos(), "footnote [^%s] is defined twice, and this second text would never be shown; give it a label of its own", clip(label, 60))
		return
	}
	st.footnoteDefs[label] = fn
}

// maxLabel is the longest footnote label, as CommonMark's link labels.
const maxLabel = 999

// footnoteRefParser reads [^label] where a footnote of that label is
// defined. goldmark's own parser looks the label up in a list, which makes
// many footnotes quadratic; this one uses a map.
type footnoteRefParser struct{}

func (footnoteRefParser) Trigger() []byte { return []byte{'!', '['} }

func (footnoteRefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos+1 >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	end := labelEnd(line[pos:min(len(line), pos+maxLabel)])
	if end < 0 {
		return nil
	}
	label := string(line[pos : pos+end])
	st := stateOf(pc)
	d := st.footnoteDefs[label]
	if d == nil {
		// Shown as it stands, "[^council]", with no note: a citation
		// lost without a word, unless the brackets are a link's text.
		if after := pos + end + 1; after >= len(line) || (line[after] != '(' && line[after] != '[') {
			st.errs.warn(seg.Start+pos-2, "footnote [^%s] is not defined, so the page shows it as text with no note: add a line \"[^%s]: ...\" below the text, or write \\[^%s] to show the brackets", clip(label, 60), clip(label, 60), clip(label, 60))
		}
		return nil
	}
	block.Advance(pos + end + 1)
	if line[0] == '!' {
		// "![^1]" is a "!" and a footnote mark, not an image.
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1)))
	}
	return &FootnoteRef{Label: label, def: d}
}

// labelEnd finds the "]" that closes a label, skipping escaped punctuation;
// a "[" inside, or no "]", is no label.
func labelEnd(b []byte) int {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]):
			i++
		case c == ']':
			return i
		case c == '[':
			return -1
		}
	}
	return -1
}

// footnoteUse keeps the definitions the text reaches, from its own marks or
// from the text of a footnote it reaches, and drops the others with a
// warning: nothing of theirs is shown, so their links and citations are
// neither checked nor counted as links to a page.
type footnoteUse struct{}

func (footnoteUse) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if len(st.footnoteLists) == 0 {
		return
	}
	reached := map[*east.Footnote]bool{}
	var queue []*east.Footnote
	visit := func(root ast.Node) {
		ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || n.Kind() == east.KindFootnoteList {
				return ast.WalkSkipChildren, nil
			}
			if r, ok := n.(*FootnoteRef); ok && !reached[r.def] {
				reached[r.def] = true
				queue = append(queue, r.def)
			}
			return ast.WalkContinue, nil
		})
	}
	visit(doc)
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		visit(d)
	}
	for _, list := range st.footnoteLists {
		for c := list.FirstChild(); c != nil; {
			next := c.NextSibling()
			fn := c.(*east.Footnote)
			d := st.footnoteDefs[string(fn.Ref)]
			switch {
			case d != fn:
				list.RemoveChild(list, c) // defined twice: an error already
			case !reached[d]:
				st.errs.warn(fn.Pos(), "footnote [^%s] is never used, so its text is not shown; add [^%s] where it belongs, or delete it", clip(string(fn.Ref), 60), clip(string(fn.Ref), 60))
				list.RemoveChild(list, c)
			}
			c = next
		}
	}
}

// footnoteList takes the definitions out of the document, once links and
// citations in them are checked: their text is shown in the page's notes,
// through Markdown.NoteText.
type footnoteList struct{}

func (footnoteList) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	for _, list := range stateOf(pc).footnoteLists {
		if p := list.Parent(); p != nil {
			p.RemoveChild(p, list)
		}
	}
}

type footnoteRefRenderer struct{}

func (footnoteRefRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFootnoteRef, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if n := node.(*FootnoteRef); entering && n.Note != nil {
			WriteCiteMark(w, n.Note, n.RefID, n.Mark)
		}
		return ast.WalkSkipChildren, nil
	})
}

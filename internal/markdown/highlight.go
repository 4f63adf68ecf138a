package markdown

import (
	"bytes"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// chroma's lexers are regular expressions that backtrack, and on some
// inputs they take time quadratic in a block's length or worse: 20 KB of
// `"\` took 12.8 s in the Perl lexer. A wall-clock timeout would make pages
// differ from run to run, so the bounds are sizes, set from the CPU time
// each lexer took on 17 inputs made to hurt regular expressions (runs of
// quotes, backslashes, brackets, comment openers, random text) at 2, 8 and
// 32 KB:
//
//   - The languages of linearLexers stayed linear: at most about 35 µs a
//     byte on those inputs (about 2 µs on real code). They highlight
//     blocks of up to maxLinearBlock.
//   - Those of quadraticLexers grew four times for each doubling (Perl,
//     Java and Makefile passed 20 s at 32 KB); at 1 KB the worst took 80 ms.
//     They highlight blocks of up to maxQuadraticBlock.
//   - Any other language is plain text, as are blocks past a text's
//     maxHighlighted: of chroma's 297 lexers, 58 took over 100 ms on one
//     of 8 such inputs of 4 KB, and HCL, JSONata and Jungle (and Makefile,
//     above) did not end in 10 s.
//
// A plain block is still escaped and in <pre><code>, formatted by chroma
// from one text token, which takes linear time.
const (
	maxLinearBlock    = 8 << 10
	maxQuadraticBlock = 1 << 10
	// maxHighlighted bounds the code one text has highlighted, so that a
	// text of many blocks costs at most about a second however long it is.
	maxHighlighted = 32 << 10
)

// linearLexers and quadraticLexers are chroma's names of the lexers
// measured; lexers.Get finds them by their aliases too ("sh", "py", "js").
var (
	linearLexers = map[string]bool{
		"Go": true, "Python": true, "JavaScript": true, "TypeScript": true, "YAML": true, "TOML": true,
		"Bash": true, "HTML": true, "XML": true, "CSS": true, "SQL": true, "C": true, "C++": true,
		"Rust": true, "Ruby": true, "Diff": true, "markdown": true, "INI": true, "Docker": true,
		"PowerShell": true, "Kotlin": true, "Swift": true, "C#": true, "Haskell": true, "Lua": true,
		"Scala": true, "plaintext": true,
	}
	quadraticLexers = map[string]bool{"JSON": true, "Java": true, "PHP": true, "Perl": true, "R": true, "Makefile": true}
)

// code is the goldmark extension that highlights code blocks within the
// bounds above.
type code struct{ h *highlighter }

func (c code) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(codeBudget{c.h}, 250)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(c.h, 100)))
}

// highlighter renders code blocks through chroma with CSS classes, so pages
// carry no inline styles; the classes' stylesheet is the template asset
// chroma.css.
type highlighter struct {
	formatter *chromahtml.Formatter
	lexers    sync.Map // language name -> *codeLexer; lookups are slow, pages are many
}

// codeLexer is the lexer of a language and the largest block it may read,
// 0 for a language that is not highlighted.
type codeLexer struct {
	lexer chroma.Lexer
	limit int
}

func newHighlighter() *highlighter {
	return &highlighter{formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4))}
}

var plain = &codeLexer{lexer: chroma.Coalesce(lexers.Fallback)}

func (h *highlighter) lexer(lang string) *codeLexer {
	if l, ok := h.lexers.Load(lang); ok {
		return l.(*codeLexer)
	}
	l := plain
	if found := lexers.Get(lang); lang != "" && found != nil {
		switch name := found.Config().Name; {
		case linearLexers[name]:
			l = &codeLexer{lexer: chroma.Coalesce(found), limit: maxLinearBlock}
		case quadraticLexers[name]:
			l = &codeLexer{lexer: chroma.Coalesce(found), limit: maxQuadraticBlock}
		}
	}
	h.lexers.Store(lang, l)
	return l
}

// language is a fenced block's language, the first word of its info string.
func language(n ast.Node, src []byte) string {
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		// An info string of white space only (a form feed, which
		// goldmark keeps) has no word.
		if w := strings.Fields(string(f.Info.Segment.Value(src))); len(w) > 0 {
			return strings.ToLower(w[0])
		}
	}
	return ""
}

func codeLength(n ast.Node) int {
	size := 0
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		size += s.Len()
	}
	return size
}

// highlightAttr marks a code block that codeBudget lets chroma highlight.
// The highlighter renders code blocks itself and never writes attributes.
const highlightAttr = "dossier-highlight"

// codeBudget is the AST transformer that decides, in document order, which
// code blocks are highlighted: those of a measured language, no longer than
// its limit, while the text's maxHighlighted lasts.
type codeBudget struct{ h *highlighter }

func (b codeBudget) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	spent := 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeBlock:
			stateOf(pc).doc.Code = true
			return ast.WalkSkipChildren, nil
		case ast.KindFencedCodeBlock:
			stateOf(pc).doc.Code = true
		default:
			return ast.WalkContinue, nil
		}
		size := codeLength(n)
		if l := b.h.lexer(language(n, reader.Source())); l.limit > 0 && size <= l.limit && spent+size <= maxHighlighted {
			spent += size
			n.SetAttributeString(highlightAttr, true)
		}
		return ast.WalkSkipChildren, nil
	})
}

func (h *highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
	reg.Register(ast.KindCodeBlock, h.render)
}

func (h *highlighter) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	l := plain
	if _, ok := n.AttributeString(highlightAttr); ok {
		l = h.lexer(language(n, src))
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		code.Write(s.Value(src))
	}
	it, err := l.lexer.Tokenise(nil, code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	if err := h.formatter.Format(w, classesOnly, it); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// classesOnly is the style the formatter is given: with classes, what it
// writes does not depend on the style's colours, which chroma.css holds.
// (chroma's styles package would parse all its 70 styles when dossier
// starts.)
var classesOnly = chroma.MustNewStyle("classes", chroma.StyleEntries{})

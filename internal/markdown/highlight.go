package markdown

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// highlighter renders code blocks through chroma with CSS classes, so pages
// carry no inline styles; the classes' stylesheet comes from Stylesheet.
type highlighter struct {
	formatter *chromahtml.Formatter
	lexers    sync.Map // language name -> chroma.Lexer; lookups are slow, pages are many
}

func newHighlighter() *highlighter {
	return &highlighter{formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4))}
}

func (h *highlighter) lexer(lang string) chroma.Lexer {
	if l, ok := h.lexers.Load(lang); ok {
		return l.(chroma.Lexer)
	}
	l := lexers.Get(lang)
	if l == nil {
		l = lexers.Fallback
	}
	l = chroma.Coalesce(l)
	h.lexers.Store(lang, l)
	return l
}

func (h *highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
	reg.Register(ast.KindCodeBlock, h.render)
}

func (h *highlighter) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	lang := ""
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		lang = strings.ToLower(strings.Fields(string(f.Info.Segment.Value(src)) + " ")[0])
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		code.Write(s.Value(src))
	}
	it, err := h.lexer(lang).Tokenise(nil, code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	if err := h.formatter.Format(w, styles.Get(Style), it); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// Style is the chroma style of the generated stylesheet.
const Style = "github"

// Stylesheet writes the CSS for highlighted code.
func Stylesheet(w io.Writer) error {
	return chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(w, styles.Get(Style))
}

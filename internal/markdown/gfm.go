package markdown

import (
	"html"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's GitHub Flavored Markdown (extension.GFM) with the
// table's paragraph transformer bounded (tableLimit), column alignment given
// as a class rather than an inline style, and task list boxes as symbols:
// pages carry no inline style and no form control.
type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	extension.Linkify.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(tableLimit{extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
			util.Prioritized(tableAlign{}, 100),
			util.Prioritized(taskNames{}, 100),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
		util.Prioritized(taskMarks{}, 100),
	))
}

// tableAlign turns each cell's alignment into a class, align-left,
// align-center or align-right, styled by the site's stylesheet.
type tableAlign struct{}

func (tableAlign) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*east.TableCell); ok && entering && c.Alignment != east.AlignNone {
			c.SetAttributeString("class", []byte("align-"+c.Alignment.String()))
			c.Alignment = east.AlignNone
		}
		return ast.WalkContinue, nil
	})
}

// taskNames gives each task list box the name it is read by, "done" or
// "not done", in the words of the page (env.Labels).
type taskNames struct{}

func (taskNames) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	l := stateOf(pc).env.Labels
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*east.TaskCheckBox); ok && entering {
			name := l.Get("task.open")
			if c.IsChecked {
				name = l.Get("task.done")
			}
			c.SetAttributeString("aria-label", []byte(name))
		}
		return ast.WalkContinue, nil
	})
}

// taskMarks renders a task list's checkbox as a symbol with a name: a page
// has no form, and a disabled checkbox would be a control without a label.
type taskMarks struct{}

func (taskMarks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		name := ""
		if v, ok := node.AttributeString("aria-label"); ok {
			name = string(v.([]byte)) // as taskNames set it
		}
		if node.(*east.TaskCheckBox).IsChecked {
			w.WriteString(`<span class="task task-done" role="img" aria-label="` + html.EscapeString(name) + `">☑</span> `)
		} else {
			w.WriteString(`<span class="task" role="img" aria-label="` + html.EscapeString(name) + `">☐</span> `)
		}
		return ast.WalkContinue, nil
	})
}

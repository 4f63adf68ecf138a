package markdown

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCitation is the NodeKind of a Pandoc-style citation, [@key, locator].
var KindCitation = ast.NewNodeKind("Citation")

// CiteKey is one source cited by a Citation.
type CiteKey struct {
	Key     string
	Locator string
	Offset  int // byte offset of the key in the document, for messages

	// Set by the transformer.
	Note  *Note
	RefID string
}

// Citation is an inline node for [@a] or [@a, p. 4; @b].
type Citation struct {
	ast.BaseInline
	Keys []*CiteKey
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	var keys []string
	for _, k := range n.Keys {
		keys = append(keys, k.Key+","+k.Locator)
	}
	ast.DumpHelper(n, source, level, map[string]string{"Keys": strings.Join(keys, ";")}, nil)
}

var citeRE = regexp.MustCompile(`^\[(@[^\s\];,]+(?:,[^\];]*)?(?:;\s*@[^\s\];,]+(?:,[^\];]*)?)*)\]`)
var citeKeyRE = regexp.MustCompile(`@([^\s\];,]+)(?:,([^\];]*))?`)

type citationParser struct{}

func (citationParser) Trigger() []byte { return []byte{'['} }

func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	m := citeRE.FindSubmatchIndex(line)
	if m == nil {
		return nil
	}
	// [@x](url) is an ordinary link whose text starts with @.
	if m[1] < len(line) && line[m[1]] == '(' {
		return nil
	}
	n := &Citation{}
	inner := line[m[2]:m[3]]
	for _, km := range citeKeyRE.FindAllSubmatchIndex(inner, -1) {
		k := &CiteKey{Key: string(inner[km[2]:km[3]]), Offset: seg.Start + m[2] + km[2] - 1}
		if km[4] >= 0 {
			k.Locator = strings.TrimSpace(string(inner[km[4]:km[5]]))
		}
		n.Keys = append(n.Keys, k)
	}
	block.Advance(m[1])
	return n
}

// citations is the goldmark extension for Pandoc-style citations.
type citations struct{}

func (citations) Extend(m goldmark.Markdown) {
	// Below the link parser (200) and goldmark's footnote parser (101), so
	// "[@" is tried as a citation first and falls through when it is not one.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(citationParser{}, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(citationRenderer{}, 100)))
}

type citationRenderer struct{}

func (citationRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		for _, k := range node.(*Citation).Keys {
			if k.Note == nil {
				continue
			}
			WriteCiteMark(w, k.Note, k.RefID)
		}
		return ast.WalkSkipChildren, nil
	})
}

// WriteCiteMark writes the superscript link to a note, the same for
// citations in Markdown and for quote cells in tables.
func WriteCiteMark(w interface{ WriteString(string) (int, error) }, n *Note, refID string) {
	num := strconv.Itoa(n.Num)
	w.WriteString(`<sup class="cite"><a href="#` + n.ID() + `" id="` + refID + `" role="doc-noteref" aria-label="Note ` + num + `: ` +
		html.EscapeString(n.Source.Title) + `">[` + num + `]</a></sup>`)
}

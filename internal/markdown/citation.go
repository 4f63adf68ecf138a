package markdown

import (
	"bytes"
	"cmp"
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

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/model"
)

// KindCitation is the NodeKind of a Pandoc-style citation, [@key, locator].
var KindCitation = ast.NewNodeKind("Citation")

// CiteKey is one source cited by a Citation.
type CiteKey struct {
	Key     string
	Locator string
	Offset  int // byte offset of the key in the document, for messages

	// Set by the transformers: the source, then its note, and the mark's
	// accessible name.
	Source *model.Source
	Note   *Note
	RefID  string
	Mark   string
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

// A citation holds no "[": it ends at the first "]", and the next "[" starts
// something else. Each try then reads only up to the next bracket, so a line
// of a thousand unclosed "[@" costs linear time, not quadratic.
var citeRE = regexp.MustCompile(`^\[(@[^\s\[\];,]+(?:,[^\[\];]*)?(?:;\s*@[^\s\[\];,]+(?:,[^\[\];]*)?)*)\]`)
var citeKeyRE = regexp.MustCompile(`@([^\s\[\];,]+)(?:,([^\[\];]*))?`)

type citationParser struct{}

func (citationParser) Trigger() []byte { return []byte{'['} }

func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[1] != '@' {
		return nil
	}
	end := bytes.IndexAny(line[1:], "[]")
	if end < 0 || line[1+end] != ']' {
		return nil
	}
	m := citeRE.FindSubmatchIndex(line[:end+2])
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

// citeKeys is the AST transformer that finds each cited source, or reports
// the key it does not know.
type citeKeys struct{}

func (citeKeys) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		c, ok := n.(*Citation)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		for _, k := range c.Keys {
			if k.Source = st.env.Dossier.SourceByID[k.Key]; k.Source == nil {
				st.errs.error(k.Offset, "citation of unknown source %q%s", clip(k.Key, 60), cmp.Or(suggest(k.Key, sourceIDs(st.env.Dossier)), "; cite a source by its file name in content/, without .md"))
			}
		}
		return ast.WalkContinue, nil
	})
}

// maxIDLen is the longest ID model.ValidID allows.
const maxIDLen = 100

// suggest is diag.DidYouMean for an ID: a key longer than any ID can be is
// no typo, and its edit distance would cost its length times each ID's.
func suggest(id string, ids []string) string {
	if len(id) > maxIDLen {
		return ""
	}
	return diag.DidYouMean(id, ids)
}

// citations is the goldmark extension for Pandoc-style citations.
type citations struct{}

func (citations) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Below the link parser (200) and the footnote parser (101), so
		// "[@" is tried as a citation first and falls through when it is
		// not one.
		parser.WithInlineParsers(util.Prioritized(citationParser{}, 100)),
		parser.WithASTTransformers(
			util.Prioritized(citeKeys{}, 200),
			// Last: it numbers citations and footnote marks together, once
			// the footnotes' texts are out of the document.
			util.Prioritized(numberNotes{}, 2000),
		),
	)
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
			WriteCiteMark(w, k.Note, k.RefID, k.Mark)
		}
		return ast.WalkSkipChildren, nil
	})
}

// WriteCiteMark writes the superscript link to a note, the same for
// citations and footnotes in Markdown and for quote cells in tables; name
// is its accessible name, from MarkName.
func WriteCiteMark(w interface{ WriteString(string) (int, error) }, n *Note, refID, name string) {
	num := strconv.Itoa(n.Num)
	w.WriteString(`<sup class="cite"><a href="#` + n.ID() + `" id="` + refID + `" role="doc-noteref" aria-label="` +
		html.EscapeString(name) + `">[` + num + `]</a></sup>`)
}

// MarkName is the accessible name of a mark that cites n, in the words of
// l: "Note 3", or "Note 3: Title" for a source.
func MarkName(l *labels.Table, n *Note) string {
	if n.Source != nil {
		return l.Format("note.mark.source", "n", n.Num, "title", clip(n.Source.Title, maxName))
	}
	return l.Format("note.mark", "n", n.Num)
}

// maxName bounds the title in a mark's accessible name: a mark is written
// once per use, and a title of megabytes would be copied into every one.
const maxName = 200

// clip shortens s to at most limit runes, at a word boundary when there is
// one in its second half, marking the cut with an ellipsis.
func clip(s string, limit int) string {
	n := 0
	for i := range s {
		if n == limit {
			cut := s[:i]
			if sp := strings.LastIndexByte(cut, ' '); sp > len(cut)/2 {
				cut = cut[:sp]
			}
			return strings.TrimRight(cut, " ,;:.") + "…"
		}
		n++
	}
	return s
}

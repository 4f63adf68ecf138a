// Package markdown turns a source's summary and a claim's or question's
// context into HTML with goldmark. It adds the dossier's own syntax as
// goldmark extensions: Pandoc-style citations ([@source, locator]) and GFM
// footnotes ([^label]) that become the page's numbered notes, and claim:,
// question: and source: links that resolve to the right page. Raw HTML is
// shown as text, never passed through, and the work a text can cause is
// bounded (see limits.go), so that no text can stall a build.
package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
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
	// Checked says the text was parsed before and had no problems: the
	// read ahead for inputs that would take goldmark quadratic time is
	// skipped, as that parse would have refused them.
	Checked bool
	// Labels are the words of the page: the names of note marks and task
	// boxes. Nil is English.
	Labels *labels.Table
}

// Doc is a parsed document, ready to render.
type Doc struct {
	root   ast.Node
	source []byte
	labels *labels.Table // of the page, for the marks its notes number later
	Links  []Link
	// Code says the text has a code block, footnotes included, which
	// the page's code stylesheet colours.
	Code bool
}

// Markdown converts documents. Build one and share it: goldmark and the
// chroma lexers are set up once.
type Markdown struct {
	md goldmark.Markdown
}

// New returns a converter.
func New() *Markdown {
	h := newHighlighter()
	md := goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(blockParsers()...),
			parser.WithInlineParsers(parser.DefaultInlineParsers()...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)),
		goldmark.WithExtensions(
			gfm{},
			extension.Typographer,
			footnotes{},
			citations{},
			links{},
			code{h},
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(headingLevels{}, 100)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(escapeHTML{}, 100)),
		),
	)
	return &Markdown{md: md}
}

// blockParsers are goldmark's, with the containers that nest (lists and
// block quotes) bounded in depth.
func blockParsers() []util.PrioritizedValue {
	ps := parser.DefaultBlockParsers()
	for i, p := range ps {
		switch p.Value {
		case parser.NewListParser(), parser.NewBlockquoteParser():
			ps[i].Value = nestLimit{p.Value.(parser.BlockParser)}
		}
	}
	return ps
}

var keyState = parser.NewContextKey()

// state is what the parts of the extension share while one document is
// parsed.
type state struct {
	env  *Env
	doc  *Doc
	errs *problems

	footnoteDefs  map[string]*east.Footnote // by label
	footnoteLists []ast.Node                // goldmark's list of the definitions

	// What the bounds of limits.go have counted so far.
	escapedPipes int
	linkBytes    int
	tooDeep      bool
	tooManyLinks bool
}

func stateOf(pc parser.Context) *state { return pc.Get(keyState).(*state) }

// Parse parses src, resolves its citations, footnotes and links, and
// numbers its notes into env.Notes. Problems are reported at their position
// in the file.
func (m *Markdown) Parse(src []byte, env Env) (*Doc, diag.List) {
	src, fixed := validUTF8(src)
	st := &state{
		env:          &env,
		doc:          &Doc{source: src, labels: env.Labels},
		errs:         &problems{env: &env, src: src, fixed: fixed},
		footnoteDefs: map[string]*east.Footnote{},
	}
	if !env.Checked && tooComplex(src, st.errs) {
		// Goldmark would take time quadratic in the text; the errors say
		// what to change, and nothing of the text is rendered.
		st.doc.root = ast.NewDocument()
		return st.doc, st.errs.list()
	}
	pc := parser.NewContext(parser.WithIDs(&headingIDs{used: map[string]bool{}, next: map[string]int{}}))
	pc.Set(keyState, st)
	st.doc.root = m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return st.doc, st.errs.list()
}

// Render writes the document's HTML.
func (m *Markdown) Render(doc *Doc) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(2*len(doc.source) + 512) // the HTML of a text is about twice its Markdown
	if err := m.md.Renderer().Render(bufWriter{&b}, doc.source, doc.root); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// bufWriter lets goldmark write straight into a bytes.Buffer: given a
// writer that is not a util.BufWriter, it makes a bufio.Writer of 4 KB for
// each text and copies everything through it.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

// NoteText renders the text of a footnote note, numbering the notes it
// cites in turn. A page's notes come after everything else on it, so call it
// for each note in order once the page's own marks are numbered: the marks
// in note 3's text then take the next free numbers, and every number on the
// page is first used in reading order. It returns nil for a source's note.
func (m *Markdown) NoteText(notes *Notes, n *Note) ([]byte, error) {
	t := n.text
	if t == nil {
		return nil, nil
	}
	if !t.numbered {
		t.numbered = true
		notes.number(t.def, t.doc)
	}
	var b bytes.Buffer
	if err := m.md.Renderer().Render(bufWriter{&b}, t.doc.source, t.def); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// validUTF8 replaces each byte that is not UTF-8 by U+FFFD, so that
// nothing a text holds can put invalid bytes on a page, and returns the
// offsets where it did, to keep error columns those of the file.
func validUTF8(src []byte) ([]byte, []int) {
	if utf8.Valid(src) {
		return src, nil
	}
	var out []byte
	var fixed []int
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && w == 1 {
			fixed = append(fixed, len(out))
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, src[i:i+w]...)
		}
		i += w
	}
	return out, fixed
}

// maxErrors is how many problems one text reports. A text with more is
// broken throughout, and listing them all would take time and screens.
const maxErrors = 100

// problems collects a document's errors and warnings. Positions are found
// only for what is reported, with a line index built on the first one, so
// that many problems in a long text cost O(log n) each.
type problems struct {
	env     *Env
	src     []byte
	fixed   []int // offsets of U+FFFD that stand for one byte of the file
	starts  []int // offsets of line starts, built when first needed
	l       diag.List
	dropped int
	firstDr int
}

func (p *problems) add(off int, warning bool, format string, args ...any) {
	if len(p.l) >= maxErrors {
		if p.dropped == 0 {
			p.firstDr = off
		}
		p.dropped++
		return
	}
	if warning {
		p.l.Warn(p.position(off), format, args...)
	} else {
		p.l.Add(p.position(off), format, args...)
	}
}

func (p *problems) error(off int, format string, args ...any) { p.add(off, false, format, args...) }
func (p *problems) warn(off int, format string, args ...any)  { p.add(off, true, format, args...) }

func (p *problems) list() diag.List {
	if p.dropped > 0 {
		p.l.Add(p.position(p.firstDr), "and %s more in this text, not listed; mend the ones above and check again", diag.Plural(p.dropped, "problem"))
		p.dropped = 0
	}
	return p.l
}

// position maps a byte offset in the text to a file position.
func (p *problems) position(off int) diag.Pos {
	off = max(0, min(off, len(p.src)))
	if p.starts == nil {
		p.starts = []int{0}
		for i, c := range p.src {
			if c == '\n' {
				p.starts = append(p.starts, i+1)
			}
		}
	}
	line := sort.SearchInts(p.starts, off+1) - 1
	start := p.starts[line]
	col := off - start + 1
	// Each U+FFFD put in for a bad byte is two bytes longer than it.
	lo, _ := slices.BinarySearch(p.fixed, start)
	hi, _ := slices.BinarySearch(p.fixed, off)
	col -= 2 * (hi - lo)
	// Every line of the text starts at env.Pos.Col: column 1 for a body,
	// the indentation of a YAML block scalar for a context.
	pos := p.env.Pos
	pos.Line += line
	pos.Col += col - 1
	return pos
}

// headingIDs gives headings ids with a prefix, so a heading called "Notes"
// cannot collide with the ids of the page around it.
type headingIDs struct {
	used map[string]bool
	next map[string]int // base id -> the suffix to try next, so that a
	// thousand headings of one name cost linear time, not quadratic
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := "s-" + cmp.Or(model.Slug(string(value)), "section")
	id := base
	if h.used[id] {
		i := max(h.next[base], 1)
		for id = fmt.Sprintf("%s-%d", base, i); h.used[id]; id = fmt.Sprintf("%s-%d", base, i) {
			i++
		}
		h.next[base] = i + 1
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

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

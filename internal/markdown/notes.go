package markdown

import (
	"fmt"
	"maps"
	"slices"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/dossier-ssg/dossier/internal/model"
)

// Notes numbers a page's notes in order of first use: the sources it cites
// ([@key], and the quotes of its tables) and the footnotes its text writes
// ([^label]), in one sequence and one list. A note used again keeps its
// number; each use gets its own back-link (a, b, c).
type Notes struct {
	List       []*Note
	bySource   map[string]*Note
	byFootnote map[*east.Footnote]*Note
}

// Note is one numbered note: a source with the quotes and locators the page
// cites from it, or a footnote written in the page's text.
type Note struct {
	Num     int
	Source  *model.Source // the cited source; nil for a footnote
	Refs    []Ref
	Items   []NoteItem
	itemIdx map[itemKey]int // by key, once a note has more items than a look through them is worth
	text    *noteText       // a footnote's own text; nil for a source
}

// itemKey is what makes two cited items the same item: the same words
// from the same place, verified alike.
type itemKey struct {
	quote, locator, via, sha string
	verified                 bool
}

func keyOf(item NoteItem) itemKey {
	return itemKey{item.Quote, item.Locator, item.Via, item.Check.SHA256, item.Check.Verified}
}

// maxLookedThrough is how many items a note finds a cited one among by
// looking through them; past it, the note indexes them in itemIdx. Most
// notes carry one to three items, and a map for each was a fifth of the
// bytes a page's notes allocated.
const maxLookedThrough = 16

// item returns the index of the item of key, or -1.
func (n *Note) item(key itemKey) int {
	if n.itemIdx != nil {
		if i, ok := n.itemIdx[key]; ok {
			return i
		}
		return -1
	}
	for i, it := range n.Items {
		if keyOf(it) == key {
			return i
		}
	}
	return -1
}

// Ref is one place on the page that cites a note.
type Ref struct {
	ID    string // element id of the citation mark
	Label string // a, b, c...
	Item  int    // index in the note's Items of what this place cites, or -1: the note alone
}

// NoteItem is a quote or locator the note carries.
type NoteItem struct {
	Quote   string
	Locator string
	Check   model.QuoteCheck
	Via     string // display chain of what the quote relays, if anything
}

// noteText is a footnote's definition, kept from the document it came from
// until the page's notes are laid out.
type noteText struct {
	def      *east.Footnote
	doc      *Doc
	numbered bool // the marks inside it have their numbers
}

// ID is the note's element id.
func (n *Note) ID() string { return fmt.Sprintf("note-%d", n.Num) }

// IsFootnote reports whether the note is a footnote written in the text
// rather than a cited source; Markdown.NoteText renders its text.
func (n *Note) IsFootnote() bool { return n.text != nil }

// Cite records one use of src and returns the note and the id of the new
// citation mark.
func (ns *Notes) Cite(src *model.Source, item NoteItem) (*Note, string) {
	if ns.bySource == nil {
		ns.bySource = map[string]*Note{}
	}
	n := ns.bySource[src.ID]
	if n == nil {
		n = ns.add(&Note{Source: src})
		ns.bySource[src.ID] = n
	}
	idx := -1
	if key := keyOf(item); key != (itemKey{}) {
		i := n.item(key)
		if i < 0 {
			i = len(n.Items)
			n.Items = append(n.Items, item)
			switch {
			case n.itemIdx != nil:
				n.itemIdx[key] = i
			case len(n.Items) > maxLookedThrough:
				n.itemIdx = make(map[itemKey]int, len(n.Items))
				for j, it := range n.Items {
					n.itemIdx[keyOf(it)] = j
				}
			}
		}
		idx = i
	}
	return n, n.use(idx)
}

// footnote records one use of a footnote and returns its note and the id of
// the new mark.
func (ns *Notes) footnote(def *east.Footnote, doc *Doc) (*Note, string) {
	if ns.byFootnote == nil {
		ns.byFootnote = map[*east.Footnote]*Note{}
	}
	n := ns.byFootnote[def]
	if n == nil {
		n = ns.add(&Note{text: &noteText{def: def, doc: doc}})
		ns.byFootnote[def] = n
	}
	return n, n.use(-1)
}

func (ns *Notes) add(n *Note) *Note {
	n.Num = len(ns.List) + 1
	ns.List = append(ns.List, n)
	return n
}

// use adds a back-link for one more place that cites the note.
func (n *Note) use(item int) string {
	ref := Ref{ID: fmt.Sprintf("cite-%d-%d", n.Num, len(n.Refs)+1), Label: label(len(n.Refs)), Item: item}
	n.Refs = append(n.Refs, ref)
	return ref.ID
}

// label gives a, b, ..., z, aa, ab, ... for back-links.
func label(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i = i/26 - 1
		if i < 0 {
			return s
		}
	}
}

// Clone copies the notes deeply enough that citing more on the copy leaves
// the original as it was: a parsed text's notes are shared by every
// rendering of its page.
func (ns *Notes) Clone() *Notes {
	if ns == nil {
		return &Notes{}
	}
	c := &Notes{List: make([]*Note, len(ns.List)), bySource: make(map[string]*Note, len(ns.bySource))}
	copies := make(map[*Note]*Note, len(ns.List))
	for i, n := range ns.List {
		cn := *n
		cn.Refs = slices.Clone(n.Refs)
		cn.Items = slices.Clone(n.Items)
		cn.itemIdx = maps.Clone(n.itemIdx)
		c.List[i] = &cn
		copies[n] = &cn
	}
	for id, n := range ns.bySource {
		c.bySource[id] = copies[n]
	}
	for d, n := range ns.byFootnote {
		if c.byFootnote == nil {
			c.byFootnote = map[*east.Footnote]*Note{}
		}
		c.byFootnote[d] = copies[n]
	}
	return c
}

// numberNotes is the AST transformer that numbers the document's citations
// and footnote marks into the page's notes, in reading order. It runs last,
// once citations are resolved and footnote texts are out of the document.
type numberNotes struct{}

func (numberNotes) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	st.env.Notes.number(doc, st.doc)
}

// number numbers the marks under root in order: a source cited again, or a
// footnote used again, keeps its note.
func (ns *Notes) number(root ast.Node, doc *Doc) {
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *Citation:
			for _, k := range n.Keys {
				if k.Source != nil {
					k.Note, k.RefID = ns.Cite(k.Source, NoteItem{Locator: k.Locator})
					k.Mark = MarkName(doc.labels, k.Note)
				}
			}
		case *FootnoteRef:
			n.Note, n.RefID = ns.footnote(n.def, doc)
			n.Mark = MarkName(doc.labels, n.Note)
		}
		return ast.WalkContinue, nil
	})
}

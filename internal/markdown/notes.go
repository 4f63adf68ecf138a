package markdown

import (
	"fmt"
	"maps"
	"slices"

	"github.com/dossier-ssg/dossier/internal/model"
)

// Notes numbers a page's citation footnotes in order of first use. A source
// cited again keeps its number; each use gets its own back-link (a, b, c).
type Notes struct {
	List     []*Note
	bySource map[string]*Note
}

// Note is one numbered footnote: a source with the quotes and locators the
// page cites from it.
type Note struct {
	Num     int
	Source  *model.Source
	Refs    []Ref
	Items   []NoteItem
	itemIdx map[itemKey]int
}

// itemKey is what makes two cited items the same item: the same words
// from the same place, verified alike.
type itemKey struct {
	quote, locator, via, sha string
	verified                 bool
}

// Ref is one place on the page that cites a note.
type Ref struct {
	ID    string // element id of the citation mark
	Label string // a, b, c...
	Item  int    // index in the note's Items of what this place cites, or -1: the source alone
}

// NoteItem is a quote or locator the note carries.
type NoteItem struct {
	Quote   string
	Locator string
	Check   model.QuoteCheck
	Via     string // display chain of what the quote relays, if anything
}

// ID is the note's element id.
func (n *Note) ID() string { return fmt.Sprintf("note-%d", n.Num) }

// Cite records one use of src and returns the note and the id of the new
// citation mark.
func (ns *Notes) Cite(src *model.Source, item NoteItem) (*Note, string) {
	if ns.bySource == nil {
		ns.bySource = map[string]*Note{}
	}
	n := ns.bySource[src.ID]
	if n == nil {
		n = &Note{Num: len(ns.List) + 1, Source: src, itemIdx: map[itemKey]int{}}
		ns.List = append(ns.List, n)
		ns.bySource[src.ID] = n
	}
	idx := -1
	if key := (itemKey{item.Quote, item.Locator, item.Via, item.Check.SHA256, item.Check.Verified}); key != (itemKey{}) {
		i, ok := n.itemIdx[key]
		if !ok {
			i = len(n.Items)
			n.itemIdx[key] = i
			n.Items = append(n.Items, item)
		}
		idx = i
	}
	ref := Ref{ID: fmt.Sprintf("cite-%d-%d", n.Num, len(n.Refs)+1), Label: label(len(n.Refs)), Item: idx}
	n.Refs = append(n.Refs, ref)
	return n, ref.ID
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
	return c
}

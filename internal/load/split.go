package load

import (
	"bytes"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
)

// dossier.yaml is mostly three long lists. Read as one YAML document, the
// whole of it is a tree in memory before the first claim is made (about
// 300 MB at 30,000 claims, more than the dossier it becomes), on one CPU,
// and an edit to one claim parses every claim again.
//
// So the lists are read item by item: splitConfig cuts each out of the
// text at the lines where its items start, the rest (the header) parses
// on its own with the lists' lines left blank, and each piece parses and
// becomes claims on any CPU, its tree dropped at once. The pieces are
// cached by their text, so the preview parses only the claim that changed.
//
// A cut is made only where YAML would start an item: a "-" at the list's
// indentation, at the start of a line. Such a line can be something else
// only inside a quoted text or a [flow] collection that runs across lines
// (a block text is indented deeper than its list, and a plain text ends at
// a line indented as little as the list's items), and then the piece
// before it ends inside that quote or bracket and does not parse. Anything
// that does not parse, an alias to an anchor in another piece among them,
// makes the whole text parse as one document, as it always did: what is
// read, and every message about it, is the same either way. What a piece
// cannot see, it is not cut for: a text with directives ("%TAG ! ...",
// which change what the pieces' tags mean), or with the line breaks that
// YAML counts and this file does not (U+0085, U+2028, U+2029), parses
// whole, and so does a header written as a {flow} mapping.

// listKeys are the keys of dossier.yaml whose lists are read item by item.
var listKeys = []string{"origins", "questions", "claims"}

// list is one of listKeys' lists, cut out of dossier.yaml.
type list struct {
	key    string
	line   int // of the key, 1-based
	indent int // of its items' "-"
	pieces []piece
	// The bytes the header leaves out: from the first item to the end
	// of the last (comments above the first item stay in the header, so
	// every byte is parsed, by the header or by a piece).
	from, to int
}

// piece is whole lines of a list, starting with an item's "-".
type piece struct {
	text []byte
	line int // its first line in dossier.yaml, 1-based
}

// splitConfig finds the lists of listKeys written as block lists under a
// top-level key of their own ("claims:" then lines starting "- "). It
// returns them and the header: data with the lists' lines emptied, so
// that every other line keeps its number. It returns no lists when there
// are none, when the text holds what a piece cannot be read without (see
// above), or when a line starts with a tab after its indentation: YAML
// refuses tabs as indentation, and they are rare enough elsewhere to leave
// to the whole parse.
func splitConfig(data []byte) (header []byte, lists []list) {
	for _, b := range []string{"\u0085", "\u2028", "\u2029"} {
		if bytes.Contains(data, []byte(b)) {
			return nil, nil
		}
	}
	var starts []int // of every line
	for i := 0; i < len(data); {
		if data[i] == '%' || i == 0 && bytes.HasPrefix(data, []byte("\ufeff%")) {
			return nil, nil // a directive
		}
		starts = append(starts, i)
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	line := func(i int) []byte { // without its line break
		end := len(data)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		return bytes.TrimSuffix(data[starts[i]:end], []byte{'\n'})
	}
	at := func(i int) int { // where line i starts; len(data) past the end
		if i < len(starts) {
			return starts[i]
		}
		return len(data)
	}
	for i := 0; i < len(starts); i++ {
		key := listKey(line(i))
		if key == "" {
			continue
		}
		l := list{key: key, line: i + 1, indent: -1}
		var items []int // lines where items start
		j := i + 1
	scan:
		for ; j < len(starts); j++ {
			text := line(j)
			indent := 0
			for indent < len(text) && text[indent] == ' ' {
				indent++
			}
			rest := text[indent:]
			switch {
			case len(rest) > 0 && rest[0] == '\t':
				return nil, nil
			case len(rest) == 0 || rest[0] == '#':
				// a blank line or a comment, at any indentation
			case l.indent < 0:
				if !isItem(rest) {
					break scan // not a block list: left to the header
				}
				l.indent = indent
				items = append(items, j)
			case indent == l.indent && isItem(rest):
				items = append(items, j)
			case indent == 0:
				break scan // the next top-level key
			case indent < l.indent:
				return nil, nil // not YAML a piece could stand for
			}
		}
		if len(items) > 0 {
			for k, s := range items {
				end := j
				if k+1 < len(items) {
					end = items[k+1]
				}
				l.pieces = append(l.pieces, piece{text: data[at(s):at(end)], line: s + 1})
			}
			l.from, l.to = at(items[0]), at(j)
			lists = append(lists, l)
		}
		i = j - 1
	}
	if len(lists) == 0 {
		return nil, nil
	}
	var b bytes.Buffer
	last := 0
	for _, l := range lists {
		b.Write(data[last:l.from])
		b.Write(bytes.Repeat([]byte{'\n'}, bytes.Count(data[l.from:l.to], []byte{'\n'})))
		last = l.to
	}
	b.Write(data[last:])
	return b.Bytes(), lists
}

// listKey is the key of listKeys that line holds with nothing after it
// ("claims:", a comment allowed), or "".
func listKey(line []byte) string {
	for _, k := range listKeys {
		rest, ok := bytes.CutPrefix(line, []byte(k+":"))
		if !ok || len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' {
			continue // "claims:x" is a text, not a key
		}
		if rest = bytes.TrimLeft(rest, " \t"); len(rest) == 0 || rest[0] == '#' {
			return k
		}
	}
	return ""
}

// isItem reports whether a line, past its indentation, starts a list item.
func isItem(rest []byte) bool {
	return rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t')
}

// items is what the items of dossier.yaml's lists became, and the problems
// found in them, in the order a whole parse finds them.
type items struct {
	origins   []*model.Origin
	questions []*model.Question
	claims    []*model.Claim
	errs      diag.List
}

// read reads one item of the list under key, the same way for a piece
// and for the whole text.
func (it *items) read(dec *decoder, key string, n *yaml.Node) {
	switch key {
	case "origins":
		if o := dec.origin(n); o != nil {
			it.origins = append(it.origins, o)
		}
	case "questions":
		if q := dec.question(n); q != nil {
			it.questions = append(it.questions, q)
		}
	case "claims":
		if c := dec.claim(n); c != nil {
			it.claims = append(it.claims, c)
		}
	}
}

// add appends what o read; its problems are the caller's to pass on.
func (it *items) add(o *items) {
	it.origins = append(it.origins, o.origins...)
	it.questions = append(it.questions, o.questions...)
	it.claims = append(it.claims, o.claims...)
}

// readSplit parses the header and every piece of lists, and reads each
// piece's items into the model. It returns the header's tree and what
// each list's items became, by key; ok is false when any text failed to
// parse, or parsed into other than the splitting expected, and then
// nothing is returned.
func readSplit(file string, header []byte, lists []list, trees *treeCache) (head *tree, read map[string]*items, ok bool) {
	head = trees.document(header)
	if head.err != nil || head.more || len(head.doc.Content) == 0 {
		return nil, nil, false
	}
	root := head.doc.Content[0]
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return nil, nil, false
	}
	for _, l := range lists {
		// The key must be the mapping's, once, and now empty: a "claims:"
		// line inside a quoted text that began above would not be.
		n := 0
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k, v := root.Content[i], root.Content[i+1]; k.Value == l.key {
				n++
				if k.Line != l.line || k.Column != 1 || k.Style != 0 || v.Kind != yaml.ScalarNode || v.Tag != "!!null" || v.Value != "" || v.Style != 0 {
					return nil, nil, false
				}
			}
		}
		if n != 1 {
			return nil, nil, false
		}
	}
	type job struct {
		l *list
		p *piece
	}
	var jobs []job
	for i := range lists {
		for j := range lists[i].pieces {
			jobs = append(jobs, job{&lists[i], &lists[i].pieces[j]})
		}
	}
	out := make([]items, len(jobs))
	var failed atomic.Bool // the whole text parses again: stop early
	parallel(len(jobs), func(i int) {
		if failed.Load() {
			return
		}
		l, p := jobs[i].l, jobs[i].p
		t := trees.document(p.text)
		if t.err != nil || t.more || len(t.doc.Content) == 0 {
			failed.Store(true)
			return
		}
		seq := t.doc.Content[0]
		if seq.Kind != yaml.SequenceNode || seq.Style&yaml.FlowStyle != 0 || seq.Line != 1 || seq.Column != l.indent+1 {
			failed.Store(true)
			return
		}
		r := &out[i]
		dec := &decoder{file: file, src: p.text, lineOff: p.line - 1, errs: &r.errs}
		for _, item := range seq.Content {
			r.read(dec, l.key, item)
		}
	})
	if failed.Load() {
		return nil, nil, false
	}
	read = map[string]*items{}
	for i, j := range jobs {
		if read[j.l.key] == nil {
			read[j.l.key] = &items{}
		}
		read[j.l.key].add(&out[i])
		read[j.l.key].errs.Append(out[i].errs)
	}
	return head, read, true
}

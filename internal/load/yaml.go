package load

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// decoder walks yaml.Nodes by hand rather than unmarshalling into structs, so
// that every value keeps its position and unknown keys can be reported with a
// suggestion instead of being silently dropped.
type decoder struct {
	file    string
	src     []byte   // the YAML text
	lines   [][]byte // src split into lines, once, when first needed
	lineOff int      // lines before the YAML text in the file (front matter)
	errs    *diag.List
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line + d.lineOff, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.Add(d.pos(n), format, args...)
}

// field is one key of a mapping the caller knows how to read.
type field struct {
	name     string
	required bool
	read     func(v *yaml.Node)
}

// mapping reads the mapping n with the given fields. It reports unknown keys,
// repeated keys and missing required ones; what is the subject of the
// mapping ("source", "claim") appears in messages.
func (d *decoder) mapping(n *yaml.Node, what string, fields ...field) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of keys to values, not %s", what, kindName(n))
		return
	}
	var names []string
	for _, f := range fields {
		names = append(names, f.name)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		idx := slices.Index(names, k.Value)
		switch {
		case idx < 0:
			d.errorf(k, "unknown key %q in %s%s; known keys: %s", k.Value, what,
				diag.DidYouMean(k.Value, names), strings.Join(names, ", "))
			continue
		case seen[k.Value]:
			d.errorf(k, "key %q appears twice in %s; keep one", k.Value, what)
			continue
		}
		seen[k.Value] = true
		fields[idx].read(v)
	}
	for _, f := range fields {
		if f.required && !seen[f.name] {
			d.errorf(n, "%s is missing required key %q", what, f.name)
		}
	}
}

// str reads a scalar string into *dst; for a required-ness check the caller
// marks the field required, and empty strings are reported here.
func (d *decoder) str(dst *string, what string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			d.errorf(v, "%s must be a text value, not %s", what, kindName(v))
			return
		}
		// YAML reads a first word that starts with & or ! as an anchor or
		// a tag and drops it from the text: "!Kung San win" would be
		// published as "San win".
		switch {
		case v.Anchor != "":
			d.errorf(v, "%s starts with &%s, which YAML reads as an anchor and leaves out of the text: put the whole value in quotes", what, v.Anchor)
			return
		case v.Style&yaml.TaggedStyle != 0:
			d.errorf(v, "%s starts with %s, which YAML reads as a type tag and leaves out of the text: put the whole value in quotes", what, v.Tag)
			return
		}
		s := strings.TrimSpace(v.Value)
		if s == "" {
			d.errorf(v, "%s is empty; write a value or remove the key", what)
			return
		}
		// " #1 again" after a plain value is a comment to YAML, and is
		// left out of the text; a comment written as one has a space
		// after its "#".
		if c := v.LineComment; v.Style == 0 && len(c) > 1 && c[0] == '#' && c[1] != ' ' && c[1] != '\t' && c[1] != '#' {
			d.errs.Warn(d.pos(v), "%s ends where %q starts, which YAML reads as a comment and leaves out: put the whole value in quotes if the # belongs to it", what, clipComment(c))
		}
		*dst = s
	}
}

// clipComment is a comment as a message quotes it: its first words.
func clipComment(c string) string {
	if f := strings.Fields(c); len(f) > 4 {
		return strings.Join(f[:4], " ") + " ..."
	}
	return c
}

// strPos is str that also records where the value sits.
func (d *decoder) strPos(dst *string, pos *diag.Pos, what string) func(*yaml.Node) {
	read := d.str(dst, what)
	return func(v *yaml.Node) {
		*pos = d.pos(v)
		read(v)
	}
}

// text reads a string that may be block-literal Markdown; its position is
// where the content starts, so Markdown positions can be mapped back. For a
// block scalar ("context: |") that is the first line after the indicator
// with text on it, at the block's indentation, which every line of the
// block shares: a column in the Markdown maps to Col-1 more in the file.
//
// A folded block ("context: >") would have YAML join its lines, and every
// position after the first line would be lost. Its text is instead the
// block's lines as they stand, de-indented: Markdown joins a paragraph's
// lines itself, and a blank line starts a new paragraph, as it looks.
func (d *decoder) text(dst *string, pos *diag.Pos, what string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.str(dst, what)(v)
		p := d.pos(v)
		switch {
		case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			// str trims leading blank lines, so the text starts on the
			// first line after the indicator that has any. An empty
			// block has none: the next line with text is past its end.
			p.Line, p.Col = p.Line+1, v.Column+2
			if strings.TrimSpace(v.Value) == "" {
				break
			}
			if d.lines == nil {
				d.lines = bytes.Split(d.src, []byte("\n"))
			}
			lines := d.lines
			for i := v.Line; i < len(lines); i++ { // lines[v.Line] is the line after the indicator
				if t := bytes.TrimLeft(lines[i], " "); len(t) > 0 {
					p.Line, p.Col = i+1+d.lineOff, len(lines[i])-len(t)+1
					if v.Style&yaml.FoldedStyle != 0 && *dst != "" {
						*dst = unfold(lines[i:], p.Col-1, *dst)
					}
					break
				}
			}
		case v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			p.Col++ // past the opening quote
		}
		*pos = p
	}
}

// unfold returns the lines of a folded block scalar as they stand, from its
// first line with text until a line indented less than indent, with indent
// spaces taken off each. When those lines do not hold the same words as
// value, the folded text (an indentation indicator would do that), value
// is kept.
func unfold(lines [][]byte, indent int, value string) string {
	var b strings.Builder
	for _, l := range lines {
		t := bytes.TrimLeft(l, " ")
		if len(t) > 0 && len(l)-len(t) < indent {
			break // the block has ended
		}
		if len(t) > 0 {
			b.Write(l[indent:])
		}
		b.WriteByte('\n')
	}
	raw := strings.TrimSpace(b.String())
	if strings.Join(strings.Fields(raw), " ") != strings.Join(strings.Fields(value), " ") {
		return value
	}
	return raw
}

func (d *decoder) boolean(dst *bool, what string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		if v.Kind != yaml.ScalarNode || v.Decode(dst) != nil {
			d.errorf(v, "%s must be true or false", what)
		}
	}
}

// seq calls each for every item of the sequence n.
func (d *decoder) seq(what string, each func(*yaml.Node)) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "%s must be a list (items starting with \"- \"), not %s", what, kindName(n))
			return
		}
		for _, item := range n.Content {
			each(item)
		}
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "an empty value"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

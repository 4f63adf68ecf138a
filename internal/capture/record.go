package capture

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrHasCapture is returned by Record for a source that already records a
// capture: replacing it would leave its quotes checked against a text they
// were not taken from.
var ErrHasCapture = errors.New("the source already records a capture")

// Stanza is the capture: block of a source's front matter that records a
// capture file, by its name in the captures folder, and its SHA-256.
func Stanza(file, sum string) string {
	return "capture:\n  file: " + file + "\n  sha256: " + sum + "\n"
}

// Record adds the Stanza for file and sum to the front matter of the source
// file src: before its relays: or annotations:, where the format's
// documentation puts it, or else at the end of the front matter. Every other
// byte of src is kept, and the stanza follows the file's indentation and
// line ends. A source that records a capture already is refused with
// ErrHasCapture.
func Record(src []byte, file, sum string) ([]byte, error) {
	start, end, nl, err := frontMatter(src)
	if err != nil {
		return nil, err
	}
	front := src[start:end]
	if bytes.Count(front, []byte("\r")) != bytes.Count(front, []byte("\r\n")) {
		// Lines ended by a lone CR would be counted apart from the parser's.
		return nil, errors.New("its front matter has lines ended by a carriage return alone")
	}
	old, root, err := decode(front)
	if err != nil {
		return nil, err
	}
	var at *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch k := root.Content[i]; k.Value {
		case "capture":
			return nil, ErrHasCapture
		case "relays", "annotations":
			if at == nil {
				at = k
			}
		}
	}
	indent := strings.Repeat(" ", root.Content[0].Column-1)
	lines := bytes.SplitAfter(front, []byte("\n"))
	insert := len(front)
	if at != nil {
		// Above the comment lines that introduce the key, if any.
		l := at.Line - 1
		for l > 0 && isComment(lines[l-1], indent) {
			l--
		}
		insert = len(bytes.Join(lines[:l], nil))
	}
	var stanza strings.Builder
	for line := range strings.Lines(Stanza(file, sum)) {
		stanza.WriteString(indent + strings.TrimSuffix(line, "\n") + nl)
	}
	pos := start + insert
	out := make([]byte, 0, len(src)+stanza.Len())
	out = append(out, src[:pos]...)
	out = append(out, stanza.String()...)
	out = append(out, src[pos:]...)

	// The stanza must read back as itself and leave every other value as
	// it was; anything else would be a surprise in the author's file.
	now, _, err := decode(out[start : end+stanza.Len()])
	if err != nil {
		return nil, fmt.Errorf("the stanza could not be added without breaking the front matter: %w", err)
	}
	want := map[string]any{"file": file, "sha256": sum}
	if !reflect.DeepEqual(now["capture"], want) {
		return nil, errors.New("the stanza could not be added where it reads as the source's capture")
	}
	delete(now, "capture")
	if !reflect.DeepEqual(now, old) {
		return nil, errors.New("the stanza could not be added without changing the source's other values")
	}
	return out, nil
}

// frontMatter finds the YAML between a source's opening "---" line and its
// closing one, as the loader does, and the line end the file uses.
func frontMatter(src []byte) (start, end int, nl string, err error) {
	start = len(src) - len(bytes.TrimPrefix(src, []byte("\ufeff")))
	switch {
	case bytes.HasPrefix(src[start:], []byte("---\n")):
		start, nl = start+4, "\n"
	case bytes.HasPrefix(src[start:], []byte("---\r\n")):
		start, nl = start+5, "\r\n"
	default:
		return 0, 0, "", errors.New(`it does not start with front matter (a line "---")`)
	}
	for off := start; off < len(src); {
		l := src[off:]
		if i := bytes.IndexByte(l, '\n'); i >= 0 {
			l = l[:i+1]
		}
		if string(bytes.TrimRight(l, "\r\n \t")) == "---" {
			return start, off, nl, nil
		}
		off += len(l)
	}
	return 0, 0, "", errors.New(`its front matter is never closed by a line "---"`)
}

// decode reads front matter that must be a block mapping of keys.
func decode(front []byte) (map[string]any, *yaml.Node, error) {
	front = bytes.ReplaceAll(front, []byte("\r\n"), []byte("\n"))
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return nil, nil, fmt.Errorf("its front matter is not valid YAML (dossier check says where): %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode || doc.Content[0].Style&yaml.FlowStyle != 0 || len(doc.Content[0].Content) == 0 {
		return nil, nil, errors.New("its front matter is not a list of keys, one a line")
	}
	var m map[string]any
	if err := doc.Content[0].Decode(&m); err != nil {
		return nil, nil, err
	}
	return m, doc.Content[0], nil
}

// isComment reports whether line is a comment at the front matter's own
// indentation; a deeper line could belong to a block of text above it.
func isComment(line []byte, indent string) bool {
	rest, ok := bytes.CutPrefix(line, []byte(indent))
	return ok && bytes.HasPrefix(rest, []byte("#"))
}

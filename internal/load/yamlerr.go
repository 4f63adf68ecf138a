package load

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// yamlError turns a yaml.v3 syntax error in text into a positioned one with
// advice. yaml.v3 reports "yaml: line N: msg" without a column, and for
// parser errors N is often the line where the enclosing mapping or list
// began rather than the line at fault (go-yaml/yaml#205). So the line at
// fault is found again: it is the first line whose addition makes the text
// fail to parse. lineOff is the number of lines before text in its file.
func yamlError(file string, text []byte, lineOff int, err error) *diag.Error {
	msg, line := splitYAMLError(err)
	if l := faultLine(text, msg); l > 0 {
		line = l
	}
	src := lineText(text, line)
	pos := diag.Pos{File: file, Line: line + lineOff, Col: faultColumn(src, msg)}
	if at := valueStart(src, "{["); at >= 0 && strings.Contains(msg, "did not find expected key") {
		// A text that starts with a placeholder or a bracket, as a label
		// may ("{n} sources"), is read as a {map} or [list] and ends early.
		pos.Col = len([]rune(src[:at])) + 1
		return diag.Errorf(pos, "YAML syntax: %s: a value that starts with { or [ is read as a {map} or [list]; put a text that starts so in quotes: \"%s\"", msg, strings.TrimSpace(src[at:]))
	}
	if hint := yamlHint(msg); hint != "" {
		return diag.Errorf(pos, "YAML syntax: %s: %s", msg, hint)
	}
	return diag.Errorf(pos, "YAML syntax: %s", msg)
}

// splitYAMLError separates yaml.v3's message from the line it names (1 when
// it names none, as it does for errors on the first line).
func splitYAMLError(err error) (msg string, line int) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	line = 1
	var n int
	if _, e := fmt.Sscanf(msg, "line %d:", &n); e == nil && n > 0 {
		line = n
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return msg, line
}

// faultLine returns the 1-based line whose addition first makes text fail
// with msg, or 0 when that cannot be told. An unclosed quote only shows at
// the end of the text; for it yaml.v3's line is right: where the quote opens. Once a prefix of the text
// fails, every longer one fails the same way, so the search is binary: a
// few parses even for a dossier.yaml of thousands of claims.
func faultLine(text []byte, msg string) int {
	if strings.Contains(msg, "end of stream") {
		return 0
	}
	ends := lineEnds(text)
	fails := func(i int) bool {
		var n yaml.Node
		err := yaml.Unmarshal(text[:ends[i]], &n)
		if err == nil {
			return false
		}
		m, _ := splitYAMLError(err)
		return m == msg
	}
	i := sort.Search(len(ends), fails)
	if i == len(ends) {
		return 0
	}
	return i + 1
}

// lineEnds gives, for each line of text, the offset just past its newline.
func lineEnds(text []byte) []int {
	var ends []int
	for i, c := range text {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(text) > 0 && text[len(text)-1] != '\n' {
		ends = append(ends, len(text))
	}
	return ends
}

// lineText returns the 1-based line of text, without its newline.
func lineText(text []byte, line int) string {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			return ""
		}
		text = text[i+1:]
	}
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	return string(text)
}

// faultColumn guesses the 1-based column of the fault on the line src from
// the kind of error: the tab, the character no value may start with, the
// second ": ", the opening quote or bracket, the alias; otherwise the first character
// that is not a space.
func faultColumn(src, msg string) int {
	at := -1
	switch {
	case strings.Contains(msg, "tab character"):
		at = strings.IndexByte(src, '\t')
	case strings.Contains(msg, "cannot start any token"):
		at = valueStart(src, "@`\t%")
	case strings.Contains(msg, "mapping values are not allowed"):
		if i := strings.Index(src, ": "); i >= 0 {
			if j := strings.Index(src[i+2:], ":"); j >= 0 {
				at = i + 2 + j
			}
		}
	case strings.Contains(msg, "end of stream"):
		at = valueStart(src, `"'`)
	case strings.HasPrefix(msg, "did not find expected ','"):
		at = valueStart(src, "[{")
	case strings.Contains(msg, "unknown anchor"):
		at = valueStart(src, "*")
	}
	if at < 0 {
		at = len(src) - len(strings.TrimLeft(src, " \t-"))
		if at == len(src) {
			at = 0
		}
	}
	return len([]rune(src[:at])) + 1
}

// valueStart returns the index in src of the first of chars that begins a
// value: at the start of the line, after "- " or after ": ".
func valueStart(src, chars string) int {
	for i := 0; i < len(src); i++ {
		if !strings.ContainsRune(chars, rune(src[i])) {
			continue
		}
		before := strings.TrimRight(src[:i], " ")
		if before == "" || strings.HasSuffix(before, ":") || strings.HasSuffix(before, "-") || strings.HasSuffix(before, ",") || strings.HasSuffix(before, "[") {
			return i
		}
	}
	return -1
}

// yamlHint says what usually causes each of yaml.v3's common syntax errors
// and how to fix it.
func yamlHint(msg string) string {
	switch {
	case strings.Contains(msg, "tab character"):
		return "indent with spaces; YAML does not allow tabs there"
	case strings.Contains(msg, "cannot start any token"):
		return "a plain value cannot begin with @, ` or a tab; put the value in quotes"
	case strings.Contains(msg, "mapping values are not allowed"):
		return "a value that contains \": \" must be quoted"
	case strings.Contains(msg, "end of stream"):
		return "a quoted value that starts here is never closed; add the closing quote"
	case strings.HasPrefix(msg, "did not find expected ','"):
		return "a [list] or {map} that starts here is never closed, or lacks a comma between items"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "could not find expected ':'"):
		return "check this line's indentation against the lines above, and quote a value that contains quotes of its own or \": \""
	case strings.Contains(msg, "did not find expected '-'"):
		return "line this key up with the other keys of the item above, or start a new item with \"- \""
	case strings.Contains(msg, "unknown anchor"):
		return "a value that begins with * must be quoted"
	}
	return ""
}

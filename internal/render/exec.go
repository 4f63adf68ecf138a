package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"

	"github.com/dossier-ssg/dossier/internal/labels"
)

// An executor lays out a page from the same trees html/template runs, after
// html/template has escaped them, and writes the same bytes; it only does
// it without the reflective call text/template makes for every escaper and
// function (a claim page makes hundreds). That call, with its variadic
// arguments boxed one by one, was half of a large build's template time.
//
// It runs the default templates only, whose constructs it knows and whose
// every page the tests lay out both ways and compare byte for byte
// (TestExecutorMatchesHTMLTemplate). Anything it does not know (a range
// over a map, a method, a typed value it does not escape) stops it with
// errUnsupported; so does any error. Until it has written out its first
// chunk, Templates.Execute then lays the page out again with html/template,
// whose output and errors are the reference. Escaping is html/template's
// own: which escaper runs where is decided by html/template's escaping of
// the tree, and the escapers here are held to html/template's by
// TestEscapersMatchHTMLTemplate.
type executor struct {
	fallbacks atomic.Int64 // pages left to html/template
	trees     map[string]*parse.Tree
	label     func(string, ...any) (string, error)
	parts     func(string, ...any) ([]labels.Part, error)
}

var errUnsupported = errors.New("not supported by the executor")

// execFailure carries an error out of the walk (a panic, as in
// text/template, keeps every step free of error returns).
type execFailure struct{ err error }

// maxDepth bounds template calls, as text/template's maxExecDepth does.
const maxDepth = 10000

// newExecutor returns an executor for page, a page template that
// html/template has already escaped, or nil when its trees use something
// the executor does not run.
func newExecutor(page *template.Template, l *labels.Table) *executor {
	fns := l.Funcs()
	label, ok1 := fns["label"].(func(string, ...any) (string, error))
	parts, ok2 := fns["labelParts"].(func(string, ...any) ([]labels.Part, error))
	if !ok1 || !ok2 {
		return nil
	}
	e := &executor{trees: map[string]*parse.Tree{}, label: label, parts: parts}
	for _, t := range page.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			e.trees[t.Name()] = t.Tree
		}
	}
	seen := map[string]bool{}
	if !e.known("layout.html", seen) {
		return nil
	}
	return e
}

// known reports whether the tree name and every tree it calls use only
// nodes and functions the executor runs.
func (e *executor) known(name string, seen map[string]bool) bool {
	if seen[name] {
		return true
	}
	seen[name] = true
	tree := e.trees[name]
	if tree == nil {
		return false
	}
	ok := true
	visit(tree.Root, func(n parse.Node) bool {
		switch n := n.(type) {
		case *parse.ListNode, *parse.TextNode, *parse.CommentNode, *parse.DotNode, *parse.FieldNode,
			*parse.VariableNode, *parse.StringNode, *parse.BoolNode, *parse.ActionNode, *parse.PipeNode,
			*parse.CommandNode, *parse.IfNode, *parse.WithNode, *parse.RangeNode:
		case *parse.NumberNode:
			ok = ok && n.IsInt
		case *parse.IdentifierNode:
			_, fn := funcNames[n.Ident]
			_, esc := escapers[n.Ident]
			ok = ok && (fn || esc)
		case *parse.TemplateNode:
			ok = ok && e.known(n.Name, seen)
		default: // break, continue, chains, nil
			ok = false
		}
		return ok
	})
	return ok
}

// funcNames are the functions the executor calls itself.
var funcNames = map[string]struct{}{
	"label": {}, "labelParts": {}, "not": {}, "and": {}, "or": {}, "eq": {}, "len": {}, "index": {},
}

// chunk is how much of a page the executor holds before it writes it out;
// a page that fails within its first chunk is laid out again by
// html/template, one that fails later fails the build (a bug of dossier's,
// as any error of a default template is).
const chunk = 64 << 10

var execBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// execute lays out data with the tree "layout.html" into w. started is
// false when nothing was written to w: the caller may then try again.
func (e *executor) execute(w io.Writer, data any) (started bool, err error) {
	b := execBuffers.Get().(*bytes.Buffer)
	b.Reset()
	s := &execState{e: e, b: b, w: w, vars: make([]execVar, 0, 16)}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(execFailure)
			if !ok {
				panic(r)
			}
			started, err = s.started, f.err
			if started && errors.Is(err, errUnsupported) {
				err = fmt.Errorf("the template executor stopped past the start of a page, which html/template would have laid out (a bug of dossier's; please report it): %w", err)
			}
		}
		if b.Cap() <= 4*chunk {
			execBuffers.Put(b)
		}
	}()
	dot := reflect.ValueOf(data)
	s.vars = append(s.vars, execVar{"$", dot})
	s.walk(dot, e.trees["layout.html"].Root)
	s.flush()
	return s.started, s.werr
}

type execVar struct {
	name string
	val  reflect.Value
}

type execState struct {
	e       *executor
	b       *bytes.Buffer
	w       io.Writer
	started bool
	werr    error
	vars    []execVar // a stack; the running template's own start at base
	base    int
	depth   int
}

func (s *execState) fail(err error) { panic(execFailure{err}) }

func (s *execState) flush() {
	if s.werr != nil || s.b.Len() == 0 {
		return
	}
	s.started = true
	_, s.werr = s.w.Write(s.b.Bytes())
	s.b.Reset()
	if s.werr != nil {
		s.fail(s.werr)
	}
}

func (s *execState) mark() int { return len(s.vars) }

func (s *execState) pop(mark int) { s.vars = s.vars[:mark] }

func (s *execState) walk(dot reflect.Value, node parse.Node) {
	switch n := node.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			s.walk(dot, c)
		}
	case *parse.TextNode:
		s.b.Write(n.Text)
		if s.b.Len() >= chunk {
			s.flush()
		}
	case *parse.ActionNode:
		s.action(dot, n.Pipe)
	case *parse.IfNode:
		s.ifOrWith(false, dot, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		s.ifOrWith(true, dot, n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		s.rangeNode(dot, n)
	case *parse.TemplateNode:
		t := s.e.trees[n.Name]
		if t == nil || s.depth >= maxDepth {
			s.fail(errUnsupported)
		}
		// No dynamic scoping: the called template sees its own $ only.
		dot = s.pipeline(dot, n.Pipe)
		mark, base := s.mark(), s.base
		s.vars = append(s.vars, execVar{"$", dot})
		s.base = mark
		s.depth++
		s.walk(dot, t.Root)
		s.depth--
		s.pop(mark)
		s.base = base
	case *parse.CommentNode:
	default:
		s.fail(errUnsupported)
	}
}

// action runs {{pipeline}}. html/template ends every printing pipeline
// with its escapers: the value before them is escaped straight into the
// page, as a string with its content type, with no value boxed per call.
func (s *execState) action(dot reflect.Value, pipe *parse.PipeNode) {
	if len(pipe.Decl) > 0 {
		s.pipeline(dot, pipe)
		return
	}
	cmds := pipe.Cmds
	first := len(cmds)
	for first > 0 && isEscaper(cmds[first-1]) {
		first--
	}
	if first == 0 || first == len(cmds) {
		s.fail(errUnsupported) // printed unescaped: not a tree html/template escaped
	}
	v := missing
	for _, c := range cmds[:first] {
		v = s.command(dot, c, v)
	}
	str, ct := s.stringify(v)
	for _, c := range cmds[first : len(cmds)-1] {
		str = escapers[c.Args[0].(*parse.IdentifierNode).Ident].str(str, ct)
		ct = ctPlain // each escaper returns a plain string to the next
	}
	if !escapers[cmds[len(cmds)-1].Args[0].(*parse.IdentifierNode).Ident].write(s.b, str, ct) {
		s.fail(errUnsupported)
	}
	if s.b.Len() >= chunk {
		s.flush()
	}
}

func isEscaper(c *parse.CommandNode) bool {
	if len(c.Args) != 1 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok {
		return false
	}
	_, ok = escapers[id.Ident]
	return ok
}

// missing marks a command with no value piped into it.
var missing = reflect.ValueOf(missingValue{})

type missingValue struct{}

func isMissing(v reflect.Value) bool { return v.IsValid() && v.Type() == missing.Type() }

// pipeline evaluates pipe as text/template does, declaring its variables.
func (s *execState) pipeline(dot reflect.Value, pipe *parse.PipeNode) reflect.Value {
	if pipe == nil {
		return reflect.Value{}
	}
	v := missing
	for _, c := range pipe.Cmds {
		v = s.command(dot, c, v)
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
	}
	for _, d := range pipe.Decl {
		if pipe.IsAssign {
			s.setVar(d.Ident[0], v)
		} else {
			s.vars = append(s.vars, execVar{d.Ident[0], v})
		}
	}
	return v
}

func (s *execState) setVar(name string, v reflect.Value) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].val = v
			return
		}
	}
	s.fail(errUnsupported)
}

func (s *execState) varValue(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].val
		}
	}
	s.fail(errUnsupported)
	return reflect.Value{}
}

func (s *execState) command(dot reflect.Value, c *parse.CommandNode, final reflect.Value) reflect.Value {
	switch n := c.Args[0].(type) {
	case *parse.IdentifierNode:
		return s.call(dot, n.Ident, c.Args[1:], final)
	case *parse.PipeNode:
		s.noArgs(c, final)
		return s.pipeline(dot, n)
	}
	s.noArgs(c, final)
	return s.arg(dot, c.Args[0])
}

// noArgs refuses arguments to what is not a function: text/template calls
// a method with them, or fails.
func (s *execState) noArgs(c *parse.CommandNode, final reflect.Value) {
	if len(c.Args) > 1 || !isMissing(final) {
		s.fail(errUnsupported)
	}
}

// arg evaluates one operand.
func (s *execState) arg(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.fields(dot, n.Ident)
	case *parse.VariableNode:
		v := s.varValue(n.Ident[0])
		return s.fields(v, n.Ident[1:])
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	case *parse.NumberNode:
		if !n.IsInt || int64(int(n.Int64)) != n.Int64 {
			s.fail(errUnsupported)
		}
		return reflect.ValueOf(int(n.Int64))
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.PipeNode:
		return s.pipeline(dot, n)
	}
	s.fail(errUnsupported)
	return reflect.Value{}
}

// fields follows a chain of field names from v, as text/template's
// evalField does for struct fields; a method, a map or a nil pointer on
// the way stops the executor.
func (s *execState) fields(v reflect.Value, names []string) reflect.Value {
	for _, name := range names {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				s.fail(errUnsupported)
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			s.fail(errUnsupported)
		}
		idx := fieldIndex(v.Type(), name)
		if idx == nil {
			s.fail(errUnsupported)
		}
		var err error
		if v, err = v.FieldByIndexErr(idx); err != nil {
			s.fail(errUnsupported)
		}
	}
	return v
}

type fieldKey struct {
	t    reflect.Type
	name string
}

var fieldIndexes sync.Map // fieldKey -> []int, empty when not a plain exported field

// fieldIndex is the index of t's exported field name, or nil when t has no
// such field or a method of that name, which text/template would call.
func fieldIndex(t reflect.Type, name string) []int {
	k := fieldKey{t, name}
	if idx, ok := fieldIndexes.Load(k); ok {
		return idx.([]int)
	}
	var idx []int
	if _, method := reflect.PointerTo(t).MethodByName(name); !method {
		if f, ok := t.FieldByName(name); ok && f.IsExported() {
			idx = f.Index
		}
	}
	fieldIndexes.Store(k, idx)
	return idx
}

// truth is text/template's: the zero value, an empty collection and a nil
// pointer are false, a struct is true.
func (s *execState) truth(v reflect.Value) bool {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Struct:
		return true
	}
	s.fail(errUnsupported)
	return false
}

func (s *execState) ifOrWith(with bool, dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode) {
	mark := s.mark()
	v := s.pipeline(dot, pipe)
	if s.truth(v) {
		if with {
			s.walk(v, list)
		} else {
			s.walk(dot, list)
		}
	} else if elseList != nil {
		s.walk(dot, elseList)
	}
	s.pop(mark)
}

func (s *execState) rangeNode(dot reflect.Value, r *parse.RangeNode) {
	outer := s.mark()
	v := s.pipeline(dot, r.Pipe)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			break
		}
		v = v.Elem()
	}
	mark := s.mark()
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		n := v.Len()
		for i := range n {
			elem := v.Index(i)
			if len(r.Pipe.Decl) > 0 {
				if r.Pipe.IsAssign {
					s.fail(errUnsupported)
				}
				s.vars[mark-1].val = elem
				if len(r.Pipe.Decl) > 1 {
					s.vars[mark-2].val = reflect.ValueOf(i)
				}
			}
			s.walk(elem, r.List)
			s.pop(mark)
		}
		if n > 0 {
			s.pop(outer)
			return
		}
	case reflect.Invalid:
	default:
		s.fail(errUnsupported)
	}
	if r.ElseList != nil {
		s.walk(dot, r.ElseList)
	}
	s.pop(outer)
}

// call runs one of funcNames with args and, from a pipe, final.
func (s *execState) call(dot reflect.Value, name string, args []parse.Node, final reflect.Value) reflect.Value {
	if _, esc := escapers[name]; esc {
		// An escaper inside a pipeline, not at its end.
		if len(args) > 0 || isMissing(final) {
			s.fail(errUnsupported)
		}
		str, ct := s.stringify(final)
		return reflect.ValueOf(escapers[name].str(str, ct))
	}
	vals := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		vals = append(vals, s.arg(dot, a))
	}
	if !isMissing(final) {
		vals = append(vals, final)
	}
	switch name {
	case "label", "labelParts":
		if len(vals) == 0 || vals[0].Kind() != reflect.String || vals[0].Type() != stringType {
			s.fail(errUnsupported)
		}
		rest := make([]any, len(vals)-1)
		for i, v := range vals[1:] {
			if !v.IsValid() {
				s.fail(errUnsupported)
			}
			rest[i] = v.Interface()
		}
		if name == "label" {
			out, err := s.e.label(vals[0].String(), rest...)
			if err != nil {
				s.fail(err)
			}
			return reflect.ValueOf(out)
		}
		out, err := s.e.parts(vals[0].String(), rest...)
		if err != nil {
			s.fail(err)
		}
		return reflect.ValueOf(out)
	case "not":
		if len(vals) != 1 {
			s.fail(errUnsupported)
		}
		return reflect.ValueOf(!s.truth(vals[0]))
	case "and", "or":
		// text/template evaluates and/or's arguments lazily; every
		// operand here is a field or a constant, which cannot fail where
		// text/template would have stopped.
		if len(vals) == 0 {
			s.fail(errUnsupported)
		}
		for _, v := range vals[:len(vals)-1] {
			if s.truth(v) == (name == "or") {
				return v
			}
		}
		return vals[len(vals)-1]
	case "eq":
		if len(vals) != 2 {
			s.fail(errUnsupported)
		}
		return reflect.ValueOf(s.eq(vals[0], vals[1]))
	case "len":
		if len(vals) != 1 {
			s.fail(errUnsupported)
		}
		v := s.indirect(vals[0])
		switch v.Kind() {
		case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len())
		}
	case "index":
		if len(vals) != 2 {
			s.fail(errUnsupported)
		}
		v, i := s.indirect(vals[0]), s.indirect(vals[1])
		if (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && i.Kind() == reflect.Int {
			if n := i.Int(); n >= 0 && n < int64(v.Len()) {
				return v.Index(int(n))
			}
		}
	}
	s.fail(errUnsupported)
	return reflect.Value{}
}

func (s *execState) indirect(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			s.fail(errUnsupported)
		}
		v = v.Elem()
	}
	return v
}

// eq compares two strings, two signed integers or two booleans, as
// text/template's eq does; anything else stops the executor.
func (s *execState) eq(a, b reflect.Value) bool {
	if a.Kind() == reflect.Interface && !a.IsNil() {
		a = a.Elem()
	}
	if b.Kind() == reflect.Interface && !b.IsNil() {
		b = b.Elem()
	}
	switch {
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return a.String() == b.String()
	case a.CanInt() && b.CanInt():
		return a.Int() == b.Int()
	case a.Kind() == reflect.Bool && b.Kind() == reflect.Bool:
		return a.Bool() == b.Bool()
	}
	s.fail(errUnsupported)
	return false
}

var stringType = reflect.TypeFor[string]()

// contentType is html/template's: which escaping a typed string has had.
type contentType int

const (
	ctPlain contentType = iota
	ctHTML
	ctJS
	ctURL
)

var (
	typeHTML = reflect.TypeFor[template.HTML]()
	typeJS   = reflect.TypeFor[template.JS]()
	typeURL  = reflect.TypeFor[template.URL]()
)

// stringify is html/template's: a string as it is, a typed string with its
// content type, any other value as fmt prints it.
func (s *execState) stringify(v reflect.Value) (string, contentType) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			s.fail(errUnsupported)
		}
		v = v.Elem()
	}
	if !v.IsValid() || isMissing(v) {
		s.fail(errUnsupported)
	}
	switch v.Type() {
	case stringType:
		return v.String(), ctPlain
	case typeHTML:
		return v.String(), ctHTML
	case typeJS:
		return v.String(), ctJS
	case typeURL:
		return v.String(), ctURL
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Bool, reflect.String, reflect.Struct:
		// Not html/template's other typed strings (CSS, HTMLAttr, JSStr,
		// Srcset), which are strings of their own types.
		if v.Type().PkgPath() == "html/template" {
			s.fail(errUnsupported)
		}
		return fmt.Sprint(v.Interface()), ctPlain
	}
	s.fail(errUnsupported)
	return "", ctPlain
}

// An escaper is one of html/template's, as the escaped trees name them: str
// returns the escaped string, write appends it to a page (false when the
// value's content type is one the executor does not escape).
type escaper struct {
	str   func(s string, ct contentType) string
	write func(b *bytes.Buffer, s string, ct contentType) bool
}

var escapers map[string]escaper

func init() {
	escapers = map[string]escaper{
		"_html_template_htmlescaper":   {str: viaWrite(htmlEscape), write: htmlEscape},
		"_html_template_attrescaper":   {str: viaWrite(attrEscape), write: attrEscape},
		"_html_template_rcdataescaper": {str: viaWrite(rcdataEscape), write: rcdataEscape},
		"_html_template_jsvalescaper":  {str: viaWrite(jsValEscape), write: jsValEscape},
		"_html_template_urlfilter":     {str: urlFilter, write: viaStr(urlFilter)},
		"_html_template_urlnormalizer": {str: urlNormalize, write: viaStr(urlNormalize)},
		"_html_template_urlescaper":    {str: urlEscape, write: viaStr(urlEscape)},
	}
}

func viaWrite(write func(*bytes.Buffer, string, contentType) bool) func(string, contentType) string {
	return func(s string, ct contentType) string {
		var b bytes.Buffer
		if !write(&b, s, ct) {
			panic(execFailure{errUnsupported})
		}
		return b.String()
	}
}

func viaStr(str func(string, contentType) string) func(*bytes.Buffer, string, contentType) bool {
	return func(b *bytes.Buffer, s string, ct contentType) bool {
		b.WriteString(str(s, ct))
		return true
	}
}

// htmlEscape is html/template's htmlEscaper: HTML as it is, anything else
// with its markup characters (and + and NUL) replaced.
func htmlEscape(b *bytes.Buffer, s string, ct contentType) bool {
	if ct == ctHTML {
		b.WriteString(s)
		return true
	}
	replace(b, s, true)
	return true
}

// attrEscape is html/template's attrEscaper for a value that is not HTML
// (HTML would have its tags stripped, which the executor does not do).
func attrEscape(b *bytes.Buffer, s string, ct contentType) bool {
	if ct == ctHTML {
		return false
	}
	replace(b, s, true)
	return true
}

// rcdataEscape is html/template's rcdataEscaper (a <title>'s text): HTML
// keeps its entities.
func rcdataEscape(b *bytes.Buffer, s string, ct contentType) bool {
	replace(b, s, ct != ctHTML)
	return true
}

// jsValEscape is html/template's jsValEscaper for a JS value, written as
// it is; other values are JSON-encoded there, which is not done here.
func jsValEscape(b *bytes.Buffer, s string, ct contentType) bool {
	if ct != ctJS {
		return false
	}
	b.WriteString(s)
	return true
}

// replace writes s with html/template's replacements. They are all of
// ASCII characters, which never occur inside a multi-byte UTF-8
// sequence, so a byte loop finds the same ones as html/template's loop
// over runes. amp is false for HTML, whose & starts its own entities.
func replace(b *bytes.Buffer, s string, amp bool) {
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			if !amp {
				continue
			}
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	b.WriteString(s[written:])
}

// urlFilter is html/template's: a URL whose scheme is not http, https or
// mailto becomes "#ZgotmplZ", unless it is a template.URL.
func urlFilter(s string, ct contentType) string {
	if ct == ctURL {
		return s
	}
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return s
}

func urlNormalize(s string, ct contentType) string { return processURL(s, true) }

func urlEscape(s string, ct contentType) string { return processURL(s, ct == ctURL) }

// processURL is html/template's urlProcessor: it percent-encodes every byte
// that is not unreserved in RFC 3986, and, when norm, leaves reserved
// characters and valid escapes as they are.
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

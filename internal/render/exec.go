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
// The trees are compiled once into closures, with each escaper, constant
// and function found in advance and each field's index cached where it is
// used.
//
// It runs the default templates only, whose constructs it knows and whose
// every page the tests lay out both ways and compare byte for byte
// (TestExecutorMatchesHTMLTemplate). Anything it does not know (a range
// over a map, a method, a typed value it does not escape) stops it with
// errUnsupported; so does any error or panic. Until it has written out its
// first chunk, Templates.Execute then lays the page out again with
// html/template, whose output and errors are the reference; past it, the
// page fails, with html/template's error when it has one. Escaping is
// html/template's
// own: which escaper runs where is decided by html/template's escaping of
// the tree, and the escapers (escape.go) are held to html/template's by
// FuzzEscapers.
type executor struct {
	fallbacks atomic.Int64 // pages left to html/template
	layout    *execFn
	label     func(string, ...any) (string, error)
	parts     func(string, ...any) ([]labels.Part, error)
}

var errUnsupported = errors.New("not supported by the executor")

// execFailure carries an error out of the walk (a panic, as in
// text/template, keeps every step free of error returns).
type execFailure struct{ err error }

// maxDepth bounds template calls at text/template's maxExecDepth.
const maxDepth = 100000

type (
	// execFn lays out a node with dot.
	execFn func(s *execState, dot reflect.Value)
	// valFn evaluates an operand or a pipeline with dot.
	valFn func(s *execState, dot reflect.Value) reflect.Value
	// cmdFn evaluates a command with dot and final, the value piped in.
	cmdFn func(s *execState, dot, final reflect.Value) reflect.Value
)

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
	c := &compiler{trees: map[string]*parse.Tree{}, fns: map[string]*execFn{}, ok: true}
	for _, t := range page.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			c.trees[t.Name()] = t.Tree
		}
	}
	e := &executor{layout: c.template("layout.html"), label: label, parts: parts}
	if !c.ok {
		return nil
	}
	return e
}

// compiler turns escaped trees into closures. ok turns false at the first
// thing the executor does not run.
type compiler struct {
	trees map[string]*parse.Tree
	fns   map[string]*execFn // by template name; filled in once compiled, so calls can recurse
	ok    bool
}

// unsupported marks the trees as not the executor's, and returns a
// function that would stop it, never run.
func (c *compiler) unsupported() execFn {
	c.ok = false
	return func(s *execState, _ reflect.Value) { s.fail(errUnsupported) }
}

func (c *compiler) template(name string) *execFn {
	if fn := c.fns[name]; fn != nil {
		return fn
	}
	fn := new(execFn)
	c.fns[name] = fn
	t := c.trees[name]
	if t == nil {
		*fn = c.unsupported()
		return fn
	}
	*fn = c.list(t.Root)
	return fn
}

func (c *compiler) list(l *parse.ListNode) execFn {
	if l == nil {
		return nil
	}
	var fns []execFn
	for _, n := range l.Nodes {
		if f := c.node(n); f != nil {
			fns = append(fns, f)
		}
	}
	if len(fns) == 1 {
		return fns[0]
	}
	return func(s *execState, dot reflect.Value) {
		for _, f := range fns {
			f(s, dot)
		}
	}
}

func (c *compiler) node(n parse.Node) execFn {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *execState, _ reflect.Value) {
			s.b.Write(text)
			if s.b.Len() >= chunk {
				s.flush()
			}
		}
	case *parse.ActionNode:
		return c.action(n.Pipe)
	case *parse.IfNode:
		return c.ifOrWith(false, &n.BranchNode)
	case *parse.WithNode:
		return c.ifOrWith(true, &n.BranchNode)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateCall(n)
	case *parse.CommentNode:
		return nil
	}
	return c.unsupported()
}

// action compiles {{pipeline}}. html/template ends every printing pipeline
// with its escapers: the value before them is escaped straight into the
// page, as a string with its content type, with no value boxed per call.
func (c *compiler) action(pipe *parse.PipeNode) execFn {
	if len(pipe.Decl) > 0 {
		p := c.pipeline(pipe)
		return func(s *execState, dot reflect.Value) { p(s, dot) }
	}
	first := len(pipe.Cmds)
	for first > 0 && escaperOf(pipe.Cmds[first-1]) != nil {
		first--
	}
	if first == 0 || first == len(pipe.Cmds) {
		return c.unsupported() // printed unescaped: not a tree html/template escaped
	}
	cmds := c.commands(pipe.Cmds[:first])
	var mid []*escaper
	for _, cmd := range pipe.Cmds[first : len(pipe.Cmds)-1] {
		mid = append(mid, escaperOf(cmd))
	}
	last := escaperOf(pipe.Cmds[len(pipe.Cmds)-1])
	return func(s *execState, dot reflect.Value) {
		v := missing
		for _, cmd := range cmds {
			v = cmd(s, dot, v)
		}
		str, ct := s.stringify(v)
		for _, e := range mid {
			str = e.str(str, ct)
			ct = ctPlain // each escaper returns a plain string to the next
		}
		if !last.write(s.b, str, ct) {
			s.fail(errUnsupported)
		}
		if s.b.Len() >= chunk {
			s.flush()
		}
	}
}

// escaperOf returns the escaper a command calls, or nil.
func escaperOf(cmd *parse.CommandNode) *escaper {
	if len(cmd.Args) != 1 {
		return nil
	}
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		if e, ok := escapers[id.Ident]; ok {
			return &e
		}
	}
	return nil
}

func (c *compiler) commands(cmds []*parse.CommandNode) []cmdFn {
	fns := make([]cmdFn, len(cmds))
	for i, cmd := range cmds {
		fns[i] = c.command(cmd)
	}
	return fns
}

// pipeline compiles a pipeline as text/template evaluates it, declaring
// its variables.
func (c *compiler) pipeline(pipe *parse.PipeNode) valFn {
	if pipe == nil {
		return func(*execState, reflect.Value) reflect.Value { return reflect.Value{} }
	}
	cmds := c.commands(pipe.Cmds)
	var decl []string
	for _, d := range pipe.Decl {
		decl = append(decl, d.Ident[0])
	}
	assign := pipe.IsAssign
	return func(s *execState, dot reflect.Value) reflect.Value {
		v := missing
		for _, cmd := range cmds {
			v = cmd(s, dot, v)
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = reflect.ValueOf(v.Interface())
			}
		}
		for _, name := range decl {
			if assign {
				s.setVar(name, v)
			} else {
				s.vars = append(s.vars, execVar{name, v})
			}
		}
		return v
	}
}

func (c *compiler) command(cmd *parse.CommandNode) cmdFn {
	switch n := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		return c.call(n.Ident, cmd.Args[1:])
	}
	if len(cmd.Args) > 1 {
		c.ok = false // a method call with arguments
	}
	v := c.arg(cmd.Args[0])
	return func(s *execState, dot, final reflect.Value) reflect.Value {
		if !isMissing(final) {
			s.fail(errUnsupported) // a value piped into a field: a method call
		}
		return v(s, dot)
	}
}

// arg compiles one operand.
func (c *compiler) arg(n parse.Node) valFn {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *execState, dot reflect.Value) reflect.Value { return dot }
	case *parse.FieldNode:
		chain := newFieldChain(n.Ident)
		return func(s *execState, dot reflect.Value) reflect.Value { return chain.follow(s, dot) }
	case *parse.VariableNode:
		name, chain := n.Ident[0], newFieldChain(n.Ident[1:])
		return func(s *execState, _ reflect.Value) reflect.Value { return chain.follow(s, s.varValue(name)) }
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return func(*execState, reflect.Value) reflect.Value { return v }
	case *parse.NumberNode:
		// Only a plain decimal integer: text/template makes 1e6 and 1.0
		// floats, 'a' and 0x1E runes and hex it reads its own way.
		if !n.IsInt || int64(int(n.Int64)) != n.Int64 || strings.Trim(n.Text, "-0123456789") != "" {
			break
		}
		v := reflect.ValueOf(int(n.Int64))
		return func(*execState, reflect.Value) reflect.Value { return v }
	case *parse.BoolNode:
		v := reflect.ValueOf(n.True)
		return func(*execState, reflect.Value) reflect.Value { return v }
	case *parse.PipeNode:
		return c.pipeline(n)
	}
	c.ok = false
	return func(s *execState, _ reflect.Value) reflect.Value {
		s.fail(errUnsupported)
		return reflect.Value{}
	}
}

// A fieldChain follows .A.B.C from a value, as text/template's evalField
// does for struct fields; a method, a map or a nil pointer on the way
// stops the executor. Each step remembers the index of its field in the
// last type it met, which is nearly always the type it meets next.
type fieldChain []fieldStep

type fieldStep struct {
	name string
	last atomic.Pointer[fieldIn]
}

type fieldIn struct {
	t   reflect.Type
	idx []int // nil: not a plain exported field of t
}

func newFieldChain(names []string) fieldChain {
	chain := make(fieldChain, len(names))
	for i, n := range names {
		chain[i].name = n
	}
	return chain
}

func (chain fieldChain) follow(s *execState, v reflect.Value) reflect.Value {
	for i := range chain {
		step := &chain[i]
		if v = s.indirect(v); v.Kind() != reflect.Struct {
			s.fail(errUnsupported)
		}
		t := v.Type()
		in := step.last.Load()
		if in == nil || in.t != t {
			in = &fieldIn{t, fieldIndex(t, step.name)}
			step.last.Store(in)
		}
		if in.idx == nil {
			s.fail(errUnsupported)
		}
		var err error
		if v, err = v.FieldByIndexErr(in.idx); err != nil {
			s.fail(errUnsupported)
		}
	}
	return v
}

// fieldIndex is the index of t's exported field name, or nil when t has no
// such field or a method of that name, which text/template would call.
func fieldIndex(t reflect.Type, name string) []int {
	if _, method := reflect.PointerTo(t).MethodByName(name); method {
		return nil
	}
	if f, ok := t.FieldByName(name); ok && f.IsExported() {
		return f.Index
	}
	return nil
}

func (c *compiler) ifOrWith(with bool, b *parse.BranchNode) execFn {
	pipe, list, elseList := c.pipeline(b.Pipe), c.list(b.List), c.list(b.ElseList)
	return func(s *execState, dot reflect.Value) {
		mark := len(s.vars)
		v := pipe(s, dot)
		if s.truth(v) {
			if with {
				list(s, v)
			} else {
				list(s, dot)
			}
		} else if elseList != nil {
			elseList(s, dot)
		}
		s.vars = s.vars[:mark]
	}
}

func (c *compiler) rangeNode(r *parse.RangeNode) execFn {
	if r.Pipe.IsAssign {
		return c.unsupported()
	}
	pipe, list, elseList := c.pipeline(r.Pipe), c.list(r.List), c.list(r.ElseList)
	decl := len(r.Pipe.Decl)
	return func(s *execState, dot reflect.Value) {
		outer := len(s.vars)
		v := pipe(s, dot)
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				break
			}
			v = v.Elem()
		}
		mark := len(s.vars)
		switch v.Kind() {
		case reflect.Slice, reflect.Array:
			n := v.Len()
			for i := range n {
				elem := v.Index(i)
				// As text/template: with one variable, it holds the
				// element; with two, the index and the element.
				if decl > 0 {
					s.vars[mark-1].val = elem
				}
				if decl > 1 {
					s.vars[mark-2].val = reflect.ValueOf(i)
				}
				list(s, elem)
				s.vars = s.vars[:mark]
			}
			if n > 0 {
				s.vars = s.vars[:outer]
				return
			}
		case reflect.Invalid:
		default:
			s.fail(errUnsupported)
		}
		if elseList != nil {
			elseList(s, dot)
		}
		s.vars = s.vars[:outer]
	}
}

// templateCall compiles {{template "name" pipeline}}: the called template
// sees its own $ only, as text/template has no dynamic scoping.
func (c *compiler) templateCall(n *parse.TemplateNode) execFn {
	pipe, fn := c.pipeline(n.Pipe), c.template(n.Name)
	return func(s *execState, dot reflect.Value) {
		if s.depth >= maxDepth {
			s.fail(errUnsupported)
		}
		dot = pipe(s, dot)
		mark, base := len(s.vars), s.base
		s.vars = append(s.vars, execVar{"$", dot})
		s.base = mark
		s.depth++
		(*fn)(s, dot)
		s.depth--
		s.vars = s.vars[:mark]
		s.base = base
	}
}

// call compiles a call of one of the functions the executor knows.
func (c *compiler) call(name string, argNodes []parse.Node) cmdFn {
	if e, ok := escapers[name]; ok {
		// An escaper inside a pipeline, not at its end.
		if len(argNodes) > 0 {
			c.ok = false
		}
		return func(s *execState, _, final reflect.Value) reflect.Value {
			if isMissing(final) {
				s.fail(errUnsupported)
			}
			str, ct := s.stringify(final)
			return reflect.ValueOf(e.str(str, ct))
		}
	}
	args := make([]valFn, len(argNodes))
	for i, a := range argNodes {
		args[i] = c.arg(a)
	}
	eval := func(s *execState, dot, final reflect.Value) []reflect.Value {
		vals := make([]reflect.Value, 0, len(args)+1)
		for _, a := range args {
			vals = append(vals, a(s, dot))
		}
		if !isMissing(final) {
			vals = append(vals, final)
		}
		return vals
	}
	switch name {
	case "label", "labelParts":
		return func(s *execState, dot, final reflect.Value) reflect.Value {
			vals := eval(s, dot, final)
			if len(vals) == 0 || !vals[0].IsValid() || vals[0].Type() != stringType {
				s.fail(errUnsupported)
			}
			rest := make([]any, len(vals)-1)
			for i, v := range vals[1:] {
				if !v.IsValid() {
					s.fail(errUnsupported)
				}
				rest[i] = v.Interface()
			}
			var out any
			var err error
			if name == "label" {
				out, err = s.e.label(vals[0].String(), rest...)
			} else {
				out, err = s.e.parts(vals[0].String(), rest...)
			}
			if err != nil {
				s.fail(err)
			}
			return reflect.ValueOf(out)
		}
	case "not":
		return func(s *execState, dot, final reflect.Value) reflect.Value {
			vals := eval(s, dot, final)
			if len(vals) != 1 {
				s.fail(errUnsupported)
			}
			return reflect.ValueOf(!s.truth(vals[0]))
		}
	case "and", "or":
		// As text/template: the operands are evaluated in order until
		// one decides, and the later ones not at all (.B.C of a nil .B
		// after a false .A is no error); a piped value comes last.
		if len(args) == 0 {
			break
		}
		return func(s *execState, dot, final reflect.Value) reflect.Value {
			var v reflect.Value
			for i, a := range args {
				if v = a(s, dot); s.truth(v) == (name == "or") || (i == len(args)-1 && isMissing(final)) {
					return v
				}
			}
			return final
		}
	case "eq":
		return func(s *execState, dot, final reflect.Value) reflect.Value {
			vals := eval(s, dot, final)
			if len(vals) != 2 {
				s.fail(errUnsupported)
			}
			return reflect.ValueOf(s.eq(vals[0], vals[1]))
		}
	case "len":
		return func(s *execState, dot, final reflect.Value) reflect.Value {
			vals := eval(s, dot, final)
			if len(vals) == 1 {
				switch v := s.indirect(vals[0]); v.Kind() {
				case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
					return reflect.ValueOf(v.Len())
				}
			}
			s.fail(errUnsupported)
			return reflect.Value{}
		}
	case "index":
		return func(s *execState, dot, final reflect.Value) reflect.Value {
			vals := eval(s, dot, final)
			if len(vals) == 2 {
				// As text/template: the item through pointers, the
				// index through an interface only.
				v, i := s.indirect(vals[0]), vals[1]
				if i.Kind() == reflect.Interface && !i.IsNil() {
					i = i.Elem()
				}
				if (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && i.CanInt() {
					if n := i.Int(); n >= 0 && n < int64(v.Len()) {
						return v.Index(int(n))
					}
				}
			}
			s.fail(errUnsupported)
			return reflect.Value{}
		}
	}
	c.ok = false
	return func(s *execState, _, _ reflect.Value) reflect.Value {
		s.fail(errUnsupported)
		return reflect.Value{}
	}
}

// chunk is how much of a page the executor holds before it writes it out;
// a page that fails within its first chunk is laid out again by
// html/template, one that fails later fails the build (see
// Templates.Execute).
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
			// A panic of its own (reflect misused) is a failure like
			// any other: html/template has the last word.
			f, ok := r.(execFailure)
			if !ok {
				f = execFailure{fmt.Errorf("%w: %v", errUnsupported, r)}
			}
			started, err = s.started, f.err
		}
		if b.Cap() <= 4*chunk {
			execBuffers.Put(b)
		}
	}()
	dot := reflect.ValueOf(data)
	s.vars = append(s.vars, execVar{"$", dot})
	(*e.layout)(s, dot)
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

// writeFailure is an error of the writer the page goes to, not of the
// page.
type writeFailure struct{ err error }

func (w writeFailure) Error() string { return w.err.Error() }
func (w writeFailure) Unwrap() error { return w.err }

func (s *execState) flush() {
	if s.werr != nil || s.b.Len() == 0 {
		return
	}
	s.started = true
	_, s.werr = s.w.Write(s.b.Bytes())
	s.b.Reset()
	if s.werr != nil {
		s.fail(writeFailure{s.werr})
	}
}

// missing marks a command with no value piped into it.
var missing = reflect.ValueOf(missingValue{})

type missingValue struct{}

func isMissing(v reflect.Value) bool { return v.IsValid() && v.Type() == missing.Type() }

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

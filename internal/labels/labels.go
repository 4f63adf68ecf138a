// Package labels holds every fixed string of a dossier's pages, from the
// names of verdicts and stances to headings, navigation and the sentences
// that explain a verdict, by key, with English defaults and a German
// table. A dossier's labels: in dossier.yaml replaces any of them.
//
// A label's text may hold placeholders, {name}, that the page fills in, and
// words in [brackets] that the page links or stresses. A label that says a
// count has one text for one, may have one for two, and has one for other
// counts; the count is its {n}.
package labels

import (
	"crypto/sha256"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// Text is what a label says. Other is its text; a label that says a count
// may give One (for 1) and Two (for 2), and uses Other where they are empty.
type Text struct {
	One, Two, Other string
}

// Label is one fixed string of the site.
type Label struct {
	Key  string
	Text Text
	// Count says the text says a count, its {n}, and may have a form for
	// one and for two.
	Count bool
}

// Part is a piece of a label laid out in a template: plain text, text a
// page links or stresses (Mark counts the label's [brackets] from 1), or a
// placeholder the template fills in itself (Slot names it).
type Part struct {
	Text string
	Mark int
	Slot string
}

// Table holds the words of one language. A nil *Table is English.
type Table struct {
	lang    string // the built-in table it starts from: en or de
	texts   map[string]*compiled
	numbers []string // words for 0, 1, 2 ... from the label "numbers"
	sum     [32]byte
}

// compiled is a label's text, read once into its pieces, with what Check
// holds a dossier's own text to: the English text's placeholders and
// brackets.
type compiled struct {
	text            Text
	one, two, other []seg
	count           bool
	names           []string // the placeholders of the English text, all forms
	otherNames      []string // those of its Other form, which every text must keep
	marks           int      // its [brackets]
	example         string   // its Other form, to show in messages
}

// seg is a piece of a text: literal text (mark > 0 inside brackets), or a
// placeholder with an optional modifier.
type seg struct {
	lit  string
	name string
	mod  string
	mark int
}

// Modifiers a placeholder may carry: {n:word} spells a small count as a
// word ("two"), {reason:lower} lower-cases the first letter of a sentence
// put inside another.
var modifiers = []string{"word", "lower"}

var nameRE = regexp.MustCompile(`^[a-z][a-z_]*$`)

// parse reads a text into its pieces, or says what is wrong with it.
func parse(s string) ([]seg, error) {
	var segs []seg
	var lit strings.Builder
	mark, marks := 0, 0
	flush := func() {
		if lit.Len() > 0 {
			segs = append(segs, seg{lit: lit.String(), mark: mark})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		switch s[i] {
		case '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("has a { that no } closes; a placeholder is written {name}")
			}
			name, mod, _ := strings.Cut(s[i+1:i+end], ":")
			if !nameRE.MatchString(name) {
				return nil, fmt.Errorf("has {%s}, which is not a placeholder: a placeholder is a lower-case name in braces, such as {n}", s[i+1:i+end])
			}
			if mod != "" && !slices.Contains(modifiers, mod) {
				return nil, fmt.Errorf("has {%s:%s}; after the colon a placeholder takes %s", name, mod, strings.Join(modifiers, " or "))
			}
			flush()
			segs = append(segs, seg{name: name, mod: mod, mark: mark})
			i += end + 1
		case '}':
			return nil, fmt.Errorf("has a } that no { opens")
		case '[':
			if mark > 0 {
				return nil, fmt.Errorf("has a [ inside brackets; brackets do not nest")
			}
			flush()
			marks++
			mark = marks
			i++
		case ']':
			if mark == 0 {
				return nil, fmt.Errorf("has a ] that no [ opens")
			}
			flush()
			mark = 0
			i++
		default:
			_, w := utf8.DecodeRuneInString(s[i:])
			lit.WriteString(s[i : i+w])
			i += w
		}
	}
	if mark > 0 {
		return nil, fmt.Errorf("has a [ that no ] closes")
	}
	flush()
	return segs, nil
}

// names lists the placeholders of segs, each once, in order.
func names(segs []seg) []string {
	var n []string
	for _, s := range segs {
		if s.name != "" && !slices.Contains(n, s.name) {
			n = append(n, s.name)
		}
	}
	return n
}

func marks(segs []seg) int {
	m := 0
	for _, s := range segs {
		m = max(m, s.mark)
	}
	return m
}

func mustParse(key, s string) []seg {
	segs, err := parse(s)
	if err != nil {
		panic(fmt.Sprintf("labels: %s %v", key, err))
	}
	return segs
}

// English is the default table.
var English = newTable("en", nil)

// builtin are the tables a language: chooses, by its primary subtag. A
// table other than English is made when a dossier first asks for it: each
// run of dossier would otherwise pay for every language at its start.
var builtin = map[string]func() *Table{
	"en": func() *Table { return English },
	"de": sync.OnceValue(func() *Table { return newTable("de", german) }),
}

// defs are the English labels by key.
var defs = func() map[string]*Label {
	m := map[string]*Label{}
	for i := range english {
		l := &english[i]
		if m[l.Key] != nil {
			panic("labels: " + l.Key + " defined twice")
		}
		m[l.Key] = l
	}
	return m
}()

func newTable(lang string, words map[string]Text) *Table {
	t := &Table{lang: lang, texts: map[string]*compiled{}}
	for _, l := range english {
		c := &compiled{text: l.Text, count: l.Count}
		c.other = mustParse(l.Key, l.Text.Other)
		c.otherNames = names(c.other)
		c.names = slices.Clone(c.otherNames)
		for _, f := range []string{l.Text.One, l.Text.Two} {
			for _, n := range names(mustParse(l.Key, f)) {
				if !slices.Contains(c.names, n) {
					c.names = append(c.names, n)
				}
			}
		}
		c.marks = marks(c.other)
		c.example = l.Text.Other
		if l.Text.One != "" {
			c.one = mustParse(l.Key, l.Text.One)
		}
		if l.Text.Two != "" {
			c.two = mustParse(l.Key, l.Text.Two)
		}
		t.texts[l.Key] = c
	}
	for key, text := range words {
		if defs[key] == nil {
			panic("labels: " + lang + " has " + key + ", which English has not")
		}
		t.set(key, text)
	}
	t.finish()
	return t
}

// set gives key a new text, which Check has found right.
func (t *Table) set(key string, text Text) {
	c := *t.texts[key]
	c.text = text
	c.other = mustParse(key, text.Other)
	c.one, c.two = nil, nil
	if text.One != "" {
		c.one = mustParse(key, text.One)
	}
	if text.Two != "" {
		c.two = mustParse(key, text.Two)
	}
	t.texts[key] = &c
}

func (t *Table) finish() {
	t.numbers = nil
	for _, w := range strings.Split(t.texts["numbers"].text.Other, ",") {
		t.numbers = append(t.numbers, strings.TrimSpace(w))
	}
	h := sha256.New()
	io.WriteString(h, t.lang+"\x00")
	for _, key := range slices.Sorted(maps.Keys(t.texts)) {
		x := t.texts[key].text
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", key, x.One, x.Two, x.Other)
	}
	h.Sum(t.sum[:0])
}

// For returns the built-in table of a language tag's primary language
// (de, de-CH and de-AT are German), and false with English when there is
// none.
func For(lang string) (*Table, bool) {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if t := builtin[primary]; t != nil {
		return t(), true
	}
	return English, false
}

// Languages lists the primary languages that have a built-in table.
func Languages() []string { return slices.Sorted(maps.Keys(builtin)) }

// With returns a copy of t with the texts of some keys replaced. Each text
// must have passed Check.
func (t *Table) With(texts map[string]Text) *Table {
	t = t.table()
	if len(texts) == 0 {
		return t
	}
	c := &Table{lang: t.lang, texts: maps.Clone(t.texts)}
	for _, key := range slices.Sorted(maps.Keys(texts)) {
		c.set(key, texts[key])
	}
	c.finish()
	return c
}

func (t *Table) table() *Table {
	if t == nil {
		return English
	}
	return t
}

// Lang is the built-in table t starts from: en or de.
func (t *Table) Lang() string { return t.table().lang }

// Sum identifies the table's words: two tables with the same sum lay a page
// out alike.
func (t *Table) Sum() [32]byte { return t.table().sum }

// Keys lists every key, in the order the tables list them.
func Keys() []string {
	keys := make([]string, len(english))
	for i, l := range english {
		keys[i] = l.Key
	}
	return keys
}

// Defaults lists every label with its English text, in order.
func Defaults() []Label { return slices.Clone(english) }

// IsCount reports whether key's label says a count.
func IsCount(key string) bool {
	l := defs[key]
	return l != nil && l.Count
}

// Text is key's text in t.
func (t *Table) Text(key string) Text {
	c := t.table().texts[key]
	if c == nil {
		return Text{}
	}
	return c.text
}

// Check says what is wrong with text as the form (one, two or other; ""
// for a label without a count) of key's label, or "" when it is right: a
// placeholder the page does not fill in, one left out, or brackets that do
// not mark what the English text marks. An unknown key is for the caller.
func Check(key, form, text string) string {
	l := defs[key]
	if l == nil {
		return fmt.Sprintf("unknown label %q", key)
	}
	c := English.texts[key]
	if strings.TrimSpace(text) == "" {
		return fmt.Sprintf("label %q is empty: write its words, or leave the key out to keep the default", key)
	}
	segs, err := parse(text)
	if err != nil {
		return fmt.Sprintf("label %q %v", key, err)
	}
	allowed := c.names
	if l.Count && !slices.Contains(allowed, "n") {
		allowed = append(slices.Clone(allowed), "n")
	}
	got := names(segs)
	for _, n := range got {
		if !slices.Contains(allowed, n) {
			return fmt.Sprintf("label %q has {%s}, which the page does not fill in%s; %s", key, n, diag.DidYouMean(n, allowed), takes(allowed))
		}
	}
	for _, n := range c.otherNames {
		// The form for one or two may say its count in words.
		if n == "n" && (form == "one" || form == "two") {
			continue
		}
		if !slices.Contains(got, n) {
			return fmt.Sprintf("label %q leaves out {%s}, which the page fills in: keep it where it belongs, as in %q", key, n, c.example)
		}
	}
	if m := marks(segs); m != c.marks {
		switch c.marks {
		case 0:
			return fmt.Sprintf("label %q has [brackets], which mark the words a page links, and this label links none: leave them out", key)
		case 1:
			return fmt.Sprintf("label %q needs one pair of [brackets] around the words the page links, as in %q; it has %d", key, c.example, m)
		default:
			return fmt.Sprintf("label %q needs %d pairs of [brackets] around the words the page links, as in %q; it has %d", key, c.marks, c.example, m)
		}
	}
	return ""
}

func takes(names []string) string {
	if len(names) == 0 {
		return "it takes no placeholder"
	}
	var b []string
	for _, n := range names {
		b = append(b, "{"+n+"}")
	}
	return "it takes " + strings.Join(b, ", ")
}

// arg is a value for a placeholder.
type arg struct {
	name  string
	value any
}

func readArgs(kv []any) ([]arg, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("placeholders come in pairs of name and value")
	}
	args := make([]arg, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		name, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("a placeholder's name is a string, not %T", kv[i])
		}
		args = append(args, arg{name, kv[i+1]})
	}
	return args, nil
}

func lookup(args []arg, name string) (any, bool) {
	for _, a := range args {
		if a.name == name {
			return a.value, true
		}
	}
	return nil, false
}

// form chooses the pieces of c's text for the count in args.
func (c *compiled) form(args []arg) ([]seg, error) {
	if !c.count {
		return c.other, nil
	}
	v, ok := lookup(args, "n")
	if !ok {
		return nil, fmt.Errorf("it says a count: give n")
	}
	n, ok := v.(int)
	if !ok {
		return nil, fmt.Errorf("its count n is a number, not %T", v)
	}
	switch {
	case n == 1 && c.one != nil:
		return c.one, nil
	case n == 2 && c.two != nil:
		return c.two, nil
	}
	return c.other, nil
}

// value writes a placeholder's value as the page shows it: numbers in
// ASCII digits, or spelt when the placeholder asks and the table has a
// word for it.
func (t *Table) value(s seg, v any) string {
	var out string
	switch v := v.(type) {
	case string:
		out = v
	case int:
		if s.mod == "word" && v >= 0 && v < len(t.numbers) && t.numbers[v] != "" {
			return t.numbers[v]
		}
		out = strconv.Itoa(v)
	case fmt.Stringer:
		out = v.String()
	default:
		out = fmt.Sprint(v)
	}
	if s.mod == "lower" {
		out = lowerFirst(out)
	}
	return out
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// Capital upper-cases the first letter of s, for a sentence that starts
// with a placeholder.
func Capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// format lays out key's text with args (name, value, name, value ...).
func (t *Table) format(key string, kv []any) (string, error) {
	t = t.table()
	c := t.texts[key]
	if c == nil {
		return "", fmt.Errorf("no label %q%s", key, diag.DidYouMean(key, Keys()))
	}
	args, err := readArgs(kv)
	if err != nil {
		return "", fmt.Errorf("label %q: %v", key, err)
	}
	segs, err := c.form(args)
	if err != nil {
		return "", fmt.Errorf("label %q: %v", key, err)
	}
	var b strings.Builder
	for _, s := range segs {
		if s.name == "" {
			b.WriteString(s.lit)
			continue
		}
		v, ok := lookup(args, s.name)
		if !ok {
			return "", fmt.Errorf("label %q: no value for {%s}", key, s.name)
		}
		b.WriteString(t.value(s, v))
	}
	return b.String(), nil
}

// Format lays out key's label with values for its placeholders, given as
// name, value, name, value ...; a label that says a count takes it as n.
// Brackets are dropped, their words kept. A key or value it lacks is a bug
// in dossier, and panics.
func (t *Table) Format(key string, args ...any) string {
	s, err := t.format(key, args)
	if err != nil {
		panic(err)
	}
	return s
}

// Get is the text of a label without placeholders.
func (t *Table) Get(key string) string { return t.Format(key) }

// Constant is the text of key's label when it takes no value and says no
// count, and false otherwise: its words are the same wherever it is used.
func (t *Table) Constant(key string) (string, bool) {
	if IsCount(key) {
		return "", false
	}
	s, err := t.format(key, nil)
	return s, err == nil
}

// parts lays key's label out in parts: the placeholders given a value in
// args are filled in, the others left as slots for the template.
func (t *Table) parts(key string, kv []any) ([]Part, error) {
	t = t.table()
	c := t.texts[key]
	if c == nil {
		return nil, fmt.Errorf("no label %q%s", key, diag.DidYouMean(key, Keys()))
	}
	args, err := readArgs(kv)
	if err != nil {
		return nil, fmt.Errorf("label %q: %v", key, err)
	}
	segs, err := c.form(args)
	if err != nil {
		return nil, fmt.Errorf("label %q: %v", key, err)
	}
	var out []Part
	add := func(p Part) {
		if n := len(out); n > 0 && p.Slot == "" && out[n-1].Slot == "" && out[n-1].Mark == p.Mark {
			out[n-1].Text += p.Text
			return
		}
		out = append(out, p)
	}
	for _, s := range segs {
		if s.name == "" {
			add(Part{Text: s.lit, Mark: s.mark})
			continue
		}
		v, ok := lookup(args, s.name)
		if !ok {
			out = append(out, Part{Slot: s.name, Mark: s.mark})
			continue
		}
		add(Part{Text: t.value(s, v), Mark: s.mark})
	}
	return out, nil
}

// Parts is parts for Go code, where a mistake is dossier's and panics.
func (t *Table) Parts(key string, args ...any) []Part {
	p, err := t.parts(key, args)
	if err != nil {
		panic(err)
	}
	return p
}

// Funcs are the template functions that give a page its words from t:
//
//	{{label "nav.overview"}}
//	{{label "count.sources" "n" 3}}              "3 sources"
//	{{range labelParts "index.rules"}}...{{end}} the parts of a sentence
//	                                             with a link or a slot
//
// A mistake (an unknown key, a missing value) is an error of the template.
func (t *Table) Funcs() map[string]any {
	return map[string]any{
		"label":      func(key string, args ...any) (string, error) { return t.format(key, args) },
		"labelParts": func(key string, args ...any) ([]Part, error) { return t.parts(key, args) },
	}
}

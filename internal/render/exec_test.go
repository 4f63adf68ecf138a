package render

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/labels"
)

// escapeCases has a value in every place the default templates print one:
// a title, text, attributes, a link's start, its fragment, a link after a
// root, a JSON-LD script, and a label with the value as its placeholder.
const escapeCases = `{{define "layout.html"}}<title>{{.S}}</title><p>{{.S}} {{.H}} {{.N}}</p>` +
	`<a href="{{.S}}" title="{{.S}}">{{.S}}</a><a href="#{{.S}}">f</a><a href="{{.Root}}{{.S}}" data-x="{{.N}}">r</a>` +
	`<a href="{{.U}}">u</a><a href="x.html#{{.U}}">v</a><title>{{.H}}</title>` +
	`<p>{{label "quote.verified" "sha" .S "paragraph" .N}}</p>` +
	`<script type="application/ld+json">{{.J}}</script>{{end}}`

type escapeData struct {
	S, Root string
	H       template.HTML
	U       template.URL
	J       template.JS
	N       int
}

// FuzzEscapers holds the executor's escaping to html/template's: for any
// string, in every context, the executor writes what html/template writes.
// The seeds are the characters each escaper treats apart.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{
		"", "plain", `<b class="x">&amp; 'it' +1</b>`, "a\x00b", "\xff\xfe invalid", "\ufdd0\ufffe nonchars",
		"javascript:alert(1)", "JavaScript:x", "mailto:a@b.org", "HTTPS://example.org/a b?c=d&e#f", "/a:b/c",
		"100%", "%zz%4a%4A", "ß ü ☃ 😀 → ↩", "!#$&*+,/:;=?@[]'()", "-._~ `{}|\\^", "\n\t\r",
	} {
		f.Add(s, s, 42)
	}
	var l *labels.Table // English
	page := template.Must(template.New("dossier").Funcs(funcs(l)).Parse(escapeCases))
	var escErr *template.Error
	if err := page.ExecuteTemplate(io.Discard, "layout.html", nil); errors.As(err, &escErr) {
		f.Fatal(err)
	}
	e := newExecutor(page, l)
	if e == nil {
		f.Fatal("the executor does not run the test template")
	}
	f.Fuzz(func(t *testing.T, s, h string, n int) {
		data := escapeData{S: s, Root: "../", H: template.HTML(h), U: template.URL(s), J: template.JS(h), N: n}
		var want, got bytes.Buffer
		if err := page.ExecuteTemplate(&want, "layout.html", data); err != nil {
			t.Fatal(err)
		}
		started, err := e.execute(&got, data)
		if err != nil {
			t.Fatalf("executor failed (having written: %v): %v", started, err)
		}
		if got.String() != want.String() {
			t.Errorf("s %q, h %q:\n got %s\nwant %s", s, h, got.String(), want.String())
		}
	})
}

// TestExecutorEdgeCases lays out templates that use what the default
// templates do not (yet) use, with data that trips text/template, through
// Templates.Execute and through html/template alone: the output, and
// whether it fails, must be the same; where both fail, the error is
// html/template's. Each case was once a way the executor differed.
func TestExecutorEdgeCases(t *testing.T) {
	long := strings.Repeat("x", chunk+100) // past the executor's first chunk
	one := 1
	type node struct{ Next *node }
	var list *node
	for range 10_050 {
		list = &node{list}
	}
	for _, c := range []struct {
		name, text string
		data       any
	}{
		{"floats", `<p>{{1e6}} {{100000000.0}} {{-0.0}} {{0x1E}} {{'a'}} {{-0}}</p>`, nil},
		{"float placeholder", `<p>{{label "quote" "text" 1e6}}</p>`, nil},
		{"float count", `<p>{{label "count.sources" "n" 1.0}}</p>`, nil},
		{"eq int float", `{{if eq .N 1.0}}one{{end}}`, struct{ N int }{1}},
		{"index by pointer", `{{index .L .I}}`, struct {
			L []string
			I *int
		}{[]string{"a", "b"}, &one}},
		{"label of nothing", `<p>{{template "x"}}</p>{{end}}{{define "x"}}{{label .}}`, nil},
		{"and stops early", long + `{{if and .A .B.C}}y{{else}}n{{end}}{{if or .D .B.C}}y{{end}}`, struct {
			A, D bool
			B    *struct{ C string }
		}{false, true, nil}},
		{"deep calls", `{{template "r" .}}{{end}}{{define "r"}}xxxxxxxx{{with .Next}}{{template "r" .}}{{end}}`, list},
		{"fails late", long + `{{index .L 5}}`, struct{ L []string }{[]string{"a"}}},
		{"fails early", `{{index .L 5}}` + long, struct{ L []string }{[]string{"a"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := template.Must(template.New("dossier").Funcs(funcs(nil)).Parse(`{{define "layout.html"}}` + c.text + `{{end}}`))
			tmpl := &Templates{
				pages: map[string]*template.Template{"p.html": page},
				exec:  map[string]*lazyExecutor{"p.html": {page: page}},
			}
			var got, want bytes.Buffer
			gotErr := tmpl.Execute(&got, "p.html", c.data)
			wantErr := page.ExecuteTemplate(&want, "layout.html", c.data)
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Fatalf("error %v, html/template's %v", gotErr, wantErr)
			}
			if wantErr == nil && got.String() != want.String() {
				t.Errorf("got %.200q\nwant %.200q", got.String(), want.String())
			}
		})
	}
}

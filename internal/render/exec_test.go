package render

import (
	"bytes"
	"errors"
	"html/template"
	"io"
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

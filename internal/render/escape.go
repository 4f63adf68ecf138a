package render

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"
)

// The escapers of html/template that the default templates' escaped trees
// name, written again for the executor (exec.go): html/template does not
// export them. FuzzEscapers holds each to html/template's own.

// contentType is html/template's: which escaping a typed string has had.
type contentType int

const (
	ctPlain contentType = iota
	ctHTML
	ctJS
	ctURL
)

var (
	stringType = reflect.TypeFor[string]()
	typeHTML   = reflect.TypeFor[template.HTML]()
	typeJS     = reflect.TypeFor[template.JS]()
	typeURL    = reflect.TypeFor[template.URL]()
)

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

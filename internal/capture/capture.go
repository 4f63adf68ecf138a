// Package capture turns an article saved from a browser into the plain text
// a dossier's quotes are verified against, and records that capture in a
// source's front matter. Nothing is ever fetched: the input is a file the
// author saved.
//
// The build counts a capture's paragraphs by blank lines, so the text of an
// HTML page comes out as one paragraph per block (heading, paragraph, list
// item, caption, quotation), separated by blank lines.
package capture

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// MaxSize is the largest file taken, in bytes. A saved article is rarely a
// few megabytes; anything larger is not one article.
const MaxSize = 32 << 20

// Exts are the kinds of file taken: pages saved from a browser, and text.
var Exts = []string{".html", ".htm", ".txt"}

// Capture is the text of one article, ready to be saved.
type Capture struct {
	Text string
	From string // what the text was taken from: "<article>", "<main>", "<body>" or "text"
}

// File reads the saved article at name: an HTML page (.html, .htm) has its
// readable text extracted; a text file (.txt) is taken as it is, with only
// its line ends made "\n".
func File(name string) (*Capture, error) {
	ext := strings.ToLower(filepath.Ext(name))
	isHTML := ext == ".html" || ext == ".htm"
	if !isHTML && ext != ".txt" {
		return nil, fmt.Errorf("%s: not an .html, .htm or .txt file; save the article from your browser as a web page (HTML only), or its text as .txt", name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := fmt.Errorf("%s is larger than %d MiB, more than one article; save the article alone, or copy its text into a .txt file", name, MaxSize>>20)
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder; name the saved page itself", name)
	} else if err == nil && fi.Size() > MaxSize {
		return nil, tooLarge
	}
	// The size may be unknown (a pipe) or may grow while it is read.
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, tooLarge
	}
	if !utf8.Valid(data) && isHTML {
		// A page that names its encoding (<meta charset="windows-1252">)
		// is decoded as a browser would, by the WHATWG's table of labels.
		if m := charsetRE.FindSubmatch(data[:min(len(data), 4096)]); m != nil {
			// A page that says UTF-8 and is not is refused below: its
			// broken bytes would become U+FFFD in the evidence.
			// Nor is a byte the named encoding cannot read: decoders put
			// U+FFFD in its place (and the WHATWG's "replacement"
			// encoding, for labels such as iso-2022-kr, nothing else).
			if enc, canonical := charset.Lookup(string(m[1])); enc != nil && canonical != "utf-8" && canonical != "replacement" {
				if utf, err := enc.NewDecoder().Bytes(data); err == nil && utf8.Valid(utf) && !bytes.ContainsRune(utf, utf8.RuneError) {
					data = utf
				}
			}
		}
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: %s", name, notUTF8(data, isHTML))
	}
	if !isHTML {
		return &Capture{Text: Text(data), From: "text"}, nil
	}
	c, err := HTML(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

var charsetRE = regexp.MustCompile(`(?i)<meta[^>]*charset\s*=\s*["']?([a-z0-9_.:-]+)`)

// notUTF8 says why text that is not UTF-8, and not in an encoding the page
// names and that is known, is refused, and what to do. The capture must be
// UTF-8 for the quotes, which are, to be found in it; a text file names no
// encoding, and guessing one could change a quoted word.
func notUTF8(data []byte, isHTML bool) string {
	if isHTML {
		if m := charsetRE.FindSubmatch(data[:min(len(data), 4096)]); m != nil {
			enc, canonical := charset.Lookup(string(m[1]))
			if canonical == "replacement" {
				return fmt.Sprintf("the page is in %s, which browsers do not read either; open it in your browser and save the article's text as a UTF-8 .txt file instead", m[1])
			}
			if enc != nil {
				return fmt.Sprintf("the page says it is in %s but holds bytes that are not; open it in your browser and save the article's text as a UTF-8 .txt file instead", m[1])
			}
			return fmt.Sprintf("the page is in %s, which is not UTF-8 and not an encoding known here; open it in your browser and save the article's text as a UTF-8 .txt file instead", m[1])
		}
	}
	return "not UTF-8 text; save the article's text as a UTF-8 .txt file instead"
}

// Text is a plain-text capture as it will be saved: the text itself, with
// Windows and old Mac line ends made "\n" and nothing else changed, so that
// a capture made elsewhere keeps its SHA-256.
func Text(data []byte) string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// HTML extracts the readable text of a page. It reads the page's <article>
// (the longest, when there are several), else its <main>, else its <body>,
// and leaves out what is not the article where it can tell: scripts,
// styles, navigation, the page's header and footer, asides, forms, buttons,
// embedded frames and hidden elements. Character references are decoded and
// runs of white space collapsed.
func HTML(data []byte) (*Capture, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	root, from := pick(doc)
	text := extract(root)
	if text == "" {
		return nil, errors.New("no readable text found in the page; copy the article's text into a .txt file instead")
	}
	return &Capture{Text: text, From: from}, nil
}

// Paragraphs counts the paragraphs of a capture as the build does: runs of
// lines that are not blank.
func Paragraphs(text string) int {
	n, in := 0, false
	for line := range strings.SplitSeq(text, "\n") {
		blank := strings.TrimSpace(line) == ""
		if !blank && !in {
			n++
		}
		in = !blank
	}
	return n
}

// pick chooses the element that holds the article.
func pick(doc *html.Node) (*html.Node, string) {
	var best *html.Node
	bestLen := 0
	for _, a := range findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Article }) {
		if l := len(extract(a)); best == nil || l > bestLen {
			best, bestLen = a, l
		}
	}
	if best != nil && bestLen > 0 {
		return best, "<article>"
	}
	if m := findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Main || attr(n, "role") == "main" }); len(m) > 0 {
		return m[0], "<main>"
	}
	if b := findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body }); len(b) > 0 {
		return b[0], "<body>"
	}
	return doc, "<body>"
}

// findAll lists the elements that match, in document order, looking only
// where text would be extracted from.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var found []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if skip(n) {
				return
			}
			if match(n) {
				found = append(found, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return found
}

// contains reports whether an element below n matches.
func contains(n *html.Node, match func(*html.Node) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && match(c) || contains(c, match) {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return strings.ToLower(strings.TrimSpace(a.Val))
		}
	}
	return ""
}

// dropped are elements that never hold the article's text. Forms are
// dropped too, unless they hold the article (see skip).
var dropped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Nav: true, atom.Aside: true,
	atom.Button: true, atom.Iframe: true, atom.Dialog: true,
	atom.Select: true, atom.Textarea: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Audio: true, atom.Video: true,
}

// droppedRoles are the ARIA roles of the same page furniture.
var droppedRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
}

// skip reports whether an element's text is left out.
func skip(n *html.Node) bool {
	if n.DataAtom == atom.Form {
		// Some sites wrap the whole page in one form (ASP.NET's pages do):
		// that one holds the article.
		return !contains(n, func(c *html.Node) bool {
			return c.DataAtom == atom.Article || c.DataAtom == atom.Main || c.DataAtom == atom.H1
		})
	}
	if dropped[n.DataAtom] || droppedRoles[attr(n, "role")] {
		return true
	}
	for _, a := range n.Attr {
		switch {
		case a.Namespace != "":
		case a.Key == "hidden" && a.Val != "until-found", // until-found is text the reader can reveal
			a.Key == "aria-hidden" && strings.TrimSpace(a.Val) == "true":
			return true
		}
	}
	// A header or footer belongs to the page unless it sits in an article
	// or a section, where it is that part's own (its headline, its byline).
	if n.DataAtom == atom.Header || n.DataAtom == atom.Footer {
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Article || p.DataAtom == atom.Section || p.DataAtom == atom.Main {
				return false
			}
		}
		return true
	}
	return false
}

// blocks are the elements whose text stands in a paragraph of its own.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true,
	atom.Legend: true, atom.Li: true, atom.Main: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tbody: true, atom.Tfoot: true, atom.Thead: true,
	atom.Tr: true, atom.Ul: true,
}

// extract returns the text of n, one paragraph per block, paragraphs
// separated by a blank line, ending in a newline; "" when there is none.
func extract(n *html.Node) string {
	var x extractor
	x.walk(n, false)
	x.flush()
	if len(x.paras) == 0 {
		return ""
	}
	return strings.Join(x.paras, "\n\n") + "\n"
}

// extractor gathers the text of the block being read as lines (a <br>
// starts a new one) and turns each finished block into paragraphs.
type extractor struct {
	paras []string
	lines []string
	line  strings.Builder
}

func (x *extractor) walk(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		if !pre {
			x.line.WriteString(n.Data)
			return
		}
		for i, l := range strings.Split(n.Data, "\n") {
			if i > 0 {
				x.lineBreak()
			}
			x.line.WriteString(l)
		}
		return
	case html.ElementNode:
		if skip(n) {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			x.lineBreak()
			return
		case atom.Td, atom.Th:
			x.line.WriteByte(' ') // cells of a row read as one line
		}
	case html.DocumentNode:
	default:
		return
	}
	block := blocks[n.DataAtom]
	if block {
		x.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.walk(c, pre || n.DataAtom == atom.Pre)
	}
	if block {
		x.flush()
	}
}

func (x *extractor) lineBreak() {
	x.lines = append(x.lines, x.line.String())
	x.line.Reset()
}

// flush ends the block being read. Its lines are cleaned up; an empty line
// (two <br> in a row, a blank line in <pre>) splits it into paragraphs.
func (x *extractor) flush() {
	x.lineBreak()
	var para []string
	end := func() {
		if len(para) > 0 {
			x.paras = append(x.paras, strings.Join(para, "\n"))
			para = nil
		}
	}
	for _, l := range x.lines {
		if l = clean(l); l == "" {
			end()
		} else {
			para = append(para, l)
		}
	}
	end()
	x.lines = x.lines[:0]
}

// invisible are characters a browser does not show that would still split
// or join words in the text a quote is looked for in.
var invisible = strings.NewReplacer("\u00ad", "", "\u200b", "", "\u2060", "", "\ufeff", "")

// clean collapses every run of white space, no-break spaces included, into
// one space, and drops invisible characters.
func clean(s string) string {
	return strings.Join(strings.Fields(invisible.Replace(s)), " ")
}

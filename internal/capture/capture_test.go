package capture

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	tests := []struct {
		name, page, want, from string
	}{
		{
			name: "blocks are paragraphs, inline elements are not",
			page: `<body><h1>Title</h1><p>One <em>two</em> <a href="x">three</a>.</p><p>Four.</p></body>`,
			want: "Title\n\nOne two three.\n\nFour.\n",
			from: "<body>",
		},
		{
			name: "white space is collapsed and character references decoded",
			page: "<p>  A&nbsp;&amp;\n\t B &ldquo;c&rdquo; &#8212; d&#x2019;s  </p>",
			want: "A & B “c” — d’s\n",
			from: "<body>",
		},
		{
			name: "scripts, styles and page furniture are dropped",
			page: `<html><head><title>T</title><style>p{}</style><script>var s = "x";</script></head>
				<body><header><a>Logo</a></header><nav><li>Home</li></nav>
				<div role="navigation">Menu</div><div role="banner">Banner</div>
				<p>Kept.</p><aside>Related</aside><form><label>Name</label><input></form>
				<button>Share</button><iframe>Frame</iframe><noscript>Enable JS</noscript>
				<template><p>Later</p></template><svg><text>Chart</text></svg>
				<p hidden>Hidden</p><p aria-hidden="true">Decor</p>
				<footer>Copyright</footer><script>track()</script></body></html>`,
			want: "Kept.\n",
			from: "<body>",
		},
		{
			name: "an article's own header and footer are kept",
			page: `<body><header>Site</header><article><header><h1>Headline</h1><p>By A. Writer</p></header>
				<p>Text.</p><footer>Filed under: news</footer></article><footer>Site footer</footer></body>`,
			want: "Headline\n\nBy A. Writer\n\nText.\n\nFiled under: news\n",
			from: "<article>",
		},
		{
			name: "the longest article is the story; teasers are left out",
			page: `<body><article><p>Teaser.</p></article><article><h1>Story</h1><p>The whole story, at length.</p></article>
				<article><p>Another teaser.</p></article></body>`,
			want: "Story\n\nThe whole story, at length.\n",
			from: "<article>",
		},
		{
			name: "a form around the whole page is not page furniture",
			page: `<body><form action="/Default.aspx"><div><h1>Headline</h1><p>Text.</p></div><button>Post</button></form>
				<form><p><label>Newsletter</label><input name="email"></p></form></body>`,
			want: "Headline\n\nText.\n",
			from: "<body>",
		},
		{
			name: "main when there is no article",
			page: `<body><div>Banner text</div><main><p>Main text.</p></main><div>Footer text</div></body>`,
			want: "Main text.\n",
			from: "<main>",
		},
		{
			name: "role=main counts as main",
			page: `<body><div>Chrome</div><div role="main"><p>Main text.</p></div></body>`,
			want: "Main text.\n",
			from: "<main>",
		},
		{
			name: "an article inside page furniture is not the story",
			page: `<body><aside><article><p>Promoted.</p></article></aside><main><p>Main text.</p></main></body>`,
			want: "Main text.\n",
			from: "<main>",
		},
		{
			name: "figure captions, list items, quotations and cells",
			page: `<article><figure><img alt="x"><figcaption>A caption.</figcaption></figure>
				<ul><li>First item</li><li>Second <b>item</b></li></ul>
				<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>
				<table><tr><th>Year</th><th>Count</th></tr><tr><td>2024</td><td>12</td></tr></table></article>`,
			want: "A caption.\n\nFirst item\n\nSecond item\n\nQuoted one.\n\nQuoted two.\n\nYear Count\n\n2024 12\n",
			from: "<article>",
		},
		{
			name: "a line break keeps a paragraph; two split it",
			page: `<p>Line one<br>line two<br><br>New paragraph<br> <br>Another</p>`,
			want: "Line one\nline two\n\nNew paragraph\n\nAnother\n",
			from: "<body>",
		},
		{
			name: "text beside blocks is a paragraph of its own",
			page: `<div>Before<p>Inside</p>After</div>`,
			want: "Before\n\nInside\n\nAfter\n",
			from: "<body>",
		},
		{
			name: "preformatted text keeps its lines; a blank line splits it",
			page: "<pre>a  b\nc\n\nd</pre>",
			want: "a b\nc\n\nd\n",
			from: "<body>",
		},
		{
			name: "invisible characters do not split or join words",
			page: "<p>co\u00adoper\u00adation and\u200b zero\ufeff width</p>",
			want: "cooperation and zero width\n",
			from: "<body>",
		},
		{
			name: "text the reader can reveal is kept",
			page: `<p>Shown.</p><div hidden="until-found">Revealed.</div>`,
			want: "Shown.\n\nRevealed.\n",
			from: "<body>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := HTML([]byte(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			if c.Text != tt.want {
				t.Errorf("text:\n%q\nwant:\n%q", c.Text, tt.want)
			}
			if c.From != tt.from {
				t.Errorf("taken from %s, want %s", c.From, tt.from)
			}
		})
	}
}

func TestHTMLWithoutText(t *testing.T) {
	_, err := HTML([]byte(`<html><head><title>T</title></head><body><nav>Home</nav><script>x()</script></body></html>`))
	if err == nil || !strings.Contains(err.Error(), "no readable text") {
		t.Fatalf("got %v, want an error saying there is no readable text", err)
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\r\n\r\nc":   "a\nb\n\nc",
		"a\rb\r\rc":         "a\nb\n\nc",
		"as it is \u00a0\n": "as it is \u00a0\n", // nothing else is touched
		"no newline at end": "no newline at end",
	} {
		if got := Text([]byte(in)); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	for text, want := range map[string]int{
		"":                       0,
		"one":                    1,
		"one\ntwo":               1,
		"one\n\ntwo\n":           2,
		"\n\none\n  \n\t\ntwo\n": 2,
		"a\n\nb\n\nc":            3,
	} {
		if got := Paragraphs(text); got != want {
			t.Errorf("Paragraphs(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, data, want, err string
	}{
		{name: "a.txt", data: "Plain\r\ntext", want: "Plain\ntext"},
		{name: "A.HTM", data: "<p>Page</p>", want: "Page\n"},
		{name: "a.pdf", data: "%PDF", err: "not an .html, .htm or .txt file"},
		// A page that names its encoding is read in it, as a browser reads
		// it (ISO-8859-1 is windows-1252 there: \x93 and \x94 are quotes).
		{name: "latin1.html", data: "<meta charset=\"ISO-8859-1\"><p>caf\xe9 \x93ouvert\x94</p>", want: "café “ouvert”\n"},
		{name: "cp1251.htm", data: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", want: "Привет\n"},
		{name: "unknown.html", data: "<meta charset=\"x-nonsense\"><p>caf\xe9</p>", err: "the page is in x-nonsense, which is not UTF-8 and not an encoding known here"},
		{name: "broken.html", data: "<meta charset=\"utf-8\"><p>caf\xe9</p>", err: "the page says it is in utf-8 but holds bytes that are not"},
		// A byte the named encoding cannot read would become U+FFFD.
		{name: "sjis.html", data: "<meta charset=\"shift_jis\"><p>ok \x82\xa0 broken \xff\xfc end</p>", err: "the page says it is in shift_jis but holds bytes that are not"},
		{name: "replacement.html", data: "<meta charset=\"iso-2022-kr\"><p>caf\xe9</p>", err: "the page is in iso-2022-kr, which browsers do not read either"},
		{name: "sjis-ok.html", data: "<meta charset=\"shift_jis\"><p>ok \x82\xa0</p>", want: "ok あ\n"},
		{name: "latin1.txt", data: "caf\xe9", err: "not UTF-8 text"},
	}
	for _, tt := range tests {
		c, err := File(write(tt.name, tt.data))
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: got error %v, want one saying %q", tt.name, err, tt.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case c.Text != tt.want:
			t.Errorf("%s: got %q, want %q", tt.name, c.Text, tt.want)
		}
	}
}

// TestFileTooLarge uses a sparse file: its size is what matters.
func TestFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.html")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = File(p)
	if err == nil || !strings.Contains(err.Error(), "is larger than 32 MiB") {
		t.Fatalf("got %v, want an error about the size", err)
	}
}

package markdown

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The bounds of this file keep the work a text can cause linear in its
// length, whatever it holds; goldmark alone takes time quadratic in the
// length of some inputs (tens of thousands of nested list markers, lines of
// unclosed links), and a build must not stall on one text. Past a bound the
// text is an error that says what to change, at its line and column: the
// limits are far beyond what an article's summary needs, so only a broken or
// generated text meets them. Timings that justify them are in the tests.

// maxNesting is how deep lists, block quotes and footnotes may nest in each
// other. goldmark's work grows with the depth on each line and for each level
// opened, so 40,000 list markers on one line took 24 s, 100,000 over a minute.
const maxNesting = 32

// nestLimit is a block parser of goldmark's that refuses to open one more
// level past maxNesting: the marker is then read as text, and the text has
// an error.
type nestLimit struct{ parser.BlockParser }

func (p nestLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	// goldmark tries the list parser again inside a list it has just
	// opened, where it opens nothing: that is no deeper level.
	if _, inList := pc.LastOpenedBlock().Node.(*ast.List); inList || nesting(parent) < maxNesting {
		return p.BlockParser.Open(parent, reader, pc)
	}
	if st := stateOf(pc); !st.tooDeep {
		st.tooDeep = true
		_, seg := reader.PeekLine()
		st.errs.error(seg.Start+max(pc.BlockOffset(), 0), "lists, block quotes and footnotes nest more than %d deep here; flatten them to %d levels or fewer", maxNesting, maxNesting)
	}
	return nil, parser.NoChildren
}

// nesting counts the lists, block quotes and footnotes n is in. It walks at
// most maxNesting of them, as no more can be open.
func nesting(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindList, ast.KindBlockquote, east.KindFootnote:
			d++
		}
	}
	return d
}

// maxEscapedPipes bounds the "\|" in a text's tables: goldmark's table
// transformer compares every cell that has one with every other.
const maxEscapedPipes = 1000

// tableLimit is goldmark's table paragraph transformer, refusing a table
// whose cells would outnumber its bytes: goldmark fills every row to the
// header's width, so a header of 2,000 columns over 2,000 one-word lines
// made four million cells out of 12 KB.
type tableLimit struct{ parser.ParagraphTransformer }

func (t tableLimit) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	st := stateOf(pc)
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		cols := delimiterColumns(seg.Value(src))
		if cols == 0 {
			continue
		}
		first, last := lines.At(i-1), lines.At(lines.Len()-1)
		rows := lines.Len() - i // the header and the rows under the delimiter
		size := last.Stop - first.Start
		pipes := bytes.Count(src[first.Start:last.Stop], []byte(`\|`))
		switch {
		case cols*rows > 2*size+100:
			st.errs.error(first.Start, "this table would have %d cells (%d columns by %d rows) from %d bytes of text: rows that leave cells out are filled to the header's width; write the rows' cells out, or split the table", cols*rows, cols, rows, size)
			return
		case st.escapedPipes+pipes > maxEscapedPipes:
			st.errs.error(first.Start, "the tables of this text have more than %d escaped pipes (\\|); write fewer, or use fewer tables", maxEscapedPipes)
			return
		}
		st.escapedPipes += pipes
		break
	}
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// delimiterColumns counts the columns of a GFM table's delimiter row
// ("| --- | :-: |"), or gives 0 for a line that is not one.
func delimiterColumns(line []byte) int {
	line = bytes.TrimSpace(line)
	if bytes.IndexByte(line, '-') < 0 || bytes.IndexFunc(line, func(r rune) bool { return !strings.ContainsRune("|-: \t", r) }) >= 0 {
		return 0
	}
	line = bytes.TrimPrefix(line, []byte("|"))
	line = bytes.TrimSuffix(line, []byte("|"))
	return bytes.Count(line, []byte("|")) + 1
}

// linkBudget bounds the bytes that links add to a page. A reference link
// ([text] with "[text]: url" elsewhere) copies its URL each time it is used,
// so 20,000 uses of a 20 KB URL made 400 MB of page from 40 KB of text. Past
// eight times the text's length (plus 64 KB) of destinations and titles, the
// text is an error and the links after that point are emptied, so no later
// step copies them.
type linkBudget struct{}

func (linkBudget) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	budget := 8*len(reader.Source()) + 64<<10
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest, title *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest, title = &n.Destination, &n.Title
		case *ast.Image:
			dest, title = &n.Destination, &n.Title
		default:
			return ast.WalkContinue, nil
		}
		st.linkBytes += len(*dest) + len(*title)
		if st.linkBytes > budget {
			if !st.tooManyLinks {
				st.tooManyLinks = true
				st.errs.error(nodeOffset(n), "the links of this text would put more than %d KB of addresses on the page, eight times the text's own length: each use of a reference link copies its URL; shorten the URL or link to it less often", budget>>10)
			}
			*dest, *title = []byte("#"), nil
		}
		return ast.WalkContinue, nil
	})
}

// tooComplex reads the text once, before goldmark does, for the inputs on
// which goldmark's inline parser scans far ahead from each of many
// characters: it adds up how far those scans would go and reports the text
// when a sum passes a budget linear in its length. The sums are upper
// bounds that ordinary prose stays far below (about its own length).
func tooComplex(src []byte, errs *problems) bool {
	// Budgets in steps of each scan, measured at about 25 ns a step of a
	// destination, 2 ns of a code span and 0.5 ns of a line walk: each is
	// at most about 100 ns a byte of text, plus a few milliseconds.
	destBudget := 4*len(src) + 1<<20
	tickBudget := 50*len(src) + 8<<20
	walkBudget := 200*len(src) + 32<<20
	// Each sum, and the paragraph that added most to it: the one to report.
	type sum struct{ total, most, at, lines int }
	var dest, ticks, walks sum
	add := func(s *sum, n, at, lines int) {
		s.total += n
		if n > s.most {
			s.most, s.at, s.lines = n, at, lines
		}
	}
	sc := scratches.Get().(*scratch)
	defer func() {
		if cap(sc.match) <= 1<<16 { // a line of 64 KB; longer ones are rare
			scratches.Put(sc)
		}
	}()
	bad := false
	report := func(off int, format string, args ...any) {
		errs.error(off, format, args...)
		bad = true
	}
	eachParagraph(src, func(lines [][2]int) {
		if bad {
			return
		}
		start := lines[0][0]
		depth := 0
		escapedTick := -1
		var runs []tickRun
		var scans, labels int
		for li, l := range lines {
			line := src[l[0]:l[1]]
			scan, w := sc.linkScans(line)
			scans += scan
			// goldmark reads a label back from the paragraph's lines,
			// walking them from the last.
			labels += w * (len(lines) - li)
			for i := 0; i < len(line); i++ {
				switch line[i] {
				case '\\':
					if i+1 < len(line) && line[i+1] == '`' {
						escapedTick = l[0] + i + 1
					} else {
						i++ // an escaped character opens and closes nothing
					}
				case '[':
					depth++
				case ']':
					if depth > maxBrackets {
						report(l[0]+i, "brackets nest more than %d deep here; write \\[ and \\] for brackets that are not links", maxBrackets)
						return
					}
					depth = max(0, depth-1)
				case '`':
					j := i
					for j < len(line) && line[j] == '`' {
						j++
					}
					runs = append(runs, tickRun{pos: l[0] + i, n: j - i, escaped: escapedTick == l[0]+i})
					i = j - 1
				}
			}
		}
		add(&dest, scans, start, len(lines))
		add(&ticks, tickScans(runs, lines[len(lines)-1][1]), start, len(lines))
		add(&walks, labels, start, len(lines))
		switch {
		case dest.total > destBudget:
			report(dest.at, "this paragraph has many links [text]( whose address runs on without a space or a closing ), which takes time quadratic in the line's length to read; close each ( with ), or write \\[ and \\( for brackets that are not links")
		case ticks.total > tickBudget:
			report(ticks.at, "this paragraph has backticks that open code spans no run of as many backticks closes, which takes time quadratic in its length to read; close each code span, or write \\` for a backtick that is not code")
		case walks.total > walkBudget:
			report(walks.at, "this paragraph of %d lines has many ], which takes time quadratic in its length to read; split it into paragraphs with blank lines", walks.lines)
		}
	})
	return bad
}

// maxBrackets is how deep brackets may nest in a paragraph: goldmark checks
// each link's text for links inside it, again for each enclosing bracket.
const maxBrackets = 32

// linkScans adds up how far goldmark reads for the destination of each
// "[text](" of a line: to the first space or the ")" that closes the "(", or
// with "(<", to the first ">"; at most to the line's end. It also counts
// the "]" of the line that make goldmark read a label or title back from the
// paragraph's lines: all but those of inline links without a title.
func (sc *scratch) linkScans(line []byte) (scan, walks int) {
	if bytes.IndexByte(line, ']') < 0 {
		return 0, 0
	}
	// match[i] is the ")" that closes the "(" at i, as goldmark counts
	// them: escaped ones aside. ours[i] is set for the "]" that closes a
	// citation or a footnote mark, which this package's parsers read
	// without goldmark's walk.
	if cap(sc.match) < len(line) {
		sc.match, sc.ours = make([]int, len(line)), make([]bool, len(line))
	}
	match, ours := sc.match[:len(line)], sc.ours[:len(line)]
	clear(ours)
	parens, brackets := sc.parens[:0], sc.brackets[:0]
	defer func() { sc.parens, sc.brackets = parens, brackets }()
	for i := 0; i < len(line); i++ {
		match[i] = -1
		switch line[i] {
		case '\\':
			i++
			if i < len(line) {
				match[i] = -1
			}
		case '(':
			parens = append(parens, i)
		case ')':
			if len(parens) > 0 {
				match[parens[len(parens)-1]] = i
				parens = parens[:len(parens)-1]
			}
		case '[':
			brackets = append(brackets, i)
		case ']':
			if len(brackets) > 0 {
				o := brackets[len(brackets)-1]
				ours[i] = o+1 < len(line) && (line[o+1] == '^' || line[o+1] == '@')
				brackets = brackets[:len(brackets)-1]
			}
		}
	}
	nextSpace, nextGT := len(line), len(line)
	for i := len(line) - 1; i >= 0; i-- {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			nextSpace = i
		case c == '>':
			nextGT = i
		case c == ']' && i+1 < len(line) && line[i+1] == '(':
			end := nextSpace
			if i+2 < len(line) && line[i+2] == '<' {
				end = nextGT
			} else if m := match[i+1]; m >= 0 && m < end {
				end = m
			}
			scan += end - i
			rest := bytes.TrimLeft(line[end:], " \t")
			if len(rest) == 0 || rest[0] == '\n' || rest[0] == '"' || rest[0] == '\'' || rest[0] == '(' {
				walks++ // a title, perhaps on the next line
			}
		case c == ']' && !ours[i]:
			walks++
		}
	}
	return scan, walks
}

// scratch holds what linkScans needs for each line, kept from line to line,
// and from text to text in scratches: made afresh for each text, its
// slices were a tenth of the bytes a build allocates.
type scratch struct {
	match            []int
	ours             []bool
	parens, brackets []int
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// tickRun is a run of backticks.
type tickRun struct {
	pos, n  int
	escaped bool // after a backslash: it opens with one backtick fewer
}

// tickScans adds up how far goldmark reads to close each code span: from
// an opening run to the next run of as many backticks, or to the
// paragraph's end when there is none. The runs in between are inside the
// span; after a run that closes nothing, the next run opens again.
func tickScans(runs []tickRun, end int) int {
	closer := make([]int, len(runs)) // the run that closes run i, or -1
	next := map[int]int{}            // length -> the nearest run of it on the right
	for i := len(runs) - 1; i >= 0; i-- {
		closer[i] = -1
		open := runs[i].n
		if runs[i].escaped {
			open--
		}
		if j, ok := next[open]; ok && open > 0 {
			closer[i] = j
		}
		next[runs[i].n] = i
	}
	sum := 0
	for i := 0; i < len(runs); {
		if j := closer[i]; j >= 0 {
			sum += runs[j].pos - runs[i].pos
			i = j + 1
			continue
		}
		sum += end - runs[i].pos
		i++
	}
	return sum
}

// eachParagraph calls f with the lines (start and end offsets) of each run
// of lines goldmark may parse as one paragraph: lines up to a blank one, or
// up to one that starts another block. Container markers (">", list
// markers) start a new run; fenced code, which is never parsed inline, is
// skipped. A run may be longer than the paragraph goldmark finds, never
// shorter, so the sums over it are upper bounds.
func eachParagraph(src []byte, f func(lines [][2]int)) {
	var run [][2]int
	flush := func() {
		if len(run) > 0 {
			f(run)
			run = run[:0]
		}
	}
	var fence []byte
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start + 1
		}
		line := src[start:end]
		body, container := stripContainers(line)
		switch {
		case fence != nil:
			if bytes.HasPrefix(bytes.TrimLeft(body, " "), fence) {
				fence = nil
			}
		case isFence(body) != nil:
			flush()
			fence = isFence(body)
		case len(bytes.TrimSpace(body)) == 0:
			flush()
		default:
			if container {
				flush()
			}
			run = append(run, [2]int{start, end})
		}
		start = end
	}
	flush()
}

// stripContainers drops the block quote markers and indentation a line
// starts with, and says whether it starts a list item or another block
// that ends the paragraph before it.
func stripContainers(line []byte) ([]byte, bool) {
	for {
		t := bytes.TrimLeft(line, " \t")
		if len(t) == 0 || t[0] != '>' {
			line = t
			break
		}
		line = t[1:]
	}
	if len(line) == 0 {
		return line, false
	}
	switch c := line[0]; {
	case c == '#' || c == '|' || bytes.HasPrefix(line, []byte("[^")):
		return line, true
	case (c == '-' || c == '*' || c == '+') && (len(line) == 1 || line[1] == ' ' || line[1] == '\t'):
		return line, true
	case c >= '0' && c <= '9':
		i := 0
		for i < len(line) && i < 10 && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		if i < len(line) && (line[i] == '.' || line[i] == ')') {
			return line, true
		}
	}
	return line, false
}

// isFence returns the fence a line opens (``` or ~~~, three or more), or nil.
func isFence(body []byte) []byte {
	t := bytes.TrimLeft(body, " ")
	if len(body)-len(t) > 3 || len(t) < 3 || t[0] != '`' && t[0] != '~' {
		return nil
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 || t[0] == '`' && bytes.IndexByte(t[n:], '`') >= 0 {
		return nil
	}
	return t[:n]
}

// Package diag holds positions in dossier files and the problems found there.
// Every stage reports through it so that the CLI can print one sorted list of
// path:line:col messages, the way a compiler does.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Plural says "1 thing" or "N things", for counts in messages and pages.
func Plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// Pos is a position in a file. Line and Col count from 1.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Error is one problem at one position. A warning is a problem that
// does not stop a build: the dossier is legal but probably not what its
// editor meant. "dossier check -strict" fails on warnings too.
type Error struct {
	Pos     Pos
	Msg     string
	Warning bool
}

func (e *Error) Error() string {
	if e.Warning {
		return e.Pos.String() + ": warning: " + e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// Errorf builds an *Error. A problem with a whole file, or one whose
// column is not known, is placed at its line's (or the file's) start, so
// every message reads path:line:col for editors and CI annotations.
func Errorf(pos Pos, format string, args ...any) *Error {
	pos.Line, pos.Col = max(pos.Line, 1), max(pos.Col, 1)
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// List collects problems. The zero value is ready to use.
type List []*Error

// Add appends a problem at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, Errorf(pos, format, args...))
}

// Warn appends a warning at pos.
func (l *List) Warn(pos Pos, format string, args ...any) {
	e := Errorf(pos, format, args...)
	e.Warning = true
	*l = append(*l, e)
}

// Errors counts the problems that are not warnings.
func (l List) Errors() int {
	n := 0
	for _, e := range l {
		if !e.Warning {
			n++
		}
	}
	return n
}

// Warnings counts the warnings.
func (l List) Warnings() int { return len(l) - l.Errors() }

// Fails reports whether the list stops a build: any error, or, when
// strict, any warning.
func (l List) Fails(strict bool) bool {
	if strict {
		return len(l) > 0
	}
	return l.Errors() > 0
}

// Summary says how many errors and warnings there are: "2 errors and 1
// warning", "1 warning".
func (l List) Summary() string {
	e, w := l.Errors(), l.Warnings()
	switch {
	case w == 0:
		return Plural(e, "error")
	case e == 0:
		return Plural(w, "warning")
	}
	return Plural(e, "error") + " and " + Plural(w, "warning")
}

// Append adds the problems of another list.
func (l *List) Append(o List) { *l = append(*l, o...) }

// Sort orders problems by file, line, column and message and drops exact duplicates.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
			boolCompare(a.Warning, b.Warning),
		)
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sort()
}

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Suggest returns the candidate closest to s by edit distance, or "" when
// none is close enough to be a likely typo.
func Suggest(s string, candidates []string) string {
	best, bestD := "", max(1, len(s)/3)+1
	for _, c := range candidates {
		// Ties go to the alphabetically first, so messages never depend on
		// the order candidates came in (often a map's).
		if d := distance(s, c); d < len(s) && (d < bestD || d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean formats Suggest's answer as a message suffix.
func DidYouMean(s string, candidates []string) string {
	if c := Suggest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// distance is the optimal string alignment distance: insertions, deletions,
// substitutions and swaps of neighbours each cost one, as typos do.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

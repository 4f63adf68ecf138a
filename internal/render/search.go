package render

import (
	_ "embed"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/model"
)

// The search page's scripts, paths from the site root. Only search.html
// loads them: every other page has a plain form that leads there.
const (
	searchIndexPath  = "assets/search-index.js"
	searchScriptPath = "assets/search.js"
)

// searchScript finds, folds and lists; it is code, not a template, and so
// not one a dossier replaces.
//
//go:embed search.js
var searchScript []byte

// SearchView is the search page. The results are listed by
// assets/search.js in the element with id "results"; without script the
// page says that search needs it.
type SearchView struct {
	Scripts []string // paths from the site root, in the order they load
	// What the index holds, said on the page.
	Claims, Questions, Sources, People, Quotes int
}

func (s *site) search(p *Page) {
	p.Kind, p.Title = "search", s.l.Get("page.search")
	v := &SearchView{Scripts: []string{searchIndexPath, searchScriptPath},
		Claims: len(s.d.Claims), Questions: len(s.d.Questions), Sources: len(s.d.Sources), People: len(s.d.Origins)}
	for _, src := range s.d.Sources {
		v.Quotes += len(src.Annotations)
	}
	p.Search = v
}

// maxQuoteIndexed is how much of a quote the index keeps, in characters:
// enough to recognise it in a list of results and to find it by its
// words, while a 40-word quote does not weigh twice its useful part.
const maxQuoteIndexed = 160

// writeSearchIndex writes assets/search-index.js: one script that assigns the
// index to window.dossierSearch, because a page opened from disk
// (file://) may run a script beside it but may not fetch a file. Each
// entry is an array: its ID, its text as shown, and last its text folded
// by Fold, left out where folding changes nothing. Strings are not
// repeated: a quote names its claim and source by their places in "c"
// and "s", and a source its byline by its place in "n".
//
//	v  format version
//	l  the letters Fold turns into others (foldLetters), for the query
//	u  per kind, what goes before and after an ID to make a page's path
//	q  questions   [id, question, folded?]
//	c  claims      [id, statement, folded?]
//	s  sources     [id, title, byline index or -1, [origin index ...],
//	               folded "title · byline · origin names"?]
//	               (the origins it relays or rests a statement on)
//	o  origins     [id, name, kind as the pages name it, folded?]
//	               (their entries on people.html)
//	n  bylines     "Outlet · Author"
//	t  quotes      [claim index, source index, quote, folded?]
//	w  the words the script shows, by label key: a text with its
//	   {placeholders}, or for a count {"one", "two", "other"}
//
// The output is deterministic: the model's order, and JSON without maps
// but "l" and "u", whose keys encoding/json sorts.
func (s *site) writeSearchIndex(w io.Writer) error {
	d := s.d
	url := func(kind string) [2]string {
		before, after, _ := strings.Cut(pagePath(kind, "\x00"), "\x00")
		return [2]string{before, after}
	}
	head := struct {
		V int                  `json:"v"`
		L map[string]string    `json:"l"`
		U map[string][2]string `json:"u"`
	}{
		V: 1, L: map[string]string{},
		U: map[string][2]string{
			"q": url("question"), "c": url("claim"), "s": url("source"),
			"o": {"people.html#" + originAnchor(""), ""},
		},
	}
	for r, f := range foldLetters {
		head.L[string(r)] = f
	}
	entry := func(text, match string, fields ...any) any {
		if f := Fold(match); f != text {
			fields = append(fields, f)
		}
		return fields
	}
	claimAt := make(map[*model.Claim]int, len(d.Claims))
	for i, c := range d.Claims {
		claimAt[c] = i
	}
	originAt := map[string]int{}
	for i, o := range d.Origins {
		originAt[o.ID] = i
	}
	// encoding/json writes <, >, & and the line separators U+2028 and
	// U+2029 as escapes: no text of the dossier can end the script or
	// read as markup. Each entry is written as it is made.
	j := newJSONWriter(w)
	j.raw("window.dossierSearch=")
	j.open(head)
	j.array("q", each(d.Questions, func(q *model.Question) any { return entry(q.Text, q.Text, q.ID, q.Text) }))
	j.array("c", each(d.Claims, func(c *model.Claim) any { return entry(c.Statement, c.Statement, c.ID, c.Statement) }))
	bylines, names := map[string]int{}, []string{}
	j.array("s", each(d.Sources, func(src *model.Source) any {
		by, at := byline(src), -1
		if by != "" {
			i, ok := bylines[by]
			if !ok {
				i = len(names)
				bylines[by] = i
				names = append(names, by)
			}
			at = i
		}
		// The people and bodies the source relays find it too: a search
		// for an expert lists the articles that quote them.
		relayed, relayedNames := []int{}, []string{}
		for _, o := range relayedOrigins(src) {
			if i, ok := originAt[o]; ok && !slices.Contains(relayed, i) {
				relayed = append(relayed, i)
				relayedNames = append(relayedNames, d.Origins[i].Name)
			}
		}
		match := strings.Join(slices.DeleteFunc([]string{src.Title, by, strings.Join(relayedNames, ", ")}, func(s string) bool { return s == "" }), " · ")
		return entry(src.Title, match, src.ID, src.Title, at, relayed)
	}))
	// An origin's kind as the pages name it, in the dossier's words.
	j.array("o", each(d.Origins, func(o *model.Origin) any { return entry(o.Name, o.Name, o.ID, o.Name, s.originKind(o.Kind)) }))
	j.field("n", names)
	j.array("t", func(yield func(any) bool) {
		for si, src := range d.Sources {
			for _, a := range src.Annotations {
				ci, ok := claimAt[a.Target]
				if !ok {
					continue
				}
				q := truncate(strings.Join(strings.Fields(a.Quote), " "), maxQuoteIndexed)
				if !yield(entry(q, q, ci, si, q)) {
					return
				}
			}
		}
	})
	j.field("w", s.searchWords())
	j.raw("};\n")
	return j.err
}

// searchLabels are the labels assets/search.js shows.
var searchLabels = []string{
	"numbers", "search.prompt", "search.results", "search.results.listed", "search.no-results", "search.more",
	"search.kind.question", "search.kind.claim", "search.kind.source", "search.kind.origin", "search.kind.quote",
	"search.quote.line",
}

// searchWords are the texts of searchLabels in the page's words, for the
// script to fill in: it says the counts and the query as the pages do.
func (s *site) searchWords() map[string]any {
	type forms struct {
		One   string `json:"one,omitempty"`
		Two   string `json:"two,omitempty"`
		Other string `json:"other"`
	}
	w := map[string]any{}
	for _, key := range searchLabels {
		t := s.l.Text(key)
		if labels.IsCount(key) {
			w[key] = forms{t.One, t.Two, t.Other}
		} else {
			w[key] = t.Other
		}
	}
	return w
}

// relayedOrigins are the IDs of the origins a source names, in its
// relays: and its annotations' via:, in that order; some may repeat.
func relayedOrigins(src *model.Source) []string {
	var ids []string
	for _, r := range src.Relays {
		if r.Origin != "" {
			ids = append(ids, r.Origin)
		}
	}
	for _, a := range src.Annotations {
		if a.Via != "" && a.Via != model.ViaOwn {
			ids = append(ids, a.Via)
		}
	}
	return ids
}

// byline is a source's outlet and author, as one line.
func byline(src *model.Source) string {
	var parts []string
	for _, p := range []string{src.Outlet, src.Author} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// truncate shortens s to at most n characters, at a space when there is
// one in its second half, and marks the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-1])
	// Cut at the last space, unless the cut falls between words already.
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 && (unicode.IsLetter(r[n-1]) || unicode.IsDigit(r[n-1])) {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

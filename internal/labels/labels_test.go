package labels

import (
	"slices"
	"strings"
	"testing"
)

// German is the built-in German table.
var German = builtin["de"]()

// forms are a text's forms as Check names them.
func forms(key string, x Text) map[string]string {
	if !IsCount(key) {
		return map[string]string{"": x.Other}
	}
	f := map[string]string{"other": x.Other}
	if x.One != "" {
		f["one"] = x.One
	}
	if x.Two != "" {
		f["two"] = x.Two
	}
	return f
}

// TestTablesComplete: every built-in table gives every key a text that
// passes the checks a dossier's own labels pass, and German leaves no key
// to English.
func TestTablesComplete(t *testing.T) {
	for _, key := range Keys() {
		if _, ok := german[key]; !ok {
			t.Errorf("German has no %s", key)
		}
		for lang, tbl := range builtin {
			x := tbl().Text(key)
			if x.Other == "" {
				t.Errorf("%s: %s has no text", lang, key)
			}
			if !IsCount(key) && (x.One != "" || x.Two != "") {
				t.Errorf("%s: %s has forms for one or two, but says no count", lang, key)
			}
			for form, s := range forms(key, x) {
				if msg := Check(key, form, s); msg != "" {
					t.Errorf("%s: %s", lang, msg)
				}
			}
		}
		if IsCount(key) && !strings.Contains(English.Text(key).Other, "{n") {
			t.Errorf("%s says a count but its text has no {n}", key)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		tbl  *Table
		key  string
		args []any
		want string
	}{
		{nil, "nav.overview", nil, "Overview"},
		{German, "nav.overview", nil, "Übersicht"},
		{English, "count.sources", []any{"n", 1}, "1 source"},
		{English, "count.sources", []any{"n", 0}, "0 sources"},
		{German, "count.sources", []any{"n", 2}, "2 Quellen"},
		{English, "verification.all", []any{"n", 2}, "Both quotes were verified against the captures of their sources"},
		{English, "verification.all", []any{"n", 3}, "All 3 quotes were verified against the captures of their sources"},
		{English, "reason.supporting", []any{"n", 3}, "three sources support"},
		{English, "reason.supporting", []any{"n", 12}, "12 sources support"},
		{German, "reason.supporting", []any{"n", 3}, "drei Quellen stützen"},
		{English, "reason.question.one-given", []any{"answer", "In 2012", "reason", "Two sources support it."}, "One answer is given, “In 2012”: two sources support it."},
		{German, "reason.question.one-given", []any{"answer", "2012", "reason", "Zwei Quellen stützen sie."}, "Eine Antwort ist gegeben, „2012“: Zwei Quellen stützen sie."},
		{English, "index.rules", nil, "The method page gives the rules."},
		{German, "date.day", []any{"day", 3, "month", "März", "year", 2025}, "3. März 2025"},
	} {
		if got := tc.tbl.Format(tc.key, tc.args...); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.key, tc.args, got, tc.want)
		}
	}
	if _, err := English.format("nav.overveiw", nil); err == nil || !strings.Contains(err.Error(), `did you mean "nav.overview"`) {
		t.Errorf("an unknown key: %v", err)
	}
	if _, err := English.format("count.sources", nil); err == nil {
		t.Error("a count label without its count formatted")
	}
}

func TestParts(t *testing.T) {
	got := English.Parts("question.answer-group", "answer", "In 2012")
	want := []Part{{Text: "Answer “In 2012”: "}, {Slot: "verdict"}, {Text: " "}, {Text: "the claim", Mark: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("parts %+v, want %+v", got, want)
	}
	got = English.Parts("search.noscript")
	var marked []string
	for _, p := range got {
		if p.Mark > 0 {
			marked = append(marked, p.Text)
		}
	}
	if !slices.Equal(marked, []string{"overview", "their own page"}) {
		t.Errorf("marked %q", marked)
	}
}

func TestFor(t *testing.T) {
	for lang, want := range map[string]*Table{"en": English, "en-GB": English, "de": German, "de-CH": German, "DE-at": German} {
		if got, ok := For(lang); got != want || !ok {
			t.Errorf("For(%q) = %s, %v", lang, got.Lang(), ok)
		}
	}
	if got, ok := For("nb"); got != English || ok {
		t.Errorf("For(nb) = %s, %v; want English, false", got.Lang(), ok)
	}
}

// TestCheck: what a dossier's own label may not do, each said with what
// to write instead.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		key, form, text, want string
	}{
		{"count.sources", "other", "{n} Kilden", ""},
		{"count.sources", "one", "eine Quelle", ""}, // the form for one may spell its count
		{"count.sources", "other", "Quellen", `label "count.sources" leaves out {n}, which the page fills in: keep it where it belongs, as in "{n} sources"`},
		{"count.sources", "other", "{m} Quellen", `label "count.sources" has {m}, which the page does not fill in; it takes {n}`},
		{"quote.verified", "", "in {shaa} geprüft, Absatz {paragraph}", `label "quote.verified" has {shaa}, which the page does not fill in (did you mean "sha"?); it takes {sha}, {paragraph}`},
		{"nav.overview", "", "Übersicht {n}", `label "nav.overview" has {n}, which the page does not fill in; it takes no placeholder`},
		{"nav.overview", "", "  ", `label "nav.overview" is empty: write its words, or leave the key out to keep the default`},
		{"index.rules", "", "Die Regeln stehen auf der Methodenseite.", `label "index.rules" needs one pair of [brackets] around the words the page links, as in "The [method page] gives the rules."; it has 0`},
		{"nav.overview", "", "[Übersicht]", `label "nav.overview" has [brackets], which mark the words a page links, and this label links none: leave them out`},
		{"index.rules", "", "Die [Methodenseite nennt die Regeln.", `label "index.rules" has a [ that no ] closes`},
		{"count.sources", "other", "{n Quellen", `label "count.sources" has a { that no } closes; a placeholder is written {name}`},
		{"reason.supporting", "other", "{n:words} Quellen", `label "reason.supporting" has {n:words}; after the colon a placeholder takes word or lower`},
		{"search.results", "other", "{n} Treffer", `label "search.results" leaves out {query}, which the page fills in: keep it where it belongs, as in "{n} results for “{query}”."`},
	} {
		if got := Check(tc.key, tc.form, tc.text); got != tc.want {
			t.Errorf("Check(%s, %s, %q):\n got %s\nwant %s", tc.key, tc.form, tc.text, got, tc.want)
		}
	}
}

func TestWith(t *testing.T) {
	tbl := German.With(map[string]Text{"nav.overview": {Other: "Start"}, "count.sources": {Other: "Quellen: {n}"}})
	if got := tbl.Get("nav.overview"); got != "Start" {
		t.Errorf("overridden: %q", got)
	}
	if got := tbl.Format("count.sources", "n", 1); got != "Quellen: 1" {
		t.Errorf("one text for every count: %q", got)
	}
	if got := tbl.Get("nav.method"); got != "Methode" {
		t.Errorf("the rest stays German: %q", got)
	}
	if tbl.Sum() == German.Sum() || German.Get("nav.overview") != "Übersicht" {
		t.Error("With changed the table it started from, or kept its sum")
	}
}

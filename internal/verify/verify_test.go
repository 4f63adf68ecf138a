package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/model"
)

func TestFind(t *testing.T) {
	capture := newCapture("He said: “It’s done—finally.” She left.\n\nThen  he left… the room. Later, more text came.\nIt was unclear whether the pins were required.")
	for _, tc := range []struct {
		quote string
		want  bool
		why   string
	}{
		{`He said: "It's done--finally."`, false, ""}, // two hyphens are not one dash
		{`He said: "It's done-finally."`, true, ""},
		{`"It's done — finally."`, true, ""},
		{"Then he left... the room.", true, ""},
		{"Then he left … the room.", true, ""},
		{"Then he left ... more text came", true, ""}, // an ellipsis marks an omission within a paragraph
		{"He said: ... Then he left", false, "different paragraphs"},
		{"Later, more text ... Then he left", false, "in another order"}, // parts must come in order
		{"then he left", false, ""},                                      // case matters
		{"Then he stayed", false, ""},
		{"e said: “It’s", false, "inside a word"}, // whole words only
		{"It's   done", true, ""},
		{"the pins were required.", true, ""},
	} {
		_, got, why := capture.find(tc.quote)
		if got != tc.want || !strings.Contains(why, tc.why) {
			t.Errorf("find(%q) = %v, %q; want %v, %q", tc.quote, got, why, tc.want, tc.why)
		}
	}
}

// TestShape: a quote, and each part between ellipses, is three words or
// more, whatever the capture says.
func TestShape(t *testing.T) {
	for quote, ok := range map[string]bool{
		"…":                               false,
		".":                               false,
		"ortrait":                         false,
		"two words":                       false,
		"three whole words":               true,
		"three whole words … and more":    false,
		"… three whole words …":           true,
		"one two three ... four five six": true,
	} {
		var errs diag.List
		if got := (*Shapes)(nil).checkShape(&model.Annotation{Quote: quote}, &errs); got != ok || (len(errs) == 0) != ok {
			t.Errorf("checkShape(%q) = %v, %v", quote, got, errs)
		}
	}
}

// TestContextAndSense: a verified quote comes with the sentence around
// it, and a quote that leaves out a word that turns its sense gets a
// warning.
func TestContextAndSense(t *testing.T) {
	c := newCapture("Pins are a symbol of loyalty. However, it was unclear whether ordinary citizens were required to wear the same pins. North Korea did not answer.")
	for _, tc := range []struct {
		quote, context, leftOut string
	}{
		{"ordinary citizens were required to wear the same pins.", "However, it was unclear whether [ordinary citizens were required to wear the same pins.]", "unclear whether"},
		{"it was unclear whether ordinary citizens were required", "However, [it was unclear whether ordinary citizens were required] to wear the same pins.", ""},
		{"Pins are a symbol of loyalty.", "", ""},
		{"North Korea did", "[North Korea did] not answer.", "not"},
	} {
		m, ok, why := c.find(tc.quote)
		if !ok {
			t.Fatalf("%q not found: %s", tc.quote, why)
		}
		var b strings.Builder
		for _, sp := range c.context(m) {
			if sp.Space {
				b.WriteString(" ")
			}
			if sp.Quoted {
				b.WriteString("[" + sp.Text + "]")
			} else {
				b.WriteString(sp.Text)
			}
		}
		if got := b.String(); got != tc.context && !(tc.context == "" && got == "") {
			t.Errorf("context of %q:\n got %q\nwant %q", tc.quote, got, tc.context)
		}
		if got := c.leftOut(m, "en"); got != tc.leftOut {
			t.Errorf("leftOut(%q) = %q, want %q", tc.quote, got, tc.leftOut)
		}
	}
	// Words an ellipsis leaves out, however many; a sentence that an
	// abbreviation's full stop does not end; a denial past a comma.
	c = newCapture("The ministry denied that Mr. Kim ordered the badge in 2012. Claims that the badge was made in the U.S. were denied by the ministry. " +
		"The pin was made in 2012, a claim officials denied. A barge hit the bridge, nobody talks of it. " +
		"The badge was, in the considered and long-held official view of the ministry and of its many officials, never at any point during all of those long and difficult years, made in 2012.")
	for _, tc := range []struct{ quote, leftOut string }{
		{"Kim ordered the badge in 2012", "denied that Mr."},
		{"the badge was made in the U.S.", "were denied"},
		{"The pin was made in 2012", "a claim officials denied"},
		{"A barge hit the bridge", ""},
		{"The badge was … made in 2012", "never"},
	} {
		m, ok, why := c.find(tc.quote)
		if !ok {
			t.Fatalf("%q not found: %s", tc.quote, why)
		}
		if got := c.leftOut(m, "en"); got != tc.leftOut {
			t.Errorf("leftOut(%q) = %q, want %q", tc.quote, got, tc.leftOut)
		}
	}
}

func TestClosest(t *testing.T) {
	c := newCapture("One two three. “They were produced in early 2012.” Four five six.")
	if got := c.closest("They were produced in late 2012."); got != "“They were produced in early 2012.”" {
		t.Errorf("closest = %q", got)
	}
}

// example loads the shipped dossier; its quotes are checked against the
// captures in ../shared/seeds. CI always has them beside the project and
// sets DOSSIER_REQUIRE_CAPTURES, so there these tests fail, never skip,
// without them; a clone on its own skips them and says why.
func example(t testing.TB) (*model.Dossier, string) {
	t.Helper()
	seeds, _ := filepath.Abs("../../../shared/seeds")
	if _, err := os.Stat(seeds); err != nil {
		if os.Getenv("DOSSIER_REQUIRE_CAPTURES") != "" {
			t.Fatalf("DOSSIER_REQUIRE_CAPTURES is set but the captures are not at %s", seeds)
		}
		t.Skip("the captures are not beside the project (../shared/seeds); CI has them")
	}
	d, errs, err := load.Load("../..")
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	return d, seeds
}

func TestExampleQuotesAllVerified(t *testing.T) {
	d, seeds := example(t)
	sum, errs, err := Dossier(d, seeds)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if sum.Verified != sum.Quotes || sum.Quotes == 0 {
		t.Fatalf("verified %d of %d", sum.Verified, sum.Quotes)
	}
	t.Logf("%s", sum)
}

// TestExampleQuoteAlteredByOneWord changes one word of every quote in turn:
// each change must be caught.
func TestExampleQuoteAlteredByOneWord(t *testing.T) {
	d, seeds := example(t)
	for _, s := range d.Sources {
		for _, a := range s.Annotations {
			orig := a.Quote
			words := strings.Fields(orig)
			i := len(words) / 2
			words[i] = "zzz" + words[i]
			a.Quote = strings.Join(words, " ")
			_, errs, err := Dossier(d, seeds)
			a.Quote = orig
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) != 1 || errs[0].Pos != a.QuotePos || !strings.Contains(errs[0].Msg, "quote not found") {
				t.Errorf("%s: altered quote %q not caught: %v", a.QuotePos, orig, errs)
			}
		}
	}
}

// TestExampleCaptureAlteredByOneByte flips one byte of each capture.
func TestExampleCaptureAlteredByOneByte(t *testing.T) {
	d, seeds := example(t)
	for _, s := range d.Sources {
		dir := t.TempDir()
		for _, o := range d.Sources {
			data, err := os.ReadFile(filepath.Join(seeds, o.Capture.File))
			if err != nil {
				t.Fatal(err)
			}
			if o == s {
				data[len(data)/2] ^= 1
			}
			if err := os.WriteFile(filepath.Join(dir, o.Capture.File), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, errs, err := Dossier(d, dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(errs) != 1 || errs[0].Pos != s.Capture.SHAPos || !strings.Contains(errs[0].Msg, "has changed") {
			t.Errorf("%s: altered capture not caught: %v", s.ID, errs)
		}
	}
}

func TestNoCaptures(t *testing.T) {
	dir := t.TempDir()
	data := []byte("The quote is here.")
	h := sha256.Sum256(data)
	os.WriteFile(filepath.Join(dir, "c.txt"), data, 0o644)
	s := &model.Source{ID: "s", Capture: model.Capture{File: "c.txt", SHA256: hex.EncodeToString(h[:])}}
	s.Annotations = []*model.Annotation{{Source: s, Quote: "quote is here"}}
	d := &model.Dossier{Sources: []*model.Source{s}}

	// Without captures the quotes are not verified: a warning per source,
	// which fails only a strict build.
	sum, errs, _ := Dossier(d, "")
	if errs.Errors() != 0 || errs.Warnings() != 1 || sum.Verified != 0 || !strings.Contains(sum.String(), "not re-verified") {
		t.Errorf("without captures: %v, %s", errs, sum)
	}
	if sum, errs, _ := Dossier(d, dir); len(errs) != 0 || sum.Verified != 1 {
		t.Errorf("with captures: %v, %s", errs, sum)
	}
}

// BenchmarkVerifyExample verifies every quote of the example against its
// capture, hashing included: the cost a build pays with captures present.
func BenchmarkVerifyExample(b *testing.B) {
	d, seeds := example(b)
	for b.Loop() {
		if _, errs, err := Dossier(d, seeds); err != nil || len(errs) > 0 {
			b.Fatal(err, errs)
		}
	}
}

// TestSummaryWords: the build's and the pages' accounts of verification
// count right and name the folder looked for only on the terminal.
func TestSummaryWords(t *testing.T) {
	for _, tc := range []struct {
		s              Summary
		line, sentence string
	}{
		{Summary{}, "no quotes to verify", "The dossier quotes no source yet"},
		{Summary{Quotes: 1}, "1 quote not re-verified: no captures folder given", "The quote was not re-verified in this build: no captures were available"},
		{Summary{Quotes: 3, Missing: "../seeds"}, "3 quotes not re-verified: captures folder ../seeds not found", "The 3 quotes were not re-verified in this build: no captures were available"},
		{Summary{Quotes: 1, Verified: 1, Captures: 1, Dir: "caps"}, "1 of 1 quote verified against 1 capture in caps", "The quote was verified against the capture of its source"},
		{Summary{Quotes: 5, Verified: 4, Captures: 2, Dir: "caps"}, "4 of 5 quotes verified against 2 captures in caps", "4 of 5 quotes were verified against the captures of their sources"},
	} {
		if got := tc.s.String(); got != tc.line {
			t.Errorf("%+v: String %q, want %q", tc.s, got, tc.line)
		}
		if got := tc.s.Sentence(nil); got != tc.sentence {
			t.Errorf("%+v: Sentence %q, want %q", tc.s, got, tc.sentence)
		}
	}
}

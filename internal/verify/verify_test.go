package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/model"
)

func TestContains(t *testing.T) {
	capture := newCapture("He said: “It’s done—finally.”\n\nThen  he left… the room. Later, more text.")
	for _, tc := range []struct {
		quote string
		want  bool
	}{
		{`He said: "It's done--finally."`, false}, // two hyphens are not one dash
		{`He said: "It's done-finally."`, true},
		{`"It's done — finally."`, true},
		{"Then he left... the room.", true},
		{"Then he left … the room.", true},
		{"He said ... Then he left", true},  // an ellipsis marks an omission
		{"Then he left ... He said", false}, // parts must come in order
		{"then he left", false},             // case matters
		{"Then he stayed", false},
		{"It's   done", true},
	} {
		if got := capture.contains(tc.quote); got != tc.want {
			t.Errorf("contains(%q) = %v, want %v", tc.quote, got, tc.want)
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
		if got := tc.s.Sentence(); got != tc.sentence {
			t.Errorf("%+v: Sentence %q, want %q", tc.s, got, tc.sentence)
		}
	}
}

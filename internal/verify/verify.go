// Package verify checks a dossier's quotes against saved captures of its
// sources: the capture's SHA-256 must match what the source records, and every
// quote must appear in it, up to differences of whitespace, quote marks,
// dashes and ellipses.
package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/load"
	"github.com/dossier-ssg/dossier/internal/model"
)

// Summary says what was verified.
type Summary struct {
	Dir      string // captures folder used; empty when none was available
	Missing  string // the captures folder asked for, when it does not exist
	Quotes   int    // quotes in the dossier
	Verified int    // quotes found in a capture whose hash matched
	Captures int    // captures read
}

// Dossier verifies every quote of d against the captures in dir. An empty or
// missing dir means captures are not available: nothing is verified, and
// each source with quotes gets a warning, which fails only a strict build.
func Dossier(d *model.Dossier, dir string) (Summary, diag.List, error) {
	return (*Shapes)(nil).Dossier(d, dir)
}

// Shapes remembers the quotes whose shape passed, for a session that
// verifies the same quotes after every edit (the preview): a quote's shape
// depends on its words alone. A single build keeps none; at 30,000 claims
// the memory took 10 MB and storing each quote a tenth of verify's time.
// The zero value is ready; a nil *Shapes remembers nothing.
type Shapes struct{ good sync.Map }

// Dossier is the package's Dossier, checking the shape of each quote once.
func (sh *Shapes) Dossier(d *model.Dossier, dir string) (Summary, diag.List, error) {
	var errs diag.List
	sum := Summary{}
	// Quotes that prove nothing whatever the capture says are not looked
	// for. Every check starts afresh: the preview reuses annotations.
	badShape := map[*model.Annotation]bool{}
	for _, s := range d.Sources {
		sum.Quotes += len(s.Annotations)
		for _, a := range s.Annotations {
			a.Check = model.QuoteCheck{}
			if !sh.checkShape(a, &errs) {
				badShape[a] = true
			}
		}
	}
	if dir != "" {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			sum.Missing, dir = dir, ""
		}
	}
	sum.Dir = dir
	if dir == "" {
		// One warning for the whole dossier, not one per source: a
		// dossier of a thousand sources built without its captures.
		// When dossier.yaml did not parse whole, its captures: is
		// unknown, and its own error is the one to report.
		if sum.Quotes > 0 && !d.Partial {
			why := "no captures folder is available (set captures: in dossier.yaml or pass -captures)"
			if sum.Missing != "" {
				why = fmt.Sprintf("the captures folder %s does not exist", sum.Missing)
			}
			pos := d.CapturesPos
			if pos.File == "" {
				pos = diag.Pos{File: d.Path}
			}
			errs.Warn(pos, "%s not verified: %s", quotes(sum.Quotes), why)
		}
		return sum, errs, nil
	}
	// Captures are read only inside their folder, which may well be
	// outside the dossier: a capture that links elsewhere is refused.
	caps, err := load.OpenFolder(dir, "the captures folder")
	if err != nil {
		return sum, nil, err
	}
	defer caps.Close()
	for _, s := range d.Sources {
		if s.Capture.File == "" || s.Capture.SHA256 == "" {
			// A capture: without its file or sha256 is reported where
			// it stands, by load; only a source with none is told here.
			if len(s.Annotations) > 0 && s.Capture.Pos.File == "" {
				errs.Warn(s.Pos, "%s of %q not verified: the source records no capture; add capture: {file, sha256}", quotes(len(s.Annotations)), s.ID)
			}
			continue
		}
		if !filepath.IsLocal(filepath.FromSlash(s.Capture.File)) {
			errs.Add(s.Capture.FilePos, "capture file %q must be a name inside the captures folder", s.Capture.File)
			continue
		}
		data, err := caps.ReadFile(s.Capture.File, load.CaptureCap)
		var refusal *load.Refusal
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs.Add(s.Capture.FilePos, "capture %q is not in %s; copy it there or fix the name", s.Capture.File, dir)
			continue
		case errors.As(err, &refusal):
			errs.Add(s.Capture.FilePos, "capture %q not read: %s", s.Capture.File, refusal.Why)
			continue
		case err != nil:
			return sum, nil, err
		}
		sum.Captures++
		h := sha256.Sum256(data)
		got := hex.EncodeToString(h[:])
		if got != s.Capture.SHA256 {
			errs.Add(s.Capture.SHAPos, "capture %s has changed: its sha256 is %s, the source records %s; re-check every quote against it, then update sha256", s.Capture.File, got, s.Capture.SHA256)
			continue
		}
		c := newCapture(string(data))
		for _, a := range s.Annotations {
			if a.Quote == "" || badShape[a] {
				continue
			}
			m, ok, why := c.find(a.Quote)
			if !ok {
				if why == "" {
					errs.Add(a.QuotePos, "quote not found in capture %s; the closest passage is: %q", s.Capture.File, c.closest(a.Quote))
				} else {
					errs.Add(a.QuotePos, "quote not found as one passage of capture %s: %s", s.Capture.File, why)
				}
				continue
			}
			a.Check = model.QuoteCheck{Verified: true, SHA256: got, Paragraph: m.para.num, Context: c.context(m)}
			sum.Verified++
			if n, ok := paragraphLocator(a.Locator); ok && n != m.para.num {
				errs.Warn(a.LocatorPos, "locator says paragraph %d, but the quote is in paragraph %d of capture %s (paragraphs are separated by blank lines): correct it, or leave locator: out and let the page show the paragraph found", n, m.para.num, s.Capture.File)
			}
			if words := c.leftOut(m, d.Language); words != "" {
				errs.Warn(a.QuotePos, "the quote leaves out %q, next to it in the same sentence of capture %s, which may turn its sense around: quote those words too, or choose another passage", words, s.Capture.File)
			}
		}
	}
	return sum, errs, nil
}

var paragraphRE = regexp.MustCompile(`(?i)^(?:paragraph|para\.?|par\.|¶)\s*(\d+)$`)

// paragraphLocator reads a locator that names a paragraph by number.
func paragraphLocator(loc string) (int, bool) {
	m := paragraphRE.FindStringSubmatch(strings.TrimSpace(loc))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// checkShape refuses quotes that prove nothing whatever the capture says:
// a quote, and each part an ellipsis splits it into, is a run of at least
// MinSegmentWords words.
func (sh *Shapes) checkShape(a *model.Annotation, errs *diag.List) bool {
	if a.Quote == "" {
		return false // reported by load
	}
	if sh == nil {
		return shapeOK(a, errs)
	}
	if _, ok := sh.good.Load(a.Quote); ok {
		return true
	}
	if !shapeOK(a, errs) {
		return false
	}
	sh.good.Store(a.Quote, true)
	return true
}

func shapeOK(a *model.Annotation, errs *diag.List) bool {
	segs := Segments(a.Quote)
	if len(segs) == 0 {
		errs.Add(a.QuotePos, "quote has no words: quote at least %d consecutive words of the source", MinSegmentWords)
		return false
	}
	for _, seg := range segs {
		if Words(seg) < MinSegmentWords {
			what := "quote"
			if len(segs) > 1 {
				what = fmt.Sprintf("part %q of the quote", seg)
			}
			errs.Add(a.QuotePos, "%s is shorter than %d words: a quote, and each part an ellipsis leaves between omissions, must be at least %d consecutive words of the source", what, MinSegmentWords, MinSegmentWords)
			return false
		}
	}
	return true
}

// closest returns the capture's passage that shares most words with quote.
func (c *capture) closest(quote string) string {
	q := strings.Fields(Normalize(quote))
	for i := range q {
		q[i] = wordKey(q[i])
	}
	n := len(q)
	if n == 0 || len(c.words) == 0 {
		return ""
	}
	want := map[string]int{}
	for _, w := range q {
		want[w]++
	}
	// Score a window by the quote's words it holds, then, to break ties,
	// by how many sit where the quote has them.
	best, bestScore, bestAligned := 0, -1, -1
	for i := 0; i < len(c.words); i++ {
		have := map[string]int{}
		score, aligned := 0, 0
		for j := i; j < i+n && j < len(c.words); j++ {
			w := wordKey(Normalize(c.words[j]))
			if have[w] < want[w] {
				score++
			}
			if w == q[j-i] {
				aligned++
			}
			have[w]++
		}
		if score > bestScore || score == bestScore && aligned > bestAligned {
			best, bestScore, bestAligned = i, score, aligned
		}
	}
	end := min(best+n, len(c.words))
	return strings.Join(c.words[best:end], " ")
}

// wordKey compares words without their punctuation or case, so that a
// quote's first word still lines up with the capture's “Word.
func wordKey(w string) string {
	return strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }))
}

// Sentence is the account pages carry, in the words of l: it names no
// folder, so the output does not depend on where the captures sit.
func (s Summary) Sentence(l *labels.Table) string {
	switch {
	case s.Quotes == 0:
		return l.Get("verification.none")
	case s.Dir == "":
		return l.Format("verification.unavailable", "n", s.Quotes)
	case s.Verified == s.Quotes:
		return l.Format("verification.all", "n", s.Quotes)
	}
	return l.Format("verification.some", "verified", s.Verified, "n", s.Quotes)
}

// String is the build's one-line account of verification.
func (s Summary) String() string {
	switch {
	case s.Quotes == 0:
		return "no quotes to verify"
	case s.Dir == "" && s.Missing != "":
		return fmt.Sprintf("%s not re-verified: captures folder %s not found", quotes(s.Quotes), s.Missing)
	case s.Dir == "":
		return fmt.Sprintf("%s not re-verified: no captures folder given", quotes(s.Quotes))
	}
	return fmt.Sprintf("%d of %s verified against %s in %s", s.Verified, quotes(s.Quotes), diag.Plural(s.Captures, "capture"), s.Dir)
}

// quotes says "1 quote" or "N quotes".
func quotes(n int) string { return diag.Plural(n, "quote") }

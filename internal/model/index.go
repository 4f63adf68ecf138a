package model

import (
	"github.com/dossier-ssg/dossier/internal/diag"
)

// Index builds the lookup maps and attaches each annotation and relation to
// its target. It reports IDs defined twice; references to IDs that do not
// exist are left for the check stage, which reports them all at once.
func (d *Dossier) Index() diag.List {
	var errs diag.List
	d.OriginByID = map[string]*Origin{}
	d.QuestionByID = map[string]*Question{}
	d.ClaimByID = map[string]*Claim{}
	d.SourceByID = map[string]*Source{}
	for _, o := range d.Origins {
		if prev, dup := d.OriginByID[o.ID]; dup {
			errs.Add(o.Pos, "origin %q is already defined at %s; IDs must be unique", o.ID, prev.Pos)
			continue
		}
		d.OriginByID[o.ID] = o
	}
	for _, q := range d.Questions {
		if prev, dup := d.QuestionByID[q.ID]; dup {
			errs.Add(q.Pos, "question %q is already defined at %s; IDs must be unique", q.ID, prev.Pos)
			continue
		}
		d.QuestionByID[q.ID] = q
	}
	for _, c := range d.Claims {
		if prev, dup := d.ClaimByID[c.ID]; dup {
			errs.Add(c.Pos, "claim %q is already defined at %s; IDs must be unique", c.ID, prev.Pos)
			continue
		}
		d.ClaimByID[c.ID] = c
	}
	for _, s := range d.Sources {
		d.SourceByID[s.ID] = s // file names are unique within content/
	}
	// Sources arrive sorted by ID, so annotations attach in a stable order.
	for _, s := range d.Sources {
		for _, a := range s.Annotations {
			if c := d.ClaimByID[a.Claim]; c != nil {
				c.Annotations = append(c.Annotations, a)
			}
			if q := d.QuestionByID[a.Question]; q != nil {
				q.Annotations = append(q.Annotations, a)
			}
		}
	}
	for _, c := range d.Claims {
		for _, r := range c.Related {
			if t := d.ClaimByID[r.To]; t != nil && d.ClaimByID[c.ID] == c {
				t.Inverse = append(t.Inverse, r)
			}
		}
	}
	return errs
}

// OriginChain follows what an annotation relays back to its first origin.
// The chain starts with the source itself; an annotation without "via" is
// the source's own reporting and its chain has one element. When the
// statement comes via another source of the dossier, the chain goes on
// through that source's own annotation of the same claim or question, so
// a source that repeats a source that repeats an agency rests on the
// agency, not on the middle source.
func (d *Dossier) OriginChain(a *Annotation) []string {
	chain := []string{"source:" + a.Source.ID}
	seen := map[*Annotation]bool{a: true}
	for {
		via := d.Via(a)
		s := d.SourceByID[via]
		if s == nil || d.OriginByID[via] != nil {
			break
		}
		chain = append(chain, "source:"+s.ID)
		next := s.annotationOf(a.Claim, a.Question)
		if next == nil || d.Via(next) == "" || seen[next] {
			return chain
		}
		seen[next] = true
		a = next
	}
	up, _ := d.Upstream(d.Via(a))
	for _, o := range up {
		chain = append(chain, "origin:"+o.ID)
	}
	return chain
}

// Via is what an annotation's statement comes through: its via: when set;
// for a republication of a single source of the dossier, that source,
// since a republication says nothing of its own; otherwise "", the
// source's own reporting.
func (d *Dossier) Via(a *Annotation) string {
	if a.Via != "" || a.Source.Kind != "republication" {
		return a.Via
	}
	of := ""
	for _, r := range a.Source.Relays {
		if r.Source == "" || d.SourceByID[r.Source] == nil {
			continue
		}
		if of != "" {
			return "" // republishes several: which one says what, only via: can tell
		}
		of = r.Source
	}
	return of
}

// annotationOf returns the source's annotation of a claim or question.
func (s *Source) annotationOf(claim, question string) *Annotation {
	for _, a := range s.Annotations {
		if a.Claim == claim && a.Question == question {
			return a
		}
	}
	return nil
}

// Upstream follows an origin through what it relays: the origin id itself,
// then the one it relays, and so on, stopping at an unknown ID. It stops at
// the first origin seen twice and reports the cycle, so every caller gets a
// finite chain from the one walk.
func (d *Dossier) Upstream(id string) (chain []*Origin, cycle bool) {
	seen := map[string]bool{}
	for o := d.OriginByID[id]; o != nil; o = d.OriginByID[o.Relays] {
		if seen[o.ID] {
			return chain, true
		}
		seen[o.ID] = true
		chain = append(chain, o)
	}
	return chain, false
}

package model

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// Index builds the lookup maps, attaches each annotation to its claim, each
// answer to its claim and each relation to its target, and works out every
// annotation's chain of origins once. It reports an ID given to two things,
// and the problems that leave a chain with no first origin; references to
// IDs that do not exist are left for the check stage, which reports them
// all at once.
func (d *Dossier) Index() diag.List {
	var errs diag.List
	d.reset()
	d.IDs = map[string]Ref{}
	d.OriginByID = map[string]*Origin{}
	d.QuestionByID = map[string]*Question{}
	d.ClaimByID = map[string]*Claim{}
	d.SourceByID = map[string]*Source{}
	where := map[string]Pos{}
	define := func(id string, kind Kind, pos Pos) bool {
		if id == ViaOwn {
			errs.Add(pos, "%q cannot be an ID: via: %s marks a source's own reporting; choose another ID", id, ViaOwn)
			return false
		}
		if prev, dup := d.IDs[id]; dup {
			if prev.Kind == kind {
				errs.Add(pos, "%s %q is already defined at %s; IDs must be unique", kind, id, where[id])
			} else {
				// One namespace, so via: and links can never mean two things:
				// both places are told.
				errs.Add(pos, "%s %q has the same ID as the %s at %s; every ID names one thing: rename one of them", kind, id, prev.Kind, where[id])
				errs.Add(where[id], "%s %q has the same ID as the %s at %s; every ID names one thing: rename one of them", prev.Kind, id, kind, pos)
			}
			return false
		}
		d.IDs[id] = Ref{kind, id}
		where[id] = pos
		return true
	}
	// Sources first: a file name is the most expensive ID to change, so
	// messages point at the other thing as the duplicate.
	for _, s := range d.Sources {
		if define(s.ID, KindSource, s.Pos) {
			d.SourceByID[s.ID] = s
		}
	}
	for _, o := range d.Origins {
		if define(o.ID, KindOrigin, o.Pos) {
			d.OriginByID[o.ID] = o
		}
	}
	for _, q := range d.Questions {
		if define(q.ID, KindQuestion, q.Pos) {
			d.QuestionByID[q.ID] = q
		}
	}
	for _, c := range d.Claims {
		if define(c.ID, KindClaim, c.Pos) {
			d.ClaimByID[c.ID] = c
		}
	}
	// Sources arrive sorted by ID, so annotations attach in a stable order.
	for _, s := range d.Sources {
		for _, a := range s.Annotations {
			if c := d.ClaimByID[a.Claim]; c != nil {
				a.Target = c
				c.Annotations = append(c.Annotations, a)
			}
		}
	}
	for _, q := range d.Questions {
		if d.QuestionByID[q.ID] != q {
			continue
		}
		for _, ans := range q.Answers {
			if c := d.ClaimByID[ans.Claim]; c != nil {
				ans.Target = c
				if ans.Label == "" {
					ans.Label = c.Statement
				}
				c.Answers = append(c.Answers, q)
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
	r := resolver{d: d, errs: &errs, state: map[*Annotation]uint8{}}
	for _, s := range d.Sources {
		for _, a := range s.Annotations {
			r.chain(a)
		}
	}
	return errs
}

// reset clears everything Index and the later stages derive, so that a
// dossier whose parsed parts are reused (the preview's cache) is indexed as
// if read afresh. What verify found (Annotation.Check) is its own to keep.
func (d *Dossier) reset() {
	for _, c := range d.Claims {
		c.Annotations, c.Inverse, c.Answers, c.Assessment = nil, nil, nil, nil
	}
	for _, q := range d.Questions {
		q.Assessment = nil
		for _, a := range q.Answers {
			a.Target = nil
		}
	}
	for _, s := range d.Sources {
		for _, a := range s.Annotations {
			a.Target, a.Chain = nil, nil
		}
	}
}

// resolver works out annotations' chains, each once: a chain that goes
// through another source's annotation reuses that annotation's chain, so
// the whole dossier costs one pass.
type resolver struct {
	d     *Dossier
	errs  *diag.List
	state map[*Annotation]uint8 // 1: being worked out, 2: done
}

func (r *resolver) chain(a *Annotation) []Ref {
	switch r.state[a] {
	case 2:
		return a.Chain
	case 1:
		return nil // a cycle: reported where it closes
	}
	r.state[a] = 1
	self := Ref{KindSource, a.Source.ID}
	a.Chain = []Ref{self}
	via, ok := r.via(a)
	switch {
	case !ok || via == (Ref{}):
	case via.Kind == KindOrigin:
		up, _ := r.d.Upstream(via.ID)
		for _, o := range up {
			a.Chain = append(a.Chain, Ref{KindOrigin, o.ID})
		}
	case via.Kind == KindSource:
		next := r.d.SourceByID[via.ID].AnnotationOf(a.Claim)
		rest := r.chain(next)
		if rest == nil {
			r.errs.Add(r.viaPos(a), "via %q leads in a circle back to %q: sources that relay %s from each other leave it with no first origin; write via: %s on the one that reported it first", via.ID, a.Source.ID, a.Claim, ViaOwn)
			break
		}
		a.Chain = append(a.Chain, rest...)
	}
	r.state[a] = 2
	return a.Chain
}

// via resolves what an annotation's statement comes through: a relayed
// origin or source, or the zero Ref for the source's own reporting. It
// reports what cannot be resolved; ok is false then.
func (r *resolver) via(a *Annotation) (Ref, bool) {
	d, s := r.d, a.Source
	switch a.Via {
	case ViaOwn:
		return Ref{}, true
	case "":
		if of := s.republishes(d); of != "" {
			orig := d.SourceByID[of].AnnotationOf(a.Claim)
			switch {
			case orig == nil:
				r.errs.Add(a.Pos, "%s republishes %s, so this statement rests on it, but %s says nothing about %s: annotate the claim in %s, or write via: %s if the republication adds it", s.ID, of, of, a.Claim, d.SourceByID[of].Path, ViaOwn)
				return Ref{}, false
			case !restsOn(a.Stance, orig.Stance):
				r.errs.Add(a.Pos, "%s republishes %s, which %s %s, but this annotation %s it: a republication says what it republishes, no more and nothing else; check both stances", s.ID, of, orig.Stance, a.Claim, a.Stance)
				return Ref{}, false
			}
			return Ref{KindSource, of}, true
		}
		if len(s.Relays) > 0 {
			// A source that relays others could have this statement from
			// any of them: a forgotten via: would count a reprint as
			// independent reporting, so it must be said either way.
			r.errs.Add(a.Pos, "%s relays %s: say what this statement rests on, via: one of those or via: %s for the source's own reporting", s.ID, s.relayList(), ViaOwn)
			return Ref{}, false
		}
		return Ref{}, true
	}
	ref, known := d.IDs[a.Via]
	switch {
	case !known || ref.Kind == KindClaim || ref.Kind == KindQuestion:
		return Ref{}, false // check reports it, with a suggestion
	case !s.relaysRef(d, ref):
		r.errs.Add(r.viaPos(a), "via %q is not something %s relays; add it under relays: first, or write via: %s for its own reporting", a.Via, s.ID, ViaOwn)
		return Ref{}, false
	case ref.Kind == KindSource && d.SourceByID[ref.ID].AnnotationOf(a.Claim) == nil:
		// The relayed source cannot be where the statement comes from.
		r.errs.Add(r.viaPos(a), "via %q, but %s says nothing about %s: annotate the claim in %s, or name what this source really rests on", ref.ID, ref.ID, a.Claim, d.SourceByID[ref.ID].Path)
		return Ref{}, false
	case ref.Kind == KindSource && !restsOn(a.Stance, d.SourceByID[ref.ID].AnnotationOf(a.Claim).Stance):
		// It would be counted on both sides of a dispute, or as backing
		// from a source that takes no side.
		r.errs.Add(r.viaPos(a), "via %q, but %s %s %s while this source %s it: a statement that takes a side rests only on a source that takes the same; check both stances, or name what this one really rests on", ref.ID, ref.ID, d.SourceByID[ref.ID].AnnotationOf(a.Claim).Stance, a.Claim, a.Stance)
		return Ref{}, false
	}
	return ref, true
}

// restsOn reports whether a statement of stance a can rest on a source of
// stance b: one that supports or disputes only on a source that says the
// same (a support resting on a mere mention would count an origin that
// takes no side as backing); a hedge or a mention on any.
func restsOn(a, b Stance) bool {
	return a != Supports && a != Disputes || a == b
}

func (r *resolver) viaPos(a *Annotation) Pos {
	if a.ViaPos.File != "" {
		return a.ViaPos
	}
	return a.Pos
}

// republishes is the one source of the dossier a republication repeats, or
// "": a republication says nothing of its own, so its annotations rest on
// that source unless they say otherwise.
func (s *Source) republishes(d *Dossier) string {
	if s.Kind != "republication" {
		return ""
	}
	of := ""
	for _, r := range s.Relays {
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

// relaysRef reports whether s relays ref: directly, or, for an origin,
// through the chain of an origin it relays, so a source that relays an
// agency may attribute a statement to what the agency itself relays.
func (s *Source) relaysRef(d *Dossier, ref Ref) bool {
	for _, r := range s.Relays {
		if ref.Kind == KindSource && r.Source == ref.ID {
			return true
		}
		if ref.Kind != KindOrigin || r.Origin == "" {
			continue
		}
		up, _ := d.Upstream(r.Origin)
		for _, o := range up {
			if o.ID == ref.ID {
				return true
			}
		}
	}
	return false
}

func (s *Source) relayList() string {
	var ids []string
	for _, r := range s.Relays {
		ids = append(ids, r.Origin+r.Source)
	}
	if len(ids) > 4 {
		ids = append(ids[:4], "…")
	}
	return strings.Join(ids, ", ")
}

// AnnotationOf returns the source's annotation of a claim, or nil.
func (s *Source) AnnotationOf(claim string) *Annotation {
	for _, a := range s.Annotations {
		if a.Claim == claim {
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

// Name is how readers see what a reference names: an origin's name, a
// source's outlet (or title when the outlet is not known), a claim's
// statement, a question's text.
func (d *Dossier) Name(r Ref) string {
	switch r.Kind {
	case KindOrigin:
		if o := d.OriginByID[r.ID]; o != nil {
			return o.Name
		}
	case KindSource:
		if s := d.SourceByID[r.ID]; s != nil {
			return s.Name()
		}
	case KindClaim:
		if c := d.ClaimByID[r.ID]; c != nil {
			return c.Statement
		}
	case KindQuestion:
		if q := d.QuestionByID[r.ID]; q != nil {
			return q.Text
		}
	}
	return r.ID
}

// Name is how a verdict's reason names a source: its outlet when known.
func (s *Source) Name() string {
	if s.Outlet != "" {
		return s.Outlet
	}
	return s.Title
}

// Independent is the key by which first origins count as independent:
// the origin itself, or for a source's own reporting its outlet, since two
// articles of one newsroom are not independent of each other. An origin
// that is an outlet or a news agency counts as that newsroom, so Yonhap
// named as an origin and an article of Yonhap's own are one origin.
func (d *Dossier) Independent(r Ref) string {
	switch r.Kind {
	case KindSource:
		if s := d.SourceByID[r.ID]; s != nil && s.Outlet != "" {
			return "outlet:" + outletKey(s.Outlet)
		}
	case KindOrigin:
		if o := d.OriginByID[r.ID]; o != nil && (o.Kind == "outlet" || o.Kind == "agency") {
			return "outlet:" + outletKey(o.Name)
		}
	}
	return r.String()
}

// outletKey folds the ways one outlet's name is written: case, spacing and
// Unicode form.
func outletKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(name)), " "))
}

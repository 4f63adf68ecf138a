// Package check finds every problem in a loaded dossier that a single file
// cannot reveal on its own: references to IDs that do not exist, relays that
// go nowhere, unsafe URLs, quotes too long to be fair use; and warns about
// what is legal but suspicious: claims no source speaks to, origins nobody
// relays, claims that support each other in a circle.
package check

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
)

// MaxQuoteWords is the longest quote a dossier may take from a source: quotes
// are evidence, not copies.
const MaxQuoteWords = 40

var hexRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Dossier reports every cross-reference problem in d.
func Dossier(d *model.Dossier) diag.List {
	var errs diag.List
	claimIDs := keys(d.ClaimByID)
	originIDs := keys(d.OriginByID)
	sourceIDs := keys(d.SourceByID)

	if d.BaseURL != "" {
		if why := BaseURLProblem(d.BaseURL); why != "" {
			errs.Add(d.BaseURLPos, "base_url %q must be an absolute http(s) URL such as https://user.github.io/repo/: %s", ShownURL(d.BaseURL), why)
		}
	}
	if u := d.Publisher.URL; u != "" && !SafeURL(u) {
		errs.Add(d.Publisher.URLPos, "publisher url %q must be an absolute http(s) URL such as https://example.org/", u)
	}
	for _, o := range d.Origins {
		if o.Relays == "" {
			continue
		}
		if d.OriginByID[o.Relays] == nil {
			if d.Partial {
				continue
			}
			errs.Add(o.Pos, "origin %q relays unknown origin %q%s", o.ID, o.Relays, orDefine(o.Relays, originIDs, "origins"))
			continue
		}
		// A cycle would leave a statement with no first origin.
		if _, cycle := d.Upstream(o.ID); cycle {
			errs.Add(o.Pos, "origin %q relays itself through a cycle; an origin chain must end", o.ID)
		}
	}
	for _, q := range d.Questions {
		if len(q.Answers) == 0 {
			errs.Warn(q.Pos, "question %q lists no answers, so no source can speak to it: add answers: with the claims that answer it", q.ID)
		}
		seen := map[string]bool{}
		for _, ans := range q.Answers {
			switch {
			case d.ClaimByID[ans.Claim] == nil:
				errs.Add(ans.Pos, "answer claim %q does not exist%s", ans.Claim, orDefine(ans.Claim, claimIDs, "claims"))
			case seen[ans.Claim]:
				errs.Add(ans.Pos, "claim %q is already an answer of question %q; list it once", ans.Claim, q.ID)
			}
			seen[ans.Claim] = true
		}
	}
	for _, c := range d.Claims {
		checkOverride(c.Override, &errs)
		for _, r := range c.Related {
			switch {
			case r.To == c.ID:
				errs.Add(r.Pos, "claim %q is related to itself", c.ID)
			case d.ClaimByID[r.To] == nil && !d.Partial:
				errs.Add(r.Pos, "related claim %q does not exist%s", r.To, orDefine(r.To, claimIDs, "claims"))
			}
		}
		if len(c.Annotations) == 0 && d.ClaimByID[c.ID] == c && !d.Partial {
			errs.Warn(c.Pos, "no source speaks to claim %q, so its verdict can only be no-evidence: annotate it in a source, or remove it", c.ID)
		}
	}
	relationCycles(d, &errs)
	used := usedOrigins(d)
	for _, o := range d.Origins {
		if !used[o.ID] && d.OriginByID[o.ID] == o && !d.Partial {
			errs.Warn(o.Pos, "no source relays origin %q: add it under a source's relays:, or remove it", o.ID)
		}
	}
	for _, s := range d.Sources {
		if s.URL != "" && !SafeURL(s.URL) {
			errs.Add(s.URLPos, "url %q must be an absolute http or https URL", s.URL)
		}
		if s.Capture.SHA256 != "" && !hexRE.MatchString(s.Capture.SHA256) {
			errs.Add(s.Capture.SHAPos, "capture sha256 must be 64 lower-case hex digits; compute it with: sha256sum FILE")
		}
		if s.Kind == "republication" && len(s.Relays) == 0 {
			// Otherwise its words would count as its own reporting, a
			// reprint as independent corroboration.
			errs.Add(s.Pos, "%s is a republication but names nothing it republishes: add relays: with the source it republishes (source: ID), or an origin for an original outside the dossier", s.ID)
		}
		for _, r := range s.Relays {
			ref, known := d.IDs[r.Origin+r.Source]
			switch {
			case known && r.Origin != "" && ref.Kind == model.KindSource:
				errs.Add(r.Pos, "%q is a source, not an origin: relay it with source: %s", r.Origin, r.Origin)
			case known && r.Source != "" && ref.Kind == model.KindOrigin:
				errs.Add(r.Pos, "%q is an origin, not a source: relay it with origin: %s", r.Source, r.Source)
			case r.Origin != "" && d.OriginByID[r.Origin] == nil && !d.Partial:
				errs.Add(r.Pos, "relayed origin %q does not exist%s", r.Origin, orDefine(r.Origin, originIDs, "origins"))
			case r.Source == s.ID:
				errs.Add(r.Pos, "source %q cannot relay itself", s.ID)
			case r.Source != "" && d.SourceByID[r.Source] == nil:
				errs.Add(r.Pos, "relayed source %q does not exist%s", r.Source, orDefine(r.Source, sourceIDs, "content"))
			}
		}
		seen := map[string]*model.Annotation{}
		for _, a := range s.Annotations {
			if a.Question != "" {
				errs.Add(a.Pos, "a source speaks to a question through the claims that answer it: annotate %s instead of question %q", answersOf(d, a.Question), a.Question)
				continue
			}
			if a.Answer != "" {
				errs.Add(a.Pos, "\"answer\" belongs to a question's answers: list the claim under the question's answers: in dossier.yaml, with its label")
			}
			// When dossier.yaml did not parse whole, its claims are
			// unknown and its own error says why.
			if a.Claim != "" && d.ClaimByID[a.Claim] == nil && !d.Partial {
				errs.Add(a.ClaimPos, "claim %q does not exist%s", a.Claim, orDefine(a.Claim, claimIDs, "claims"))
			}
			if prev := seen[a.Claim]; prev != nil {
				errs.Add(a.Pos, "source %q already annotates %s at %s; one annotation per source and claim (pick the strongest quote)", s.ID, a.Claim, prev.Pos)
			}
			seen[a.Claim] = a
			if a.Via != "" && a.Via != model.ViaOwn {
				ref, ok := d.IDs[a.Via]
				switch {
				case !ok:
					if !d.Partial {
						errs.Add(a.ViaPos, "via %q names nothing in the dossier%s", a.Via, orDefine(a.Via, append(originIDs, sourceIDs...), "origins"))
					}
				case ref.Kind != model.KindOrigin && ref.Kind != model.KindSource:
					errs.Add(a.ViaPos, "via %q is a %s: via: names the origin or source a statement rests on, or %s", a.Via, ref.Kind, model.ViaOwn)
				}
			}
			if n := len(strings.Fields(a.Quote)); n > MaxQuoteWords {
				errs.Add(a.QuotePos, "quote is %d words; keep quotes to %d words or fewer and summarise the rest", n, MaxQuoteWords)
			}
		}
	}
	return errs
}

// answersOf names the claims that answer question id, for messages.
func answersOf(d *model.Dossier, id string) string {
	q := d.QuestionByID[id]
	if q == nil || len(q.Answers) == 0 {
		return "the claim it answers (list it under the question's answers: in dossier.yaml)"
	}
	var ids []string
	for _, a := range q.Answers {
		ids = append(ids, a.Claim)
	}
	return "one of " + strings.Join(ids, ", ")
}

// usedOrigins are the origins some source relays, with everything they
// relay in turn.
func usedOrigins(d *model.Dossier) map[string]bool {
	used := map[string]bool{}
	for _, s := range d.Sources {
		for _, r := range s.Relays {
			up, _ := d.Upstream(r.Origin)
			for _, o := range up {
				used[o.ID] = true
			}
		}
	}
	return used
}

// relationCycles warns about claims that support, or depend on, each other
// in a circle: each is then only as good as the others, which is no
// support at all.
func relationCycles(d *model.Dossier, errs *diag.List) {
	for _, kind := range []string{"supports", "depends-on"} {
		next := map[*model.Claim][]*model.Relation{}
		for _, c := range d.Claims {
			for _, r := range c.Related {
				if r.Kind == kind && d.ClaimByID[r.To] != nil && r.To != c.ID {
					next[c] = append(next[c], r)
				}
			}
		}
		// Depth-first search, colouring claims; a relation that reaches a
		// claim still on the stack closes a cycle.
		state := map[*model.Claim]uint8{}
		var stack []string
		var visit func(c *model.Claim)
		visit = func(c *model.Claim) {
			state[c] = 1
			stack = append(stack, c.ID)
			for _, r := range next[c] {
				t := d.ClaimByID[r.To]
				switch state[t] {
				case 0:
					visit(t)
				case 1:
					i := slices.Index(stack, t.ID)
					cycle := append(slices.Clone(stack[i:]), t.ID)
					errs.Warn(r.Pos, "claims %s each other in a circle (%s): none of them can back the others; drop one of these relations", verbOf(kind), strings.Join(cycle, " → "))
				}
			}
			stack = stack[:len(stack)-1]
			state[c] = 2
		}
		for _, c := range d.Claims {
			if state[c] == 0 {
				visit(c)
			}
		}
	}
}

func verbOf(kind string) string {
	if kind == "depends-on" {
		return "depend on"
	}
	return "support"
}

// orDefine suggests the likely ID, or says where a missing one is defined.
func orDefine(id string, ids []string, list string) string {
	if s := diag.DidYouMean(id, ids); s != "" {
		return s
	}
	if list == "content" {
		return fmt.Sprintf("; add content/%s.md or fix the ID", id)
	}
	return fmt.Sprintf("; define it under %s: in dossier.yaml or fix the ID", list)
}

func checkOverride(o *model.Override, errs *diag.List) {
	if o == nil {
		return
	}
	if now, ok := model.OldVerdicts[o.Verdict]; ok {
		errs.Warn(o.Pos, "verdict %q is now called %q: it counts origins, not sources; rename it", o.Verdict, now)
		o.Verdict = string(now)
	}
	if _, ok := model.Verdict(o.Verdict).Info(); !ok {
		errs.Add(o.Pos, "verdict %q is not one of: %s%s", o.Verdict, strings.Join(model.VerdictNames(), ", "), diag.DidYouMean(o.Verdict, model.VerdictNames()))
	}
	if len(strings.Fields(o.Rationale)) < 3 {
		errs.Add(o.Pos, "an overridden verdict needs a rationale of at least a sentence saying why the evidence is read differently")
	}
}

// SafeURL reports whether u is an absolute http or https URL, the only kind a
// dossier links to outside itself.
func SafeURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

func keys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for id := range m {
		k = append(k, id)
	}
	slices.Sort(k)
	return k
}

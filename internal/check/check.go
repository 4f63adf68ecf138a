// Package check finds every problem in a loaded dossier that a single file
// cannot reveal on its own: references to IDs that do not exist, relays that
// go nowhere, unsafe URLs, quotes too long to be fair use.
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
	questionIDs := keys(d.QuestionByID)
	originIDs := keys(d.OriginByID)
	sourceIDs := keys(d.SourceByID)

	if d.BaseURL != "" {
		if u, err := url.Parse(d.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs.Add(d.BaseURLPos, "base_url %q must be an absolute http(s) URL such as https://user.github.io/repo/", d.BaseURL)
		}
	}
	for _, o := range d.Origins {
		if o.Relays == "" {
			continue
		}
		if d.OriginByID[o.Relays] == nil {
			errs.Add(o.Pos, "origin %q relays unknown origin %q%s", o.ID, o.Relays, orDefine(o.Relays, originIDs, "origins"))
			continue
		}
		// A cycle would leave a statement with no first origin.
		if _, cycle := d.Upstream(o.ID); cycle {
			errs.Add(o.Pos, "origin %q relays itself through a cycle; an origin chain must end", o.ID)
		}
	}
	for _, q := range d.Questions {
		checkOverride(q.Override, &errs)
	}
	for _, c := range d.Claims {
		checkOverride(c.Override, &errs)
		for _, r := range c.Related {
			switch {
			case r.To == c.ID:
				errs.Add(r.Pos, "claim %q is related to itself", c.ID)
			case d.ClaimByID[r.To] == nil:
				errs.Add(r.Pos, "related claim %q does not exist%s", r.To, orDefine(r.To, claimIDs, "claims"))
			}
		}
	}
	for _, s := range d.Sources {
		if s.URL != "" && !SafeURL(s.URL) {
			errs.Add(s.URLPos, "url %q must be an absolute http or https URL", s.URL)
		}
		if s.Capture.SHA256 != "" && !hexRE.MatchString(s.Capture.SHA256) {
			errs.Add(s.Capture.SHAPos, "capture sha256 must be 64 lower-case hex digits; compute it with: sha256sum FILE")
		}
		relayed := map[string]bool{}
		for _, r := range s.Relays {
			switch {
			case r.Origin != "" && d.OriginByID[r.Origin] == nil:
				errs.Add(r.Pos, "relayed origin %q does not exist%s", r.Origin, orDefine(r.Origin, originIDs, "origins"))
			case r.Source == s.ID:
				errs.Add(r.Pos, "source %q cannot relay itself", s.ID)
			case r.Source != "" && d.SourceByID[r.Source] == nil:
				errs.Add(r.Pos, "relayed source %q does not exist%s", r.Source, orDefine(r.Source, sourceIDs, "content"))
			}
			relayed[r.Origin+r.Source] = true
		}
		seen := map[string]*model.Annotation{}
		for _, a := range s.Annotations {
			switch {
			case a.Claim != "" && d.ClaimByID[a.Claim] == nil:
				errs.Add(a.Pos, "claim %q does not exist%s", a.Claim, orDefine(a.Claim, claimIDs, "claims"))
			case a.Question != "" && d.QuestionByID[a.Question] == nil:
				errs.Add(a.Pos, "question %q does not exist%s", a.Question, orDefine(a.Question, questionIDs, "questions"))
			}
			key := "claim:" + a.Claim + "question:" + a.Question
			if prev := seen[key]; prev != nil {
				errs.Add(a.Pos, "source %q already annotates %s at %s; one annotation per source and target (pick the strongest quote)", s.ID, a.Target(), prev.Pos)
			}
			seen[key] = a
			if a.Via != "" && !relayed[a.Via] && !relaysVia(d, s, a.Via) {
				errs.Add(a.Pos, "via %q is not something this source relays; add it under relays: first", a.Via)
			} else if back := relayCycle(d.OriginChain(a)); back != "" {
				errs.Add(a.Pos, "via %q leads in a circle back to %q: sources that relay %s from each other leave it with no first origin; drop the via: of the one that reported it first", d.Via(a), back, a.Target())
			}
			if n := len(strings.Fields(a.Quote)); n > MaxQuoteWords {
				errs.Add(a.QuotePos, "quote is %d words; keep quotes to %d words or fewer and summarise the rest", n, MaxQuoteWords)
			}
		}
	}
	return errs
}

// relayCycle returns the source an origin chain comes back to, or "".
func relayCycle(chain []string) string {
	seen := map[string]bool{}
	for _, k := range chain {
		if seen[k] {
			return strings.TrimPrefix(k, "source:")
		}
		seen[k] = true
	}
	return ""
}

// relaysVia reports whether via is reachable through the chains of the
// origins the source relays, so a source that relays Yonhap may attribute a
// statement to what Yonhap itself relays.
func relaysVia(d *model.Dossier, s *model.Source, via string) bool {
	for _, r := range s.Relays {
		up, _ := d.Upstream(r.Origin)
		for _, o := range up {
			if o.ID == via {
				return true
			}
		}
	}
	return false
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

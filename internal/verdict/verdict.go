// Package verdict derives every claim's and question's verdict from the
// stances of the sources that speak to it, once, before anything is
// rendered. The rules live here and nowhere else; the method page prints
// Rules, and the tests hold each rule to its example.
//
// A verdict rates the sourcing of a statement (how many independent first
// origins stand behind it, and whether sources disagree), never its truth.
package verdict

import (
	"fmt"
	"strings"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
)

// Rule is one verdict rule as the method page shows it.
type Rule struct {
	Verdict model.Verdict
	When    string
}

// Rules are tried in order; the first that applies gives a claim's verdict.
var Rules = []Rule{
	{model.Disputed, "At least one source supports it and at least one disputes it."},
	{model.Contradicted, "Sources dispute it and none supports it."},
	{model.Corroborated, "Sources support it and, following what each relays back to its first origin, at least two independent origins remain; articles of one outlet count once."},
	{model.SingleOrigin, "Sources support it, but all of them rest on one origin: one source, several relaying the same statement or agency, or several articles of one outlet."},
	{model.Unclear, "Sources raise it but only hedge."},
	{model.NoEvidence, "No source takes a position (at most, sources mention the subject)."},
}

// QuestionRules say how a question's verdict follows from its answers.
var QuestionRules = []string{
	"A question's answers are claims, each with its own verdict; an answer counts as given when its claim is corroborated, single-origin or disputed.",
	"When at most one answer can be right, two given answers make the question disputed; one given answer gives the question that claim's verdict, the editor's included.",
	"When the answers are compatible (several can hold at once), the question takes the verdict of its best-backed answer, and each answer shows its own.",
	"When no answer is given, the question is contradicted if sources dispute an answer, unclear if they only hedge, and without evidence otherwise.",
}

// Sourcing is the sentence that says what verdicts rate, shown on the
// front page and in every verdict box.
const Sourcing = "Verdicts rate how a statement is sourced, how many independent origins back it and whether sources disagree, not whether it is true."

// Derive assesses every claim, then every question from its answers'
// claims, and stores the results in the model. It returns warnings about
// verdicts that look wrong together.
func Derive(d *model.Dossier) diag.List {
	var warns diag.List
	for _, c := range d.Claims {
		c.Assessment = Claim(d, c)
		if o := c.Assessment.Override; o != nil && model.Verdict(o.Verdict) == c.Assessment.Derived {
			warns.Warn(o.Pos, "the editor's verdict %q is what the rules give: remove the override, or correct the evidence it was meant to answer", o.Verdict)
		}
	}
	for _, q := range d.Questions {
		q.Assessment = Question(d, q)
	}
	for _, c := range d.Claims {
		for _, r := range c.Related {
			t := d.ClaimByID[r.To]
			if r.Kind != "same-as" || t == nil || t.Assessment == nil || c.Assessment == nil {
				continue
			}
			if v, w := c.Assessment.Verdict, t.Assessment.Verdict; v != w {
				warns.Warn(r.Pos, "claim %q is the same as %q, but %q is %s and %q is %s: annotate both alike, merge them, or relate them otherwise", c.ID, t.ID, c.ID, v, t.ID, w)
			}
		}
	}
	return warns
}

// Claim derives the assessment of c from its annotations.
func Claim(d *model.Dossier, c *model.Claim) *model.Assessment {
	a := &model.Assessment{Override: c.Override}
	for _, an := range c.Annotations {
		switch an.Stance {
		case model.Supports:
			a.Supports = append(a.Supports, an)
		case model.Disputes:
			a.Disputes = append(a.Disputes, an)
		case model.Hedges:
			a.Hedges = append(a.Hedges, an)
		default:
			a.Mentions = append(a.Mentions, an)
		}
	}
	a.Origins = Origins(d, a.Supports)
	a.DisputeOrigins = Origins(d, a.Disputes)
	sup, dis := len(a.Supports), len(a.Disputes)
	switch {
	case sup > 0 && dis > 0:
		a.Derived = model.Disputed
		a.Reason = fmt.Sprintf("Sources disagree: %s %s it (%s) and %s %s it (%s).",
			count(sup, "source"), verb(sup, "supports", "support"), originList(d, a.Origins),
			count(dis, "source"), verb(dis, "disputes", "dispute"), originList(d, a.DisputeOrigins))
	case dis > 0:
		a.Derived = model.Contradicted
		a.Reason = fmt.Sprintf("%s %s it (%s) and none supports it.", count(dis, "source"), verb(dis, "disputes", "dispute"), originList(d, a.DisputeOrigins))
	case sup > 0 && len(a.Origins) >= 2:
		a.Derived = model.Corroborated
		a.Reason = fmt.Sprintf("%s %s it, resting on %d independent origins: %s.", count(sup, "source"), verb(sup, "supports", "support"), len(a.Origins), names(d, a.Origins))
	case sup == 1:
		a.Derived = model.SingleOrigin
		if own := a.Supports[0].Origin() == (model.Ref{Kind: model.KindSource, ID: a.Supports[0].Source.ID}); own {
			a.Reason = fmt.Sprintf("One source supports it, on its own reporting: %s.", names(d, a.Origins))
		} else {
			a.Reason = fmt.Sprintf("One source (%s) supports it, resting on one origin: %s.", a.Supports[0].Source.Name(), names(d, a.Origins))
		}
	case sup > 1:
		a.Derived = model.SingleOrigin
		a.Reason = fmt.Sprintf("%s support it, but %s rest on one origin: %s. That is one origin repeated, not independent corroboration.", count(sup, "source"), all(sup), names(d, a.Origins))
	case len(a.Hedges) > 0:
		n := len(a.Hedges)
		a.Derived = model.Unclear
		a.Reason = fmt.Sprintf("%s %s it but only %s.", count(n, "source"), verb(n, "raises", "raise"), verb(n, "hedges", "hedge"))
	case len(a.Mentions) > 0:
		n := len(a.Mentions)
		a.Derived = model.NoEvidence
		a.Reason = fmt.Sprintf("%s %s the subject but none takes a position.", count(n, "source"), verb(n, "mentions", "mention"))
	default:
		a.Derived = model.NoEvidence
		a.Reason = "No source takes a position on it."
	}
	if n := len(a.Hedges); n > 0 && sup > 0 {
		a.Reason += fmt.Sprintf(" %s %s.", capital(count(n, "more source")), verb(n, "hedges", "hedge"))
	}
	a.Reason = capital(a.Reason)
	a.Verdict = a.Derived
	if c.Override != nil {
		a.Verdict = model.Verdict(c.Override.Verdict)
	}
	return a
}

// Question derives the assessment of q from the assessments of the claims
// that answer it, which Claim must have filled in.
func Question(d *model.Dossier, q *model.Question) *model.QuestionAssessment {
	qa := &model.QuestionAssessment{}
	speaks := map[*model.Source]bool{}
	var answers []*model.Answer
	for _, ans := range q.Answers {
		c := ans.Target
		if c == nil || c.Assessment == nil {
			continue
		}
		answers = append(answers, ans)
		for _, an := range c.Annotations {
			speaks[an.Source] = true
		}
		if c.Assessment.Verdict.Backed() {
			qa.Given = append(qa.Given, ans)
		}
	}
	qa.Silent = len(d.Sources) - len(speaks)
	switch {
	case len(qa.Given) >= 2 && !q.MultipleAnswers:
		qa.Verdict, qa.Derived = model.Disputed, model.Disputed
		var parts []string
		for _, ans := range qa.Given {
			parts = append(parts, fmt.Sprintf("“%s” (%s)", ans.Label, backing(d, ans.Target.Assessment)))
		}
		qa.Reason = "Sources give different answers, and at most one can be right: " + strings.Join(parts, "; ") + "."
	case len(qa.Given) >= 1:
		// The best-backed answer; among equals, one the rules back
		// without an editor, so the question is not marked as the
		// editor's when it need not be.
		best := qa.Given[0]
		for _, ans := range qa.Given[1:] {
			a, b := ans.Target.Assessment, best.Target.Assessment
			if a.Verdict.Rank() < b.Verdict.Rank() || a.Verdict == b.Verdict && a.Override == nil && b.Override != nil {
				best = ans
			}
		}
		ca := best.Target.Assessment
		qa.Verdict, qa.Derived, qa.Override = ca.Verdict, ca.Derived, ca.Override
		qa.Origins = ca.Origins
		if len(qa.Given) == 1 {
			qa.Reason = fmt.Sprintf("One answer is given, “%s”: %s", best.Label, lower(ca.Reason))
			break
		}
		var parts []string
		for _, ans := range qa.Given {
			parts = append(parts, fmt.Sprintf("“%s” is %s", ans.Label, backing(d, ans.Target.Assessment)))
		}
		qa.Reason = fmt.Sprintf("Sources give %d compatible answers: %s. The question takes the verdict of the best-backed answer.", len(qa.Given), strings.Join(parts, "; "))
	default:
		// No answer is given: the question takes the verdict of the
		// answer that comes closest, an editor's included.
		var disputed, hedged []string
		var closest *model.Answer
		for _, ans := range answers {
			a := ans.Target.Assessment
			switch {
			case a.Verdict == model.Contradicted:
				disputed = append(disputed, "“"+ans.Label+"”")
			case a.Verdict == model.Unclear:
				hedged = append(hedged, "“"+ans.Label+"”")
			}
			if closest == nil || a.Verdict.Rank() < closest.Target.Assessment.Verdict.Rank() {
				closest = ans
			}
		}
		qa.Derived = model.NoEvidence
		if closest != nil && closest.Target.Assessment.Verdict != model.NoEvidence {
			ca := closest.Target.Assessment
			qa.Verdict, qa.Derived, qa.Override = ca.Verdict, ca.Derived, ca.Override
		}
		switch {
		case qa.Override != nil:
			// The box shows the editor's rationale, then what the rules
			// give: the reason is the rules' account of that answer.
			qa.Reason = fmt.Sprintf("One answer is proposed, “%s”: %s", closest.Label, lower(closest.Target.Assessment.Reason))
		case len(disputed) > 0:
			qa.Reason = "No answer stands: sources dispute " + strings.Join(disputed, " and ") + "."
		case len(hedged) > 0:
			qa.Reason = "Sources raise " + strings.Join(hedged, " and ") + " but only hedge."
		default:
			qa.Reason = "No source gives an answer."
		}
		if qa.Override == nil {
			qa.Verdict = qa.Derived
		}
	}
	return qa
}

// backing says in a few words how an answer is backed: "corroborated by 2
// independent origins (A; B)", "single-origin (A)".
func backing(d *model.Dossier, a *model.Assessment) string {
	switch a.Verdict {
	case model.Corroborated:
		if a.Override == nil {
			return fmt.Sprintf("corroborated by %d independent origins: %s", len(a.Origins), names(d, a.Origins))
		}
		return "corroborated, by the editor's verdict"
	case model.SingleOrigin:
		if a.Override != nil {
			return "single-origin, by the editor's verdict"
		}
		return "single-origin: " + names(d, a.Origins)
	case model.Disputed:
		return "itself disputed"
	}
	return string(a.Verdict)
}

// Origins returns the distinct first origins of the annotations, in order
// of first appearance. Sources that report on their own count once per
// outlet: two articles of one newsroom are not independent of each other.
func Origins(d *model.Dossier, anns []*model.Annotation) []model.Ref {
	var roots []model.Ref
	seen := map[string]bool{}
	for _, a := range anns {
		root := a.Origin()
		if key := d.Independent(root); !seen[key] {
			seen[key] = true
			roots = append(roots, root)
		}
	}
	return roots
}

// originList says how many origins and which: "1 origin: Yonhap".
func originList(d *model.Dossier, refs []model.Ref) string {
	return diag.Plural(len(refs), "origin") + ": " + names(d, refs)
}

func names(d *model.Dossier, refs []model.Ref) string {
	var n []string
	for _, r := range refs {
		n = append(n, d.Name(r))
	}
	return strings.Join(n, "; ")
}

// number spells small numbers, as a sentence does.
func number(n int) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}

func count(n int, noun string) string {
	if n == 1 {
		return number(n) + " " + noun
	}
	return number(n) + " " + noun + "s"
}

func all(n int) string {
	if n == 2 {
		return "both"
	}
	return "all " + number(n)
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

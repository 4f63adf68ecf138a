// Package verdict derives a claim's or a question's verdict from the stances
// of the sources that speak to it. The rules live here and nowhere else; the
// method page prints Rules, and the tests hold each rule to its example.
package verdict

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dossier-ssg/dossier/internal/model"
)

// Rule is one verdict rule as the method page shows it.
type Rule struct {
	Verdict model.Verdict
	When    string
}

// Rules are tried in order; the first that applies gives the verdict.
var Rules = []Rule{
	{model.Disputed, "At least one source supports it and at least one disputes it (for a question: sources give different answers, unless the question allows several compatible answers)."},
	{model.Contradicted, "Sources dispute it and none supports it."},
	{model.Corroborated, "Sources support it and, following what each relays back to its first origin, at least two independent origins remain; articles of one outlet count once (for a question with several compatible answers: every answer has two)."},
	{model.SingleSource, "Sources support it but all of them rest on one origin: one source, several relaying the same statement or agency, or several articles of one outlet."},
	{model.Unclear, "Sources raise it but only hedge."},
	{model.NoEvidence, "No source takes a position (at most, sources mention the subject)."},
}

// Result is a verdict with the reason it was reached.
type Result struct {
	Verdict  model.Verdict // the verdict shown: the override's when there is one
	Derived  model.Verdict // what the rules give
	Reason   string        // one sentence, derived from the evidence
	Override *model.Override
	Origins  []string // independent first origins of the supporting sources, as display names
	Answer   string   // for questions: the answer, the compatible answers, or how sources differ
}

// Claim derives the verdict of c.
func Claim(d *model.Dossier, c *model.Claim) Result {
	return derive(d, c.Annotations, c.Override, false, false)
}

// Question derives the verdict of q.
func Question(d *model.Dossier, q *model.Question) Result {
	return derive(d, q.Annotations, q.Override, true, q.MultipleAnswers)
}

func derive(d *model.Dossier, anns []*model.Annotation, o *model.Override, question, multi bool) Result {
	var sup, dis, hed []*model.Annotation
	for _, a := range anns {
		switch a.Stance {
		case model.Supports:
			sup = append(sup, a)
		case model.Disputes:
			dis = append(dis, a)
		case model.Hedges:
			hed = append(hed, a)
		}
	}
	var answers []string
	if question {
		for _, a := range sup {
			if !slices.ContainsFunc(answers, func(s string) bool { return strings.EqualFold(s, a.Answer) }) {
				answers = append(answers, a.Answer)
			}
		}
	}
	r := Result{Override: o}
	switch {
	case multi && len(answers) > 1 && len(dis) == 0:
		r.Derived = model.Corroborated
		var parts []string
		for _, ans := range answers {
			group := slices.DeleteFunc(slices.Clone(sup), func(a *model.Annotation) bool { return !strings.EqualFold(a.Answer, ans) })
			roots := Roots(d, group)
			var names []string
			for _, root := range roots {
				names = append(names, Name(d, root))
			}
			basis := fmt.Sprintf("%d independent origins (%s)", len(roots), strings.Join(names, "; "))
			if len(roots) < 2 {
				r.Derived = model.SingleSource
				basis = "one origin (" + names[0] + ")"
			}
			parts = append(parts, fmt.Sprintf("“%s” rests on %s", ans, basis))
		}
		r.Answer = strings.Join(answers, "; ")
		r.Reason = fmt.Sprintf("Sources give %d compatible answers: %s.", len(answers), strings.Join(parts, "; "))
		if r.Derived == model.SingleSource {
			r.Reason += " At least one answer rests on a single origin."
		}
	case len(answers) > 1:
		r.Derived = model.Disputed
		var parts []string
		for _, ans := range answers {
			parts = append(parts, fmt.Sprintf("“%s” (%s)", ans, names(sup, func(a *model.Annotation) bool { return strings.EqualFold(a.Answer, ans) })))
		}
		r.Answer = "Sources differ: " + strings.Join(answers, " / ")
		r.Reason = "Sources give different answers: " + strings.Join(parts, "; ") + "."
	case len(sup) > 0 && len(dis) > 0:
		r.Derived = model.Disputed
		r.Reason = fmt.Sprintf("%s %s it, but %s %s it.", count(len(sup), "source"), verb(len(sup), "supports", "support"), count(len(dis), "source"), verb(len(dis), "disputes", "dispute"))
	case len(dis) > 0:
		r.Derived = model.Contradicted
		r.Reason = fmt.Sprintf("%s %s it and none supports it.", count(len(dis), "source"), verb(len(dis), "disputes", "dispute"))
	case len(sup) > 0:
		roots := Roots(d, sup)
		for _, root := range roots {
			r.Origins = append(r.Origins, Name(d, root))
		}
		if question {
			r.Answer = answers[0]
		}
		subject := "back it"
		if question {
			subject = fmt.Sprintf("answer “%s”", answers[0])
		}
		switch {
		case len(roots) >= 2:
			r.Derived = model.Corroborated
			r.Reason = fmt.Sprintf("%s %s, resting on %d independent origins: %s.", count(len(sup), "source"), subject, len(roots), strings.Join(r.Origins, "; "))
		case len(sup) == 1:
			r.Derived = model.SingleSource
			r.Reason = fmt.Sprintf("Only one source (%s) backs it.", names(sup, nil))
			if question {
				r.Reason = fmt.Sprintf("Only one source (%s) gives an answer: “%s”.", names(sup, nil), answers[0])
			}
		default:
			r.Derived = model.SingleSource
			r.Reason = fmt.Sprintf("%s %s, but all rest on one origin (%s): single origin, not independent corroboration.", count(len(sup), "source"), subject, r.Origins[0])
		}
	case len(hed) > 0:
		r.Derived = model.Unclear
		r.Reason = fmt.Sprintf("%s %s it but only %s.", count(len(hed), "source"), verb(len(hed), "raises", "raise"), verb(len(hed), "hedges", "hedge"))
	default:
		r.Derived = model.NoEvidence
		r.Reason = "No source takes a position on it."
		if len(anns) > 0 {
			r.Reason = fmt.Sprintf("%s %s the subject but none takes a position.", count(len(anns), "source"), verb(len(anns), "mentions", "mention"))
		}
	}
	r.Reason = strings.ToUpper(r.Reason[:1]) + r.Reason[1:]
	r.Verdict = r.Derived
	if o != nil {
		r.Verdict = model.Verdict(o.Verdict)
	}
	return r
}

// Roots returns the distinct first origins of the annotations, in order of
// first appearance: the last link of each one's relay chain. Sources that
// report on their own count once per outlet: two articles of one newsroom
// are not independent of each other.
func Roots(d *model.Dossier, anns []*model.Annotation) []string {
	var roots []string
	seen := map[string]bool{}
	for _, a := range anns {
		chain := d.OriginChain(a)
		root := chain[len(chain)-1]
		key := root
		if id, ok := strings.CutPrefix(root, "source:"); ok {
			if s := d.SourceByID[id]; s != nil && s.Outlet != "" {
				key = "outlet:" + strings.ToLower(strings.Join(strings.Fields(s.Outlet), " "))
			}
		}
		if !seen[key] {
			seen[key] = true
			roots = append(roots, root)
		}
	}
	return roots
}

// Name gives the display name of a chain element ("source:x" or "origin:y").
func Name(d *model.Dossier, key string) string {
	kind, id, _ := strings.Cut(key, ":")
	if kind == "origin" {
		if o := d.OriginByID[id]; o != nil {
			return o.Name
		}
	}
	if s := d.SourceByID[id]; s != nil {
		return SourceName(s)
	}
	return id
}

// SourceName is how a verdict's reason names a source: its outlet when known.
func SourceName(s *model.Source) string {
	if s.Outlet != "" {
		return s.Outlet
	}
	return s.Title
}

func names(anns []*model.Annotation, keep func(*model.Annotation) bool) string {
	var n []string
	for _, a := range anns {
		if keep == nil || keep(a) {
			n = append(n, SourceName(a.Source))
		}
	}
	return strings.Join(n, ", ")
}

func count(n int, noun string) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	w := fmt.Sprint(n)
	if n < len(words) {
		w = words[n]
	}
	if n == 1 {
		return w + " " + noun
	}
	return w + " " + noun + "s"
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Package verdict derives every claim's and question's verdict from the
// stances of the sources that speak to it, once, before anything is
// rendered. The rules live here and nowhere else; the method page prints
// Rules, and the tests hold each rule to its example. The words of each
// reason come from the dossier's labels.
//
// A verdict rates the sourcing of a statement (how many independent first
// origins stand behind it, and whether sources disagree), never its truth.
package verdict

import (
	"strings"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/model"
)

// Rule is one verdict rule as the method page shows it: the verdict, and
// the key of the label that says when it applies.
type Rule struct {
	Verdict model.Verdict
	When    string
}

// Rules are tried in order; the first that applies gives a claim's verdict.
var Rules = []Rule{
	{model.Disputed, "verdict.disputed.rule"},
	{model.Contradicted, "verdict.contradicted.rule"},
	{model.Corroborated, "verdict.corroborated.rule"},
	{model.SingleOrigin, "verdict.single-origin.rule"},
	{model.Unclear, "verdict.unclear.rule"},
	{model.NoEvidence, "verdict.no-evidence.rule"},
}

// QuestionRules are the keys of the labels that say how a question's
// verdict follows from its answers.
var QuestionRules = []string{"question-rule.given", "question-rule.exclusive", "question-rule.compatible", "question-rule.none"}

// Sourcing is the key of the sentence that says what verdicts rate, shown
// on the front page and in every verdict box.
const Sourcing = "verdict.rates"

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
	l := d.Labels
	sup, dis := len(a.Supports), len(a.Disputes)
	switch {
	case sup > 0 && dis > 0:
		a.Derived = model.Disputed
		a.Reason = l.Format("reason.disputed",
			"supporting", l.Format("reason.supporting", "n", sup), "support_origins", originList(d, a.Origins),
			"disputing", l.Format("reason.disputing", "n", dis), "dispute_origins", originList(d, a.DisputeOrigins))
	case dis > 0:
		a.Derived = model.Contradicted
		a.Reason = l.Format("reason.contradicted", "disputing", l.Format("reason.disputing", "n", dis), "dispute_origins", originList(d, a.DisputeOrigins))
	case sup > 0 && len(a.Origins) >= 2:
		a.Derived = model.Corroborated
		a.Reason = l.Format("reason.corroborated", "supporting", l.Format("reason.supporting", "n", sup), "n", len(a.Origins), "names", names(d, a.Origins))
	case sup == 1:
		a.Derived = model.SingleOrigin
		if own := a.Supports[0].Origin() == (model.Ref{Kind: model.KindSource, ID: a.Supports[0].Source.ID}); own {
			a.Reason = l.Format("reason.single-origin.own", "names", names(d, a.Origins))
		} else {
			a.Reason = l.Format("reason.single-origin.one", "source", a.Supports[0].Source.Name(), "names", names(d, a.Origins))
		}
	case sup > 1:
		a.Derived = model.SingleOrigin
		a.Reason = l.Format("reason.single-origin.many", "n", sup, "names", names(d, a.Origins))
	case len(a.Hedges) > 0:
		a.Derived = model.Unclear
		a.Reason = l.Format("reason.unclear", "n", len(a.Hedges))
	case len(a.Mentions) > 0:
		a.Derived = model.NoEvidence
		a.Reason = l.Format("reason.mentions", "n", len(a.Mentions))
	default:
		a.Derived = model.NoEvidence
		a.Reason = l.Get("reason.none")
	}
	if n := len(a.Hedges); n > 0 && sup > 0 {
		a.Reason += " " + labels.Capital(l.Format("reason.more-hedge", "n", n))
	}
	a.Reason = labels.Capital(a.Reason)
	a.Verdict = a.Derived
	if c.Override != nil {
		a.Verdict = model.Verdict(c.Override.Verdict)
	}
	return a
}

// Question derives a question's verdict from its answers' claims (which
// Claim must have assessed), as the editors' verdicts on them have it. It decides a second time by the rules
// alone (every claim at its derived verdict): where the two differ, or an
// answer's override carries over, the question is the editor's, and it
// says so: it carries the override that decided it, its Derived verdict is
// the rules' and its reason the rules' account, as a claim's are.
func Question(d *model.Dossier, q *model.Question) *model.QuestionAssessment {
	qa := decide(d, q, func(c *model.Claim) *model.Assessment { return c.Assessment })
	rules := decide(d, q, byRules)
	if qa.Override == nil && qa.Verdict == rules.Verdict {
		return qa
	}
	if qa.Override == nil {
		// The editor's verdict on an answer the question did not take
		// decided it all the same (one of two backed answers rated
		// no-evidence): the first override that moved an answer.
		for _, ans := range q.Answers {
			if ans.Target == nil {
				continue
			}
			if a := ans.Target.Assessment; a != nil && a.Override != nil && a.Verdict != a.Derived {
				qa.Override = a.Override
				break
			}
		}
	}
	qa.Derived, qa.Reason = rules.Verdict, rules.Reason
	return qa
}

// byRules is a claim's assessment as the rules alone give it.
func byRules(c *model.Claim) *model.Assessment {
	a := *c.Assessment
	a.Verdict, a.Override = a.Derived, nil
	return &a
}

// decide is Question by one view of the answers' claims: the editors'
// verdicts, or the rules'.
func decide(d *model.Dossier, q *model.Question, view func(*model.Claim) *model.Assessment) *model.QuestionAssessment {
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
		if view(c).Verdict.Backed() {
			qa.Given = append(qa.Given, ans)
		}
	}
	qa.Silent = len(d.Sources) - len(speaks)
	l := d.Labels
	switch {
	case len(qa.Given) >= 2 && !q.MultipleAnswers:
		qa.Verdict, qa.Derived = model.Disputed, model.Disputed
		var parts []string
		for _, ans := range qa.Given {
			parts = append(parts, l.Format("reason.answer-backed", "answer", ans.Label, "backing", backing(d, view(ans.Target))))
		}
		qa.Reason = l.Format("reason.question.disputed", "answers", strings.Join(parts, "; "))
	case len(qa.Given) >= 1:
		// The best-backed answer; among equals, one the rules back
		// without an editor, so the question is not marked as the
		// editor's when it need not be.
		best := qa.Given[0]
		for _, ans := range qa.Given[1:] {
			a, b := view(ans.Target), view(best.Target)
			if a.Verdict.Rank() < b.Verdict.Rank() || a.Verdict == b.Verdict && a.Override == nil && b.Override != nil {
				best = ans
			}
		}
		ca := view(best.Target)
		qa.Verdict, qa.Derived, qa.Override = ca.Verdict, ca.Derived, ca.Override
		qa.Origins = ca.Origins
		if len(qa.Given) == 1 {
			qa.Reason = l.Format("reason.question.one-given", "answer", best.Label, "reason", ca.Reason)
			break
		}
		var parts []string
		for _, ans := range qa.Given {
			parts = append(parts, l.Format("reason.answer-is", "answer", ans.Label, "backing", backing(d, view(ans.Target))))
		}
		qa.Reason = l.Format("reason.question.compatible", "n", len(qa.Given), "answers", strings.Join(parts, "; "))
	default:
		// No answer is given: the question takes the verdict of the
		// answer that comes closest, an editor's included.
		// The reason says what the sources do (the rules' verdicts); among
		// answers equally close, one the rules put there without an
		// editor comes first, so the order the answers are listed in
		// does not decide.
		var disputed, hedged []string
		var closest *model.Answer
		for _, ans := range answers {
			a := view(ans.Target)
			switch {
			case a.Derived == model.Contradicted:
				disputed = append(disputed, l.Format("quote", "text", ans.Label))
			case a.Derived == model.Unclear:
				hedged = append(hedged, l.Format("quote", "text", ans.Label))
			}
			if closest == nil {
				closest = ans
				continue
			}
			b := view(closest.Target)
			if a.Verdict.Rank() < b.Verdict.Rank() || a.Verdict == b.Verdict && a.Override == nil && b.Override != nil {
				closest = ans
			}
		}
		qa.Derived = model.NoEvidence
		if closest != nil && view(closest.Target).Verdict != model.NoEvidence {
			ca := view(closest.Target)
			qa.Verdict, qa.Derived, qa.Override = ca.Verdict, ca.Derived, ca.Override
		}
		switch {
		case qa.Override != nil:
			// The box shows the editor's rationale, then what the rules
			// give: the reason is the rules' account of that answer.
			qa.Reason = l.Format("reason.question.proposed", "answer", closest.Label, "reason", view(closest.Target).Reason)
		case len(disputed) > 0:
			qa.Reason = l.Format("reason.question.none-stands", "answers", and(l, disputed))
		case len(hedged) > 0:
			qa.Reason = l.Format("reason.question.hedged", "answers", and(l, hedged))
		default:
			qa.Reason = l.Get("reason.question.none")
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
	l := d.Labels
	switch a.Verdict {
	case model.Corroborated:
		if a.Override == nil {
			return l.Format("backing.corroborated", "n", len(a.Origins), "names", names(d, a.Origins))
		}
		return l.Get("backing.corroborated.editor")
	case model.SingleOrigin:
		if a.Override != nil {
			return l.Get("backing.single-origin.editor")
		}
		return l.Format("backing.single-origin", "names", names(d, a.Origins))
	case model.Disputed:
		return l.Get("backing.disputed")
	}
	return l.Get("verdict." + string(a.Verdict))
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
	return d.Labels.Format("reason.origin-list", "n", len(refs), "names", names(d, refs))
}

func names(d *model.Dossier, refs []model.Ref) string {
	var n []string
	for _, r := range refs {
		n = append(n, d.Name(r))
	}
	return strings.Join(n, "; ")
}

// and joins items as a sentence does: "“a” and “b”".
func and(l *labels.Table, items []string) string {
	list := items[0]
	for _, it := range items[1:] {
		list = l.Format("list.and", "list", list, "item", it)
	}
	return list
}

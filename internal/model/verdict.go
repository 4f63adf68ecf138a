package model

// Verdict is the dossier's conclusion about how well the sources back a
// claim or answer a question. It rates the sourcing, not the truth: a
// claim with one origin may well be true, and one with two may be false.
type Verdict string

// The verdict vocabulary. The rules that choose one live in package verdict.
const (
	Corroborated Verdict = "corroborated"
	SingleOrigin Verdict = "single-origin"
	Disputed     Verdict = "disputed"
	Contradicted Verdict = "contradicted"
	Unclear      Verdict = "unclear"
	NoEvidence   Verdict = "no-evidence"
)

// OldVerdicts are verdict names of earlier versions, still read with a
// warning, and what they are called now.
var OldVerdicts = map[string]Verdict{"single-source": SingleOrigin}

// VerdictInfo describes a verdict for readers. No symbol is a tick: a
// verdict says how a statement is sourced, and a tick would read as "true".
// Its name is a label (verdict.single-origin).
type VerdictInfo struct {
	Verdict Verdict
	Symbol  string
}

// Verdicts lists the vocabulary in order of strength of evidence.
var Verdicts = []VerdictInfo{
	{Corroborated, "●●"},
	{SingleOrigin, "●○"},
	{Disputed, "⇄"},
	{Contradicted, "✗"},
	{Unclear, "?"},
	{NoEvidence, "–"},
}

// Info returns the description of v, and false when v is not in the vocabulary.
func (v Verdict) Info() (VerdictInfo, bool) {
	for _, i := range Verdicts {
		if i.Verdict == v {
			return i, true
		}
	}
	return VerdictInfo{}, false
}

// Rank orders verdicts by the strength of what backs them: lower is
// stronger. Unknown verdicts rank last.
func (v Verdict) Rank() int {
	for i, info := range Verdicts {
		if info.Verdict == v {
			return i
		}
	}
	return len(Verdicts)
}

// Backed reports whether sources support the statement in some way: the
// verdicts under which an answer counts as given.
func (v Verdict) Backed() bool {
	return v == Corroborated || v == SingleOrigin || v == Disputed
}

// VerdictNames lists the vocabulary's words.
func VerdictNames() []string {
	var n []string
	for _, v := range Verdicts {
		n = append(n, string(v.Verdict))
	}
	return n
}

// Assessment is a claim's verdict with the evidence behind it, derived
// once by package verdict; pages only lay it out.
type Assessment struct {
	Verdict  Verdict // shown: the override's when there is one
	Derived  Verdict // what the rules give
	Override *Override
	Reason   string // one sentence, derived from the evidence

	Supports, Disputes, Hedges, Mentions []*Annotation
	// Origins are the independent first origins of the supporting
	// annotations, in the order they first appear; DisputeOrigins those
	// of the disputing ones. Articles of one outlet count once.
	Origins, DisputeOrigins []Ref
}

// QuestionAssessment is a question's verdict, derived from the
// assessments of the claims that answer it.
type QuestionAssessment struct {
	Assessment
	// Given are the answers the sources back (their claims' verdicts are
	// corroborated, single-origin or disputed), in the question's order.
	Given []*Answer
	// Silent counts the sources that speak to none of the answers.
	Silent int
}

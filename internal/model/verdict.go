package model

// Verdict is the dossier's conclusion about a claim or question.
type Verdict string

// The verdict vocabulary. The rules that choose one live in package verdict.
const (
	Corroborated Verdict = "corroborated"
	SingleSource Verdict = "single-source"
	Disputed     Verdict = "disputed"
	Contradicted Verdict = "contradicted"
	Unclear      Verdict = "unclear"
	NoEvidence   Verdict = "no-evidence"
)

// VerdictInfo describes a verdict for readers.
type VerdictInfo struct {
	Verdict Verdict
	Label   string
	Symbol  string
}

// Verdicts lists the vocabulary in order of strength of evidence.
var Verdicts = []VerdictInfo{
	{Corroborated, "Corroborated", "✓✓"},
	{SingleSource, "Single source", "✓"},
	{Disputed, "Disputed", "⇄"},
	{Contradicted, "Contradicted", "✗"},
	{Unclear, "Unclear", "?"},
	{NoEvidence, "No evidence", "–"},
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

// VerdictNames lists the vocabulary's words.
func VerdictNames() []string {
	var n []string
	for _, v := range Verdicts {
		n = append(n, string(v.Verdict))
	}
	return n
}

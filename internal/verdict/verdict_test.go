package verdict

import (
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/model"
)

// dossier builds a model where each annotation is "source:stance[:via][=answer]".
func dossier(t *testing.T, specs ...string) (*model.Dossier, []*model.Annotation) {
	t.Helper()
	d := &model.Dossier{
		Origins: []*model.Origin{
			{ID: "wire", Name: "The Wire", Relays: "statement"},
			{ID: "statement", Name: "One statement"},
			{ID: "other", Name: "Another origin"},
		},
	}
	srcs := map[string]*model.Source{}
	var anns []*model.Annotation
	for _, spec := range specs {
		spec, answer, _ := strings.Cut(spec, "=")
		parts := strings.Split(spec, ":")
		s := srcs[parts[0]]
		if s == nil {
			s = &model.Source{ID: parts[0], Outlet: strings.ToUpper(parts[0])}
			if s.ID == "a2" { // a second article of A's outlet
				s.Outlet = " a "
			}
			if s.ID == "r" { // r republishes b
				s.Kind, s.Relays = "republication", []*model.Relay{{Source: "b"}}
			}
			srcs[parts[0]] = s
			d.Sources = append(d.Sources, s)
		}
		a := &model.Annotation{Source: s, Stance: model.Stance(parts[1]), Answer: answer}
		if len(parts) > 2 {
			a.Via = parts[2]
		}
		s.Annotations = append(s.Annotations, a)
		anns = append(anns, a)
	}
	d.Index()
	return d, anns
}

func TestClaimRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		anns   []string
		want   model.Verdict
		reason string
	}{
		{"two independent sources", []string{"a:supports", "b:supports"}, model.Corroborated, "Two sources back it, resting on 2 independent origins: A; B."},
		{"one source", []string{"a:supports"}, model.SingleSource, "Only one source (A) backs it."},
		{"two sources, one statement", []string{"a:supports:wire", "b:supports:statement"}, model.SingleSource, "Two sources back it, but all rest on one origin (One statement): single origin, not independent corroboration."},
		{"two sources, two origins", []string{"a:supports:wire", "b:supports:other"}, model.Corroborated, "Two sources back it, resting on 2 independent origins: One statement; Another origin."},
		{"a source relaying a source's own reporting", []string{"a:supports:b", "b:supports"}, model.SingleSource, "Two sources back it, but all rest on one origin (B): single origin, not independent corroboration."},
		{"two articles of one outlet", []string{"a:supports", "a2:supports"}, model.SingleSource, "Two sources back it, but all rest on one origin (A): single origin, not independent corroboration."},
		{"a republication of another source", []string{"r:supports", "b:supports"}, model.SingleSource, "Two sources back it, but all rest on one origin (B): single origin, not independent corroboration."},
		{"a source relaying a source that relays the wire", []string{"a:supports:b", "b:supports:wire", "c:supports:statement"}, model.SingleSource, "Three sources back it, but all rest on one origin (One statement): single origin, not independent corroboration."},
		{"backed and disputed", []string{"a:supports", "b:disputes"}, model.Disputed, "One source supports it, but one source disputes it."},
		{"only disputed", []string{"a:disputes", "b:disputes"}, model.Contradicted, "Two sources dispute it and none supports it."},
		{"only hedges", []string{"a:hedges", "b:mentions"}, model.Unclear, "One source raises it but only hedges."},
		{"only mentions", []string{"a:mentions"}, model.NoEvidence, "One source mentions the subject but none takes a position."},
		{"nothing", nil, model.NoEvidence, "No source takes a position on it."},
		{"hedge does not weaken support", []string{"a:supports", "b:hedges"}, model.SingleSource, "Only one source (A) backs it."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, anns := dossier(t, tc.anns...)
			r := Claim(d, &model.Claim{Annotations: anns})
			if r.Verdict != tc.want || r.Reason != tc.reason {
				t.Errorf("got %s: %q\nwant %s: %q", r.Verdict, r.Reason, tc.want, tc.reason)
			}
		})
	}
}

func TestQuestionRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		multi bool
		anns  []string
		want  model.Verdict
	}{
		{"same answer, any case", false, []string{"a:supports=Yes", "b:supports=yes"}, model.Corroborated},
		{"different answers", false, []string{"a:supports=Red", "b:supports=Blue"}, model.Disputed},
		{"compatible answers, one origin each", true, []string{"a:supports=Red", "b:supports=Blue"}, model.SingleSource},
		{"compatible answers, two origins each", true, []string{"a:supports=Red", "b:supports=Red", "a:supports=Blue", "b:supports=Blue"}, model.Corroborated},
		{"one answer, one relayed origin", false, []string{"a:supports:wire=2012", "b:supports:statement=2012"}, model.SingleSource},
		{"hedges only", false, []string{"a:hedges"}, model.Unclear},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, anns := dossier(t, tc.anns...)
			r := Question(d, &model.Question{Annotations: anns, MultipleAnswers: tc.multi})
			if r.Verdict != tc.want {
				t.Errorf("got %s (%s), want %s", r.Verdict, r.Reason, tc.want)
			}
		})
	}
}

func TestOverrideKeepsDerived(t *testing.T) {
	d, anns := dossier(t, "a:supports")
	o := &model.Override{Verdict: "unclear", Rationale: "Because we say so."}
	r := Claim(d, &model.Claim{Annotations: anns, Override: o})
	if r.Verdict != model.Unclear || r.Derived != model.SingleSource || r.Override != o {
		t.Errorf("got %+v", r)
	}
}

// TestRulesCoverVocabulary keeps the method page's rule table complete.
func TestRulesCoverVocabulary(t *testing.T) {
	for _, v := range model.Verdicts {
		found := false
		for _, r := range Rules {
			found = found || r.Verdict == v.Verdict
		}
		if !found {
			t.Errorf("no rule explains %s", v.Verdict)
		}
	}
}

func TestQuestionAnswerSummary(t *testing.T) {
	for _, tc := range []struct {
		multi bool
		anns  []string
		want  string
	}{
		{false, []string{"a:supports=Yes", "b:supports=yes"}, "Yes"},
		{false, []string{"a:supports=Red", "b:supports=Blue"}, "Sources differ: Red / Blue"},
		{true, []string{"a:supports=Officials", "b:supports=Soldiers"}, "Officials; Soldiers"},
		{false, []string{"a:hedges"}, ""},
	} {
		d, anns := dossier(t, tc.anns...)
		if got := Question(d, &model.Question{Annotations: anns, MultipleAnswers: tc.multi}).Answer; got != tc.want {
			t.Errorf("%v: answer %q, want %q", tc.anns, got, tc.want)
		}
	}
}

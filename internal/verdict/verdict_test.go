package verdict

import (
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/model"
)

// world builds a dossier from annotation specs "source:stance:claim[:via]"
// and derives every verdict. Sources are created on first use, with the
// relays their vias need; "a2" is a second article of a's outlet, "r" a
// republication of b. Every test states its expected verdict literally:
// comparing a page with the engine's own output could not catch a wrong rule.
func world(t *testing.T, questions []*model.Question, specs ...string) *model.Dossier {
	t.Helper()
	d := &model.Dossier{
		Origins: []*model.Origin{
			{ID: "wire", Name: "The Wire", Relays: "statement"},
			{ID: "statement", Name: "One statement"},
			{ID: "other", Name: "Another origin"},
		},
		Questions: questions,
	}
	srcs := map[string]*model.Source{}
	claims := map[string]*model.Claim{}
	for _, spec := range specs {
		parts := strings.Split(spec, ":")
		s := srcs[parts[0]]
		if s == nil {
			s = &model.Source{ID: parts[0], Outlet: strings.ToUpper(parts[0]), Path: "content/" + parts[0] + ".md"}
			switch s.ID {
			case "a2":
				s.Outlet = " a " // one newsroom, spelt differently
			case "r":
				s.Kind, s.Outlet, s.Relays = "republication", "", []*model.Relay{{Source: "b"}}
			}
			srcs[s.ID] = s
			d.Sources = append(d.Sources, s)
		}
		if claims[parts[2]] == nil {
			claims[parts[2]] = &model.Claim{ID: parts[2], Statement: "Claim " + parts[2]}
			d.Claims = append(d.Claims, claims[parts[2]])
		}
		a := &model.Annotation{Source: s, Stance: model.Stance(parts[1]), Claim: parts[2]}
		if len(parts) > 3 {
			a.Via = parts[3]
			if a.Via != model.ViaOwn {
				r := &model.Relay{Origin: a.Via}
				if strings.Contains("abcr", a.Via) {
					r = &model.Relay{Source: a.Via}
				}
				s.Relays = append(s.Relays, r)
			}
		}
		s.Annotations = append(s.Annotations, a)
	}
	// Index needs sources in ID order, as load gives them.
	for i := range d.Sources {
		for j := i + 1; j < len(d.Sources); j++ {
			if d.Sources[j].ID < d.Sources[i].ID {
				d.Sources[i], d.Sources[j] = d.Sources[j], d.Sources[i]
			}
		}
	}
	for _, s := range d.Sources { // a source that relays others says own
		for _, a := range s.Annotations {
			if a.Via == "" && len(s.Relays) > 0 && s.Kind != "republication" {
				a.Via = model.ViaOwn
			}
		}
	}
	if errs := d.Index(); len(errs) > 0 {
		t.Fatalf("index: %v", errs)
	}
	Derive(d)
	return d
}

func TestClaimRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		anns   []string
		want   model.Verdict
		reason string
	}{
		{"two independent sources", []string{"a:supports:x", "b:supports:x"}, model.Corroborated,
			"Two sources support it, resting on 2 independent origins: A; B."},
		{"one source", []string{"a:supports:x"}, model.SingleOrigin,
			"One source supports it, on its own reporting: A."},
		{"one source relaying an origin", []string{"a:supports:x:wire"}, model.SingleOrigin,
			"One source (A) supports it, resting on one origin: One statement."},
		{"two sources, one statement", []string{"a:supports:x:wire", "b:supports:x:statement"}, model.SingleOrigin,
			"Two sources support it, but both rest on one origin: One statement. That is one origin repeated, not independent corroboration."},
		{"two sources, two origins", []string{"a:supports:x:wire", "b:supports:x:other"}, model.Corroborated,
			"Two sources support it, resting on 2 independent origins: One statement; Another origin."},
		{"a source relaying a source's own reporting", []string{"a:supports:x:b", "b:supports:x"}, model.SingleOrigin,
			"Two sources support it, but both rest on one origin: B. That is one origin repeated, not independent corroboration."},
		{"two articles of one outlet", []string{"a:supports:x", "a2:supports:x"}, model.SingleOrigin,
			"Two sources support it, but both rest on one origin: A. That is one origin repeated, not independent corroboration."},
		{"a republication of another source", []string{"r:supports:x", "b:supports:x"}, model.SingleOrigin,
			"Two sources support it, but both rest on one origin: B. That is one origin repeated, not independent corroboration."},
		{"a chain through a source to the wire", []string{"a:supports:x:b", "b:supports:x:wire", "c:supports:x:statement"}, model.SingleOrigin,
			"Three sources support it, but all three rest on one origin: One statement. That is one origin repeated, not independent corroboration."},
		{"own reporting said explicitly", []string{"a:supports:x:own", "a:supports:y:wire", "b:supports:x"}, model.Corroborated,
			"Two sources support it, resting on 2 independent origins: A; B."},
		{"backed and disputed", []string{"a:supports:x", "b:disputes:x"}, model.Disputed,
			"Sources disagree: one source supports it (1 origin: A) and one source disputes it (1 origin: B)."},
		{"only disputed, one origin", []string{"a:disputes:x:wire", "b:disputes:x:statement"}, model.Contradicted,
			"Two sources dispute it (1 origin: One statement) and none supports it."},
		{"only hedges", []string{"a:hedges:x", "b:mentions:x"}, model.Unclear,
			"One source raises it but only hedges."},
		{"only mentions", []string{"a:mentions:x"}, model.NoEvidence,
			"One source mentions the subject but none takes a position."},
		{"hedge does not weaken support", []string{"a:supports:x", "b:hedges:x"}, model.SingleOrigin,
			"One source supports it, on its own reporting: A. One more source hedges."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := world(t, nil, tc.anns...)
			a := d.ClaimByID["x"].Assessment
			if a.Verdict != tc.want || a.Reason != tc.reason {
				t.Errorf("got %s: %q\nwant %s: %q", a.Verdict, a.Reason, tc.want, tc.reason)
			}
		})
	}
}

func TestNoEvidence(t *testing.T) {
	c := &model.Claim{ID: "x"}
	d := &model.Dossier{Claims: []*model.Claim{c}}
	d.Index()
	if a := Claim(d, c); a.Verdict != model.NoEvidence || a.Reason != "No source takes a position on it." {
		t.Errorf("got %s: %q", a.Verdict, a.Reason)
	}
}

func answers(ids ...string) []*model.Answer {
	var as []*model.Answer
	for _, id := range ids {
		as = append(as, &model.Answer{Claim: id, Label: strings.ToUpper(id)})
	}
	return as
}

func TestQuestionRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		multi  bool
		anns   []string
		want   model.Verdict
		reason string
	}{
		{"one answer, two origins", false, []string{"a:supports:yes", "b:supports:yes"}, model.Corroborated,
			"One answer is given, “YES”: two sources support it, resting on 2 independent origins: A; B."},
		{"competing answers", false, []string{"a:supports:red", "b:supports:blue"}, model.Disputed,
			"Sources give different answers, and at most one can be right: “RED” (single-origin: A); “BLUE” (single-origin: B)."},
		{"compatible answers take the best", true, []string{"a:supports:red", "b:supports:red", "c:supports:blue"}, model.Corroborated,
			"Sources give 2 compatible answers: “RED” is corroborated by 2 independent origins: A; B; “BLUE” is single-origin: C. The question takes the verdict of the best-backed answer."},
		{"one answer, one relayed origin", false, []string{"a:supports:yes:wire", "b:supports:yes:statement"}, model.SingleOrigin,
			"One answer is given, “YES”: two sources support it, but both rest on one origin: One statement. That is one origin repeated, not independent corroboration."},
		{"an answer disputed only", false, []string{"a:disputes:yes"}, model.Contradicted,
			"No answer stands: sources dispute “YES”."},
		{"hedges only", false, []string{"a:hedges:yes"}, model.Unclear,
			"Sources raise “YES” but only hedge."},
		{"silent", false, []string{"a:mentions:yes"}, model.NoEvidence,
			"No source gives an answer."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := &model.Question{ID: "q", Answers: answers("yes", "red", "blue"), MultipleAnswers: tc.multi}
			d := world(t, []*model.Question{q}, tc.anns...)
			_ = d // answers no spec names are claims that do not exist: left out
			a := q.Assessment
			if a.Verdict != tc.want || a.Reason != tc.reason {
				t.Errorf("got %s: %q\nwant %s: %q", a.Verdict, a.Reason, tc.want, tc.reason)
			}
		})
	}
}

// TestOverrideGovernsEverywhere: an editor's verdict on a claim is the
// verdict of every question that claim answers, and the derived one stays.
func TestOverrideGovernsEverywhere(t *testing.T) {
	q := &model.Question{ID: "q", Answers: answers("x")}
	o := &model.Override{Verdict: "unclear", Rationale: "Because we say so."}
	d := world(t, []*model.Question{q}, "a:supports:x", "b:supports:x")
	d.ClaimByID["x"].Override = o
	Derive(d)
	a := d.ClaimByID["x"].Assessment
	if a.Verdict != model.Unclear || a.Derived != model.Corroborated || a.Override != o {
		t.Errorf("claim: got %+v", a)
	}
	// Overridden to unclear, the answer is no longer given.
	if q.Assessment.Verdict != model.Unclear || len(q.Assessment.Given) != 0 {
		t.Errorf("question: got %s, %d given", q.Assessment.Verdict, len(q.Assessment.Given))
	}
	o.Verdict = "single-origin"
	Derive(d)
	if q.Assessment.Verdict != model.SingleOrigin || q.Assessment.Override != o {
		t.Errorf("question: got %s, override %v", q.Assessment.Verdict, q.Assessment.Override)
	}
}

func TestWarnings(t *testing.T) {
	d := world(t, nil, "a:supports:x", "b:supports:x", "a:supports:y")
	d.ClaimByID["x"].Related = []*model.Relation{{From: "x", To: "y", Kind: "same-as"}}
	d.ClaimByID["y"].Override = &model.Override{Verdict: "single-origin", Rationale: "It is what it is."}
	warns := Derive(d)
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.Msg)
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		`the editor's verdict "single-origin" is what the rules give`,
		`claim "x" is the same as "y", but "x" is corroborated and "y" is single-origin`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no warning %q in:\n%s", want, got)
		}
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
		if strings.ContainsAny(v.Symbol, "✓✔") {
			t.Errorf("%s carries a tick: a verdict rates sourcing and must not read as true", v.Verdict)
		}
	}
}

// TestQuestionOrderDoesNotDecide: the question's verdict does not depend
// on the order its answers are listed in. Here the rules find one answer
// disputed and one hedged, so the question is contradicted; an editor's
// "unclear" on the disputed one makes it unclear, and the question says
// that this is the editor's doing, with the rules' verdict and account.
func TestQuestionOrderDoesNotDecide(t *testing.T) {
	for _, order := range [][]string{{"x", "y"}, {"y", "x"}} {
		q := &model.Question{ID: "q", Answers: answers(order...)}
		d := world(t, []*model.Question{q}, "a:disputes:x", "b:hedges:y")
		o := &model.Override{Verdict: "unclear", Rationale: "The dispute is not credible."}
		d.ClaimByID["x"].Override = o
		Derive(d)
		a := q.Assessment
		if a.Verdict != model.Unclear || a.Override != o || a.Derived != model.Contradicted || a.Reason != "No answer stands: sources dispute “X”." {
			t.Errorf("answers %v: got %s (derived %s, override %v): %q", order, a.Verdict, a.Derived, a.Override, a.Reason)
		}
	}
}

// TestEditorDecidesQuestion: an editor's verdict on one answer that
// decides the question is shown as such: the question carries the
// override, and its derived verdict and reason are the rules' alone.
func TestEditorDecidesQuestion(t *testing.T) {
	q := &model.Question{ID: "q", Answers: answers("x", "y")}
	d := world(t, []*model.Question{q}, "a:supports:x", "b:supports:y")
	if q.Assessment.Verdict != model.Disputed || q.Assessment.Override != nil {
		t.Fatalf("by the rules: got %s", q.Assessment.Verdict)
	}
	o := &model.Override{Verdict: "no-evidence", Rationale: "The second report is a misprint."}
	d.ClaimByID["y"].Override = o
	Derive(d)
	a := q.Assessment
	if a.Verdict != model.SingleOrigin || a.Derived != model.Disputed || a.Override != o {
		t.Errorf("got %s, derived %s, override %v; want single-origin, derived disputed, the override", a.Verdict, a.Derived, a.Override)
	}
	// The one answer the rules back rated unclear, beside one that sources
	// dispute: by the rules the question takes the backed answer.
	q = &model.Question{ID: "q", Answers: answers("x", "y")}
	d = world(t, []*model.Question{q}, "a:supports:x", "b:disputes:y")
	o = &model.Override{Verdict: "unclear", Rationale: "The one report is a rumour."}
	d.ClaimByID["x"].Override = o
	Derive(d)
	a = q.Assessment
	if a.Override != o || a.Derived != model.SingleOrigin || !strings.HasPrefix(a.Reason, "One answer is given, “X”") {
		t.Errorf("got %s, derived %s, override %v, %q; want the override, derived single-origin and the rules' reason", a.Verdict, a.Derived, a.Override, a.Reason)
	}
}

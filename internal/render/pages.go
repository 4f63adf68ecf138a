package render

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/dossier-ssg/dossier/internal/markdown"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/verdict"
)

func (s *site) index(p *Page) {
	p.Kind, p.Title = "index", s.d.Title
	v := &IndexView{}
	for _, q := range s.d.Questions {
		v.Questions = append(v.Questions, QuestionRow{Link: s.link(p, q.Text, pagePath("question", q.ID)), Verdict: s.verdictView(&q.Assessment.Assessment), Answer: s.answerText(q)})
	}
	// Topics in order of first use, each with its claims in file order.
	index := map[string]int{}
	ids := map[string]bool{}
	next := map[string]int{} // slug -> the suffix to try next, so topics of one slug take linear time
	for _, c := range s.d.Claims {
		t := cmp.Or(c.Topic, s.l.Get("index.other-claims"))
		i, ok := index[t]
		if !ok {
			slug := model.Slug(t)
			id := "topic-" + cmp.Or(slug, "untitled")
			if ids[id] {
				n := max(next[slug], 2)
				for id = fmt.Sprintf("topic-%s-%d", slug, n); ids[id]; id = fmt.Sprintf("topic-%s-%d", slug, n) {
					n++
				}
				next[slug] = n + 1
			}
			ids[id] = true
			i = len(v.Topics)
			index[t] = i
			v.Topics = append(v.Topics, TopicGroup{Topic: t, ID: id})
		}
		v.Topics[i].Claims = append(v.Topics[i].Claims, ClaimRow{Link: s.link(p, c.Statement, pagePath("claim", c.ID)), Verdict: s.verdictView(c.Assessment)})
		v.Counts.Relations += len(c.Related)
	}
	for _, src := range s.d.Sources {
		v.Sources = append(v.Sources, SourceRow{Link: s.link(p, src.Title, pagePath("source", src.ID)), Outlet: src.Outlet, Date: s.dateText(src.Published), Kind: src.Kind, KindLabel: s.sourceKind(src.Kind)})
		v.Counts.Quotes += len(src.Annotations)
	}
	v.Counts.Sources, v.Counts.Claims, v.Counts.Questions = len(s.d.Sources), len(s.d.Claims), len(s.d.Questions)
	v.Counts.l = s.l
	p.Index = v
}

func (s *site) source(p *Page, src *model.Source) {
	p.Kind, p.Title = "source", src.Title
	summary, notes := s.markdown(p.Path)
	v := &SourceView{
		ID: src.ID, Title: src.Title, Outlet: src.Outlet, OutletNote: src.OutletNote, Author: src.Author,
		URL: src.URL, Kind: src.Kind, KindLabel: s.sourceKind(src.Kind), Published: s.dateView(src.Published), Retrieved: s.dateView(src.Retrieved),
		Capture: src.Capture.File, CaptureSHA: src.Capture.SHA256, Notes: src.Notes, Summary: summary,
		LinkedFrom: s.linkedFrom(p, "source", src.ID),
	}
	for _, r := range src.Relays {
		rv := RelayView{Note: r.Note}
		if o := s.d.OriginByID[r.Origin]; o != nil {
			rv.Name, rv.Kind, rv.KindLabel = o.Name, o.Kind, s.originKind(o.Kind)
			rv.Href, rv.Abs = p.Root+"people.html#"+originAnchor(o.ID), s.abs("people.html#"+originAnchor(o.ID))
			up, _ := s.d.Upstream(o.ID)
			for _, next := range up[1:] {
				rv.Chain = append(rv.Chain, next.Name)
			}
		} else if rs := s.d.SourceByID[r.Source]; rs != nil {
			rv.Name, rv.Kind, rv.KindLabel, rv.Href, rv.Abs = rs.Title, "source", s.l.Get("relay.source"), p.Root+pagePath("source", rs.ID), s.abs(pagePath("source", rs.ID))
		}
		v.Relays = append(v.Relays, rv)
	}
	for _, a := range src.Annotations {
		row := AnnotationRow{Stance: s.stanceView(a.Stance), Locator: a.Locator, Note: a.Note, Via: s.viaText(a), Chain: s.chain(p, a)}
		if c := a.Target; c != nil {
			row.Target = s.link(p, c.Statement, pagePath("claim", c.ID))
			switch a.Stance {
			case model.Supports:
				v.Backs = append(v.Backs, row.Target)
			case model.Disputes:
				v.Disputes = append(v.Disputes, row.Target)
			case model.Hedges:
				v.Hedges = append(v.Hedges, row.Target)
			}
		}
		row.Quote = s.cite(notes, a)
		v.Annotations = append(v.Annotations, row)
	}
	p.Source = v
	s.notes(p, notes)
	s.card(p)
}

// evidence is one annotation as a row; rowID keeps ids unique where a
// page shows several claims' rows.
func (s *site) evidence(p *Page, notes *markdown.Notes, a *model.Annotation, rowID string) EvidenceRow {
	src := a.Source
	row := EvidenceRow{
		ID: rowID, Source: s.link(p, src.Title, pagePath("source", src.ID)), Outlet: src.Outlet,
		Stance: s.stanceView(a.Stance), Locator: a.Locator, Note: a.Note,
	}
	row.Chain = s.chain(p, a)
	row.Quote = s.cite(notes, a)
	return row
}

// chain is what an annotation rests on, each step a link: an origin to its
// entry on the people page, a source to its page. Empty for own reporting.
func (s *site) chain(p *Page, a *model.Annotation) []ChainLink {
	var links []ChainLink
	for _, r := range a.Chain[1:] {
		cl := ChainLink{Name: s.d.Name(r), Kind: r.Kind.String()}
		switch r.Kind {
		case model.KindOrigin:
			if o := s.d.OriginByID[r.ID]; o != nil {
				cl.Kind = o.Kind
				cl.Href, cl.Abs = p.Root+"people.html#"+originAnchor(o.ID), s.abs("people.html#"+originAnchor(o.ID))
			}
		case model.KindSource:
			cl.Href, cl.Abs = p.Root+pagePath("source", r.ID), s.abs(pagePath("source", r.ID))
		}
		links = append(links, cl)
	}
	return links
}

func (s *site) claim(p *Page, c *model.Claim) {
	p.Kind, p.Title = "claim", c.Statement
	ctx, notes := s.markdown(p.Path)
	v := &ClaimView{ID: c.ID, Statement: c.Statement, Topic: c.Topic, Verdict: s.verdictView(c.Assessment), Context: ctx,
		LinkedFrom: s.linkedFrom(p, "claim", c.ID)}
	s.claimDate(p, v, c)
	for _, a := range c.Annotations {
		v.Evidence = append(v.Evidence, s.evidence(p, notes, a, "row-"+a.Source.ID))
	}
	for _, q := range c.Answers {
		for _, ans := range q.Answers {
			if ans.Target == c {
				v.Answers = append(v.Answers, AnswerOf{Question: s.link(p, q.Text, pagePath("question", q.ID)), Label: ans.Label})
			}
		}
	}
	for _, rel := range c.Related {
		if t := s.d.ClaimByID[rel.To]; t != nil {
			v.Related = append(v.Related, RelationView{Phrase: s.l.Get("relation." + rel.Kind), Claim: s.link(p, t.Statement, pagePath("claim", t.ID)), Note: rel.Note})
		}
	}
	for _, rel := range c.Inverse {
		if f := s.d.ClaimByID[rel.From]; f != nil {
			v.Inverse = append(v.Inverse, RelationView{Phrase: s.l.Get("relation." + rel.Kind + ".inverse"), Claim: s.link(p, f.Statement, pagePath("claim", f.ID)), Note: rel.Note})
		}
	}
	p.Claim = v
	s.notes(p, notes)
	s.card(p)
	p.JSONLD = s.claimReview(p, c)
}

// maxSilentListed is how many silent sources a question page names; past
// it, the page only counts them, so a dossier of a thousand sources does
// not list nine hundred that say nothing.
const maxSilentListed = 12

func (s *site) question(p *Page, q *model.Question) {
	p.Kind, p.Title = "question", q.Text
	ctx, notes := s.markdown(p.Path)
	qa := q.Assessment
	v := &QuestionView{ID: q.ID, Text: q.Text, Topic: q.Topic, Verdict: s.verdictView(&qa.Assessment), Answer: s.answerText(q), Context: ctx,
		MultipleAnswers: q.MultipleAnswers, SilentCount: qa.Silent, LinkedFrom: s.linkedFrom(p, "question", q.ID)}
	speaks := map[*model.Source]bool{}
	for _, ans := range q.Answers {
		c := ans.Target
		if c == nil {
			continue
		}
		av := AnswerView{ID: "answer-" + c.ID, Label: ans.Label, Claim: s.link(p, c.Statement, pagePath("claim", c.ID)),
			Given: c.Assessment.Verdict.Backed(), Verdict: s.verdictView(c.Assessment)}
		for _, a := range c.Annotations {
			speaks[a.Source] = true
			av.Rows = append(av.Rows, s.evidence(p, notes, a, rowID(c, a.Source)))
		}
		v.Answers = append(v.Answers, av)
	}
	if qa.Silent <= maxSilentListed {
		for _, src := range s.d.Sources {
			if !speaks[src] {
				v.Silent = append(v.Silent, s.link(p, src.Title, pagePath("source", src.ID)))
			}
		}
	}
	p.Question = v
	s.notes(p, notes)
	s.card(p)
}

// rowID is the id of a source's row under an answer on a question's page.
func rowID(c *model.Claim, src *model.Source) string {
	return "row-" + c.ID + "-" + src.ID
}

// answerText says what a question's sources answer, in a few words, or
// why there is no answer: a list never shows a blank.
func (s *site) answerText(q *model.Question) string {
	qa := q.Assessment
	var given []string
	for _, ans := range qa.Given {
		given = append(given, ans.Label)
	}
	switch {
	case len(given) > 1 && !q.MultipleAnswers:
		return s.l.Format("answer.differ", "answers", strings.Join(given, " / "))
	case len(given) > 0:
		return strings.Join(given, "; ")
	case len(q.Answers) == 0:
		return s.l.Get("answer.none-proposed")
	case qa.Override != nil:
		// An editor rated the answer the sources back as not given.
		for _, ans := range q.Answers {
			if ans.Target != nil && ans.Target.Override == qa.Override {
				return s.l.Format("answer.not-settled", "answer", ans.Label, "verdict", s.labelOf(qa.Verdict, 0, false).Label)
			}
		}
	case qa.Derived == model.Contradicted:
		return s.l.Get("answer.contradicted")
	case qa.Derived == model.Unclear:
		return s.l.Get("answer.unclear")
	}
	return s.l.Get("answer.none")
}

func (s *site) matrix(p *Page) {
	p.Kind, p.Title = "matrix", s.l.Get("page.matrix")
	v := &MatrixView{}
	index := map[*model.Source]int{}
	for i, src := range s.d.Sources {
		index[src] = i
		v.Sources = append(v.Sources, s.link(p, cmp.Or(src.Outlet, src.Title), pagePath("source", src.ID)))
	}
	v.Heads = s.columnHeads(p)
	for _, q := range s.d.Questions {
		row := MatrixRow{Question: s.link(p, q.Text, pagePath("question", q.ID)), Verdict: s.verdictView(&q.Assessment.Assessment), Cells: make([]MatrixCell, len(s.d.Sources))}
		for _, ans := range q.Answers {
			if ans.Target == nil {
				continue
			}
			for _, a := range ans.Target.Annotations {
				cell := &row.Cells[index[a.Source]]
				href := pagePath("question", q.ID) + "#" + rowID(ans.Target, a.Source)
				cell.Stances = append(cell.Stances, MatrixStance{Stance: s.stanceView(a.Stance), Answer: ans.Label, Href: href, Abs: s.abs(href)})
			}
		}
		v.Rows = append(v.Rows, row)
	}
	p.Matrix = v
}

func (s *site) bibliography(p *Page) {
	p.Kind, p.Title = "bibliography", s.l.Get("page.bibliography")
	for _, src := range s.d.Sources {
		p.Bibliography = append(p.Bibliography, &BibEntry{
			ID: "bib-" + src.ID, Link: s.link(p, src.Title, pagePath("source", src.ID)), Author: src.Author, Outlet: src.Outlet,
			Published: s.dateView(src.Published), Retrieved: s.dateView(src.Retrieved), Kind: src.Kind, KindLabel: s.sourceKind(src.Kind), URL: src.URL,
			Capture: src.Capture.File, CaptureSHA: src.Capture.SHA256, CitedBy: len(src.Annotations),
		})
	}
}

func (s *site) method(p *Page) {
	p.Kind, p.Title = "method", s.l.Get("page.method")
	review, notes := s.markdown(p.Path)
	v := &MethodView{Review: review}
	for _, st := range model.Stances {
		v.Stances = append(v.Stances, s.stanceView(st.Stance))
		v.Meanings = append(v.Meanings, s.l.Get("stance."+string(st.Stance)+".meaning"))
	}
	for _, r := range verdict.Rules {
		v.Rules = append(v.Rules, RuleView{Verdict: s.labelOf(r.Verdict, 0, false), When: s.l.Get(r.When)})
	}
	for _, key := range verdict.QuestionRules {
		v.QuestionRules = append(v.QuestionRules, s.l.Get(key))
	}
	for _, w := range model.Relations {
		v.Relations = append(v.Relations, RelationKind{Word: w, Forward: s.l.Get("relation." + w), Inverse: s.l.Get("relation." + w + ".inverse")})
	}
	p.Method = v
	s.notes(p, notes)
}

// sourceKind and originKind name a kind of source or origin in the
// page's words; a kind outside the vocabulary, had the checks let one
// pass, is shown as written.
func (s *site) sourceKind(kind string) string { return s.kindLabel("source-kind.", kind) }

func (s *site) originKind(kind string) string { return s.kindLabel("origin-kind.", kind) }

func (s *site) kindLabel(prefix, kind string) string {
	if kind == "" || s.l.Text(prefix+kind).Other == "" {
		return kind
	}
	return s.l.Get(prefix + kind)
}

package render

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dossier-ssg/dossier/internal/markdown"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/internal/verdict"
)

func (s *site) index(p *Page) {
	p.Kind, p.Title = "index", s.d.Title
	v := &IndexView{}
	for _, q := range s.d.Questions {
		r := s.qs[q]
		v.Questions = append(v.Questions, QuestionRow{Link: Link{q.Text, pagePath("question", q.ID)}, Verdict: verdictView(r), Answer: r.Answer})
	}
	// Topics in order of first use, each with its claims in file order.
	index := map[string]int{}
	ids := map[string]bool{}
	for _, c := range s.d.Claims {
		t := cmp.Or(c.Topic, "Other claims")
		i, ok := index[t]
		if !ok {
			id := "topic-" + cmp.Or(model.Slug(t), "untitled")
			for n := 2; ids[id]; n++ {
				id = fmt.Sprintf("topic-%s-%d", model.Slug(t), n)
			}
			ids[id] = true
			i = len(v.Topics)
			index[t] = i
			v.Topics = append(v.Topics, TopicGroup{Topic: t, ID: id})
		}
		v.Topics[i].Claims = append(v.Topics[i].Claims, ClaimRow{Link: Link{c.Statement, pagePath("claim", c.ID)}, Verdict: verdictView(s.claims[c])})
		v.Counts.Relations += len(c.Related)
	}
	for _, src := range s.d.Sources {
		v.Sources = append(v.Sources, SourceRow{Link: Link{src.Title, pagePath("source", src.ID)}, Outlet: src.Outlet, Date: dateText(src.Published), Kind: src.Kind})
		v.Counts.Quotes += len(src.Annotations)
	}
	v.Counts.Sources, v.Counts.Claims, v.Counts.Questions = len(s.d.Sources), len(s.d.Claims), len(s.d.Questions)
	p.Index = v
}

func (s *site) source(p *Page, src *model.Source) {
	p.Kind, p.Title = "source", src.Title
	summary, notes := s.markdown(p.Path)
	v := &SourceView{
		ID: src.ID, Title: src.Title, Outlet: src.Outlet, OutletNote: src.OutletNote, Author: src.Author,
		URL: src.URL, Kind: src.Kind, Published: dateView(src.Published), Retrieved: dateView(src.Retrieved),
		Capture: src.Capture.File, CaptureSHA: src.Capture.SHA256, Notes: src.Notes, Summary: summary,
		LinkedFrom: s.linkedFrom(p, "source", src.ID),
	}
	for _, r := range src.Relays {
		rv := RelayView{Note: r.Note}
		if o := s.d.OriginByID[r.Origin]; o != nil {
			rv.Name, rv.Kind = o.Name, o.Kind
			up, _ := s.d.Upstream(o.ID)
			for _, next := range up[1:] {
				rv.Chain = append(rv.Chain, next.Name)
			}
		} else if rs := s.d.SourceByID[r.Source]; rs != nil {
			rv.Name, rv.Kind, rv.Href = rs.Title, "source", p.Root+pagePath("source", rs.ID)
		}
		v.Relays = append(v.Relays, rv)
	}
	for _, a := range src.Annotations {
		row := AnnotationRow{Stance: stanceView(a.Stance), Answer: a.Answer, Locator: a.Locator, Note: a.Note, Via: s.viaText(a)}
		if c := s.d.ClaimByID[a.Claim]; c != nil {
			row.Kind, row.Target = "claim", Link{c.Statement, p.Root + pagePath("claim", c.ID)}
			switch a.Stance {
			case model.Supports:
				v.Backs = append(v.Backs, row.Target)
			case model.Disputes:
				v.Disputes = append(v.Disputes, row.Target)
			case model.Hedges:
				v.Hedges = append(v.Hedges, row.Target)
			}
		} else if q := s.d.QuestionByID[a.Question]; q != nil {
			row.Kind, row.Target = "question", Link{q.Text, p.Root + pagePath("question", q.ID)}
		}
		row.Quote = s.cite(notes, a)
		v.Annotations = append(v.Annotations, row)
	}
	p.Source = v
	s.notes(p, notes)
}

func (s *site) evidence(p *Page, notes *markdown.Notes, a *model.Annotation) EvidenceRow {
	src := a.Source
	row := EvidenceRow{
		ID: "row-" + src.ID, Source: Link{src.Title, p.Root + pagePath("source", src.ID)}, Outlet: src.Outlet,
		Stance: stanceView(a.Stance), Answer: a.Answer, Locator: a.Locator, Note: a.Note,
	}
	chain := s.d.OriginChain(a)
	for _, k := range chain[1:] {
		kind, id, _ := strings.Cut(k, ":")
		cl := ChainLink{Name: verdict.Name(s.d, k), Kind: kind}
		if o := s.d.OriginByID[id]; kind == "origin" && o != nil {
			cl.Kind = o.Kind
		}
		if kind == "source" {
			cl.Href = p.Root + pagePath("source", id)
		}
		row.Chain = append(row.Chain, cl)
	}
	row.Quote = s.cite(notes, a)
	return row
}

func (s *site) claim(p *Page, c *model.Claim) {
	p.Kind, p.Title = "claim", c.Statement
	ctx, notes := s.markdown(p.Path)
	r := s.claims[c]
	v := &ClaimView{ID: c.ID, Statement: c.Statement, Topic: c.Topic, Verdict: verdictView(r), Context: ctx,
		LinkedFrom: s.linkedFrom(p, "claim", c.ID)}
	for _, a := range c.Annotations {
		v.Evidence = append(v.Evidence, s.evidence(p, notes, a))
	}
	for _, rel := range c.Related {
		if t := s.d.ClaimByID[rel.To]; t != nil {
			v.Related = append(v.Related, RelationView{Phrase: model.Relations[rel.Kind].Forward, Claim: Link{t.Statement, p.Root + pagePath("claim", t.ID)}, Note: rel.Note})
		}
	}
	for _, rel := range c.Inverse {
		if f := s.d.ClaimByID[rel.From]; f != nil {
			v.Inverse = append(v.Inverse, RelationView{Phrase: model.Relations[rel.Kind].Inverse, Claim: Link{f.Statement, p.Root + pagePath("claim", f.ID)}, Note: rel.Note})
		}
	}
	p.Claim = v
	s.notes(p, notes)
}

func (s *site) question(p *Page, q *model.Question) {
	p.Kind, p.Title = "question", q.Text
	ctx, notes := s.markdown(p.Path)
	v := &QuestionView{ID: q.ID, Text: q.Text, Topic: q.Topic, Verdict: verdictView(s.qs[q]), Context: ctx,
		LinkedFrom: s.linkedFrom(p, "question", q.ID)}
	// One row per source, in the same order on every table; a source that
	// says nothing is shown as silent rather than left out.
	by := map[string]*model.Annotation{}
	for _, a := range q.Annotations {
		by[a.Source.ID] = a
	}
	for _, src := range s.d.Sources {
		if a := by[src.ID]; a != nil {
			v.Rows = append(v.Rows, s.evidence(p, notes, a))
			continue
		}
		v.Rows = append(v.Rows, EvidenceRow{ID: "row-" + src.ID, Source: Link{src.Title, p.Root + pagePath("source", src.ID)}, Outlet: src.Outlet, Silent: true})
	}
	for _, r := range v.Rows {
		v.HasAnswers = v.HasAnswers || r.Answer != ""
	}
	p.Question = v
	s.notes(p, notes)
}

func (s *site) matrix(p *Page) {
	p.Kind, p.Title = "matrix", "Agreement matrix"
	v := &MatrixView{}
	for _, src := range s.d.Sources {
		v.Sources = append(v.Sources, Link{cmp.Or(src.Outlet, src.Title), pagePath("source", src.ID)})
	}
	for _, q := range s.d.Questions {
		row := MatrixRow{Question: Link{q.Text, pagePath("question", q.ID)}, Verdict: verdictView(s.qs[q])}
		by := map[string]*model.Annotation{}
		for _, a := range q.Annotations {
			by[a.Source.ID] = a
		}
		for _, src := range s.d.Sources {
			a := by[src.ID]
			if a == nil {
				row.Cells = append(row.Cells, MatrixCell{Silent: true})
				continue
			}
			row.Cells = append(row.Cells, MatrixCell{Stance: stanceView(a.Stance), Answer: a.Answer, Href: pagePath("question", q.ID) + "#row-" + src.ID})
		}
		v.Rows = append(v.Rows, row)
	}
	p.Matrix = v
}

func (s *site) bibliography(p *Page) {
	p.Kind, p.Title = "bibliography", "Bibliography"
	for _, src := range s.d.Sources {
		p.Bibliography = append(p.Bibliography, &BibEntry{
			ID: "bib-" + src.ID, Link: Link{src.Title, pagePath("source", src.ID)}, Author: src.Author, Outlet: src.Outlet,
			Published: dateView(src.Published), Retrieved: dateView(src.Retrieved), Kind: src.Kind, URL: src.URL,
			Capture: src.Capture.File, CaptureSHA: src.Capture.SHA256, CitedBy: len(src.Annotations),
		})
	}
}

func (s *site) method(p *Page) {
	p.Kind, p.Title = "method", "Method"
	review, notes := s.markdown(p.Path)
	v := &MethodView{Review: review}
	for _, st := range model.Stances {
		v.Stances = append(v.Stances, stanceView(st.Stance))
		v.Meanings = append(v.Meanings, st.Meaning)
	}
	for _, r := range verdict.Rules {
		i, _ := r.Verdict.Info()
		v.Rules = append(v.Rules, RuleView{Verdict: VerdictView{Value: string(r.Verdict), Label: i.Label, Symbol: i.Symbol, Class: "verdict-" + string(r.Verdict)}, When: r.When})
	}
	for _, w := range slices.Sorted(maps.Keys(model.Relations)) {
		v.Relations = append(v.Relations, RelationKind{Word: w, Forward: model.Relations[w].Forward, Inverse: model.Relations[w].Inverse})
	}
	p.Method = v
	s.notes(p, notes)
}

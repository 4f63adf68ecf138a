package render

import (
	"cmp"
	"strings"

	"github.com/dossier-ssg/dossier/internal/labels"
)

// abs is the absolute address of target, a path from the site root, when
// the build has a base URL, and "" otherwise. Links keep their relative
// Href, so a downloaded site still works offline; abs is what paper shows.
func (s *site) abs(target string) string {
	if s.base == "" {
		return ""
	}
	if target == "index.html" {
		target = "" // as the canonical link says it
	}
	return s.base + target
}

// link is a link from page p to target, a path from the site root.
func (s *site) link(p *Page, text, target string) Link {
	return Link{Text: text, Href: p.Root + target, Abs: s.abs(target)}
}

// card fills in what a shared link of a claim, question or source page
// shows: its own description, which for a claim and a question says the
// verdict, so the card of a claim does not read as a bare assertion.
// A page of the whole dossier (the matrices, the timeline) says what it
// shows of it; the front page keeps the dossier's own description.
func (s *site) card(p *Page) {
	switch {
	case p.Claim != nil:
		v := p.Claim
		p.Description = sentence(v.Statement) + " " + s.l.Format("card.verdict", "verdict", s.verdictLabel(v.Verdict))
	case p.Question != nil:
		v := p.Question
		answer := s.l.Get("question.answer")
		if v.MultipleAnswers {
			answer = s.l.Get("question.answers") // as the page says it
		}
		p.Description = sentence(v.Text) + " " + sentence(answer+" "+v.Answer) + " " + s.l.Format("card.verdict", "verdict", s.verdictLabel(v.Verdict))
	case p.Source != nil:
		// "Title. Analysis by NK News, July 2024."
		v := p.Source
		kind := labels.Capital(cmp.Or(v.KindLabel, v.Kind))
		date := s.dateText(s.d.SourceByID[v.ID].Published)
		by := s.l.Format("card.source.no-outlet", "kind", kind, "date", date)
		if v.Outlet != "" {
			by = s.l.Format("card.source", "kind", kind, "outlet", v.Outlet, "date", date)
		}
		p.Description = sentence(v.Title) + " " + by
	case wholeCards[p.Kind] != "":
		// A page of the whole dossier says what it shows of it.
		p.Description = s.l.Format(wholeCards[p.Kind], "title", s.d.Title)
		return
	default:
		return
	}
	p.OGType = "article"
}

// wholeCards are the kinds of page, one of each in a site, whose card
// says what the page shows of the dossier, and the label that says it.
var wholeCards = map[string]string{
	"matrix": "card.matrix", "claims-matrix": "card.claims-matrix", "timeline": "card.timeline",
	"people": "card.people", "bibliography": "card.bibliography", "method": "card.method",
	"search": "card.search", "404": "card.404",
}

// verdictLabel is a verdict as a line of text shows it, the editor's
// marked as such.
func (s *site) verdictLabel(v VerdictView) string {
	if v.Overridden {
		return v.Label + " " + s.l.Get("verdict.by-editor")
	}
	return v.Label
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".?!") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}

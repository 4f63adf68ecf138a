package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/dossier-ssg/dossier/internal/model"
)

// PeopleView is the page of people and organisations: the origins
// dossier.yaml names, by kind, the outlets and the authors of the sources,
// each with the claims it is the first origin of.
type PeopleView struct {
	Origins []OriginGroup
	Outlets []PersonEntry
	// Unstated are the sources that name no outlet: their own reporting
	// is an origin of its own, one per source.
	Unstated []PersonEntry
	Authors  []PersonEntry
	Listed   int // the most claims or articles an entry lists before it only counts
}

// OriginGroup is the origins of one kind.
type OriginGroup struct {
	Kind    string // as dossier.yaml writes it; empty when not given
	Label   string // "Agencies"
	ID      string // element id
	Origins []PersonEntry
}

// PersonEntry is one person or organisation.
type PersonEntry struct {
	ID        string // element id: "origin-ID", "outlet-...", "author-..."
	Origin    bool   // an origin of dossier.yaml, rather than an outlet or an author
	Name      string
	Link      Link     // the page of a source that names no outlet; empty for the others
	Also      []string // other spellings of an outlet's or author's name
	Kind      string   // an origin's kind, as dossier.yaml writes it
	KindLabel string   // in the page's words
	Note      string
	Relays    []Link // for an origin: what it relays in turn, to the first
	// Sources are the articles of an outlet or author, or the sources
	// that relay an origin; MoreSources counts those not listed.
	Sources     []Link
	MoreSources int
	// OriginOf are the claims a supporting annotation of which has this
	// as its first origin, counted as the verdicts count (articles of one
	// outlet are one origin), each with its verdict; MoreOriginOf
	// counts those not listed, OriginOfCount all of them.
	OriginOf      []PersonClaim
	MoreOriginOf  int
	OriginOfCount int
	// PassedOn are the claims whose supporting annotations come through
	// this origin on their way from another: it relays them.
	PassedOn     []PersonClaim
	MorePassedOn int
}

// PersonClaim is a claim listed under a person or organisation.
type PersonClaim struct {
	Link    Link
	Verdict VerdictView
}

// maxPersonListed is how many claims, or articles, an entry of the people
// page lists; past it, it counts them: at 10,000 claims an outlet may be
// the origin of hundreds, which its claims' pages and search show.
const maxPersonListed = 20

// originAnchor is the element id of an origin's entry on the people page.
func originAnchor(id string) string { return "origin-" + id }

func (s *site) people(p *Page) {
	p.Kind, p.Title = "people", s.l.Get("page.people")
	d := s.d
	v := &PeopleView{Listed: maxPersonListed}

	// What each first origin, by the key under which verdicts count it
	// (model.Dossier.Independent), backs, and which origins statements
	// pass through on the way: supporting annotations only, in the
	// order of dossier.yaml's claims.
	originOf := map[string][]*model.Claim{}
	passedOn := map[string][]*model.Claim{}
	ownOf := map[*model.Source][]int{} // claims (by place) a source's own reporting supports
	seen := map[string]bool{}
	for ci, c := range d.Claims {
		for _, a := range c.Annotations {
			if a.Stance != model.Supports {
				continue
			}
			first := a.Origin()
			key := d.Independent(first)
			if k := key + "\x00" + c.ID; !seen[k] {
				seen[k] = true
				originOf[key] = append(originOf[key], c)
			}
			if first == (model.Ref{Kind: model.KindSource, ID: a.Source.ID}) {
				ownOf[a.Source] = append(ownOf[a.Source], ci)
			}
			// The links between the source and the first origin.
			for i := 1; i < len(a.Chain)-1; i++ {
				r := a.Chain[i]
				if r.Kind != model.KindOrigin {
					continue
				}
				if k := "via:" + r.ID + "\x00" + c.ID; !seen[k] {
					seen[k] = true
					passedOn[r.ID] = append(passedOn[r.ID], c)
				}
			}
		}
	}
	claims := func(e *PersonEntry, list []*model.Claim) {
		e.OriginOfCount = len(list)
		for i, c := range list {
			if i == maxPersonListed {
				e.MoreOriginOf = len(list) - i
				break
			}
			e.OriginOf = append(e.OriginOf, PersonClaim{Link: s.link(p, c.Statement, pagePath("claim", c.ID)), Verdict: s.verdictView(c.Assessment)})
		}
	}
	sources := func(e *PersonEntry, list []*model.Source) {
		for i, src := range list {
			if i == maxPersonListed {
				e.MoreSources = len(list) - i
				break
			}
			e.Sources = append(e.Sources, s.link(p, src.Title, pagePath("source", src.ID)))
		}
	}

	// Origins, by kind, in the order of the vocabulary.
	relayedBy := map[string][]*model.Source{}
	for _, src := range d.Sources {
		for _, r := range src.Relays {
			if r.Origin != "" {
				relayedBy[r.Origin] = append(relayedBy[r.Origin], src)
			}
		}
	}
	groups := map[string]*OriginGroup{}
	for _, o := range d.Origins {
		g := groups[o.Kind]
		if g == nil {
			g = &OriginGroup{Kind: o.Kind, Label: s.kindLabel("origins.", cmp.Or(o.Kind, "other")), ID: "origins-" + cmp.Or(o.Kind, "other")}
			groups[o.Kind] = g
		}
		e := PersonEntry{ID: originAnchor(o.ID), Origin: true, Name: o.Name, Kind: o.Kind, KindLabel: s.originKind(o.Kind), Note: o.Note}
		up, _ := d.Upstream(o.ID)
		for _, next := range up[1:] {
			e.Relays = append(e.Relays, Link{Text: next.Name, Href: "#" + originAnchor(next.ID)})
		}
		sources(&e, relayedBy[o.ID])
		claims(&e, originOf[d.Independent(model.Ref{Kind: model.KindOrigin, ID: o.ID})])
		for i, c := range passedOn[o.ID] {
			if i == maxPersonListed {
				e.MorePassedOn = len(passedOn[o.ID]) - i
				break
			}
			e.PassedOn = append(e.PassedOn, PersonClaim{Link: s.link(p, c.Statement, pagePath("claim", c.ID)), Verdict: s.verdictView(c.Assessment)})
		}
		g.Origins = append(g.Origins, e)
	}
	for _, k := range append(append([]string{}, model.OriginKinds...), "") {
		if g := groups[k]; g != nil {
			v.Origins = append(v.Origins, *g)
			delete(groups, k)
		}
	}
	for _, o := range d.Origins { // kinds outside the vocabulary, had the check let one pass
		if g := groups[o.Kind]; g != nil {
			v.Origins = append(v.Origins, *g)
			delete(groups, o.Kind)
		}
	}

	// Outlets, one per independent origin however their names are
	// spelt, and authors, one per name however spaced or cased.
	ids := map[string]bool{}
	unique := func(prefix, name, fallback string) string {
		// Folded first, so that "Nørre Å" gives "norre-a", not "n-rre".
		slug := cmp.Or(model.Slug(Fold(name)), fallback)
		id := prefix + slug
		for n := 2; ids[id]; n++ {
			id = fmt.Sprintf("%s%s-%d", prefix, slug, n)
		}
		ids[id] = true
		return id
	}
	type group struct {
		key     string
		names   []string
		sources []*model.Source
	}
	collect := func(key func(*model.Source) (string, string)) []*group {
		var out []*group
		at := map[string]*group{}
		for _, src := range d.Sources {
			k, name := key(src)
			if k == "" {
				continue
			}
			g := at[k]
			if g == nil {
				g = &group{key: k}
				at[k] = g
				out = append(out, g)
			}
			if !slices.Contains(g.names, name) {
				g.names = append(g.names, name)
			}
			g.sources = append(g.sources, src)
		}
		return out
	}
	for _, g := range collect(func(src *model.Source) (string, string) {
		if strings.TrimSpace(src.Outlet) == "" {
			return "", ""
		}
		return d.Independent(model.Ref{Kind: model.KindSource, ID: src.ID}), src.Outlet
	}) {
		e := PersonEntry{ID: unique("outlet-", g.names[0], g.sources[0].ID), Name: g.names[0], Also: g.names[1:]}
		sources(&e, g.sources)
		claims(&e, originOf[g.key])
		v.Outlets = append(v.Outlets, e)
	}
	for _, src := range d.Sources {
		if strings.TrimSpace(src.Outlet) != "" {
			continue
		}
		e := PersonEntry{ID: "unstated-" + src.ID, Name: src.Title, Link: s.link(p, src.Title, pagePath("source", src.ID))}
		claims(&e, originOf[d.Independent(model.Ref{Kind: model.KindSource, ID: src.ID})])
		v.Unstated = append(v.Unstated, e)
	}
	for _, g := range collect(func(src *model.Source) (string, string) {
		if strings.TrimSpace(src.Author) == "" {
			return "", ""
		}
		return personKey(src.Author), src.Author
	}) {
		e := PersonEntry{ID: unique("author-", g.names[0], g.sources[0].ID), Name: g.names[0], Also: g.names[1:]}
		sources(&e, g.sources)
		// An author is the first origin of what their articles report on
		// their own, and those articles only: unlike an outlet's, an
		// author's articles are not one origin for the verdicts.
		var at []int
		for _, src := range g.sources {
			at = append(at, ownOf[src]...)
		}
		slices.Sort(at)
		var list []*model.Claim
		for _, ci := range slices.Compact(at) {
			list = append(list, d.Claims[ci])
		}
		claims(&e, list)
		v.Authors = append(v.Authors, e)
	}
	p.People = v
}

// personKey folds the ways one name is written: case, spacing and Unicode
// form, as outlets' names are folded.
func personKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(name)), " "))
}

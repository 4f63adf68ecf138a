package render

import (
	"cmp"
	"slices"

	"github.com/dossier-ssg/dossier/internal/model"
)

// TimelineView is the timeline page: when each source was published and
// when what each dated claim is about happened, year by year, and apart
// the sources (and claims) whose date is not known.
type TimelineView struct {
	Years   []TimelineYear
	Undated []TimelineEvent
	Dated   int // claims that carry a date
}

// TimelineYear is one year's events, in order: a date precise only to
// the year comes before the months and days of that year, a month
// before its days.
type TimelineYear struct {
	Year   string
	ID     string // element id: "year-2024"
	Events []TimelineEvent
}

// TimelineEvent is a source's publication or what a claim is about.
type TimelineEvent struct {
	ID      string // element id: "event-source-ID" or "event-claim-ID"
	Kind    string // "source" or "claim"
	Date    DateView
	Link    Link
	Outlet  string      // a source's outlet, when known
	Verdict VerdictView // a claim's verdict; zero for a source
}

// timelineID is the element id of a source's or a claim's event.
func timelineID(kind, id string) string { return "event-" + kind + "-" + id }

// dated reports whether a claim has a date: key; one without a date but
// with precision unknown is listed with the undated sources.
func dated(d model.Date) bool { return d.Precision != "" }

func (s *site) timeline(p *Page) {
	p.Kind, p.Title = "timeline", s.l.Get("page.timeline")
	v := &TimelineView{}
	type ev struct {
		e    TimelineEvent
		date string
		rank int // at one date, what a claim is about comes before the reports
	}
	var evs []ev
	for _, c := range s.d.Claims {
		if !dated(c.Date) {
			continue
		}
		v.Dated++
		e := TimelineEvent{ID: timelineID("claim", c.ID), Kind: "claim", Date: s.dateView(c.Date),
			Link: s.link(p, c.Statement, pagePath("claim", c.ID)), Verdict: s.verdictView(c.Assessment)}
		if c.Date.Value == "" {
			v.Undated = append(v.Undated, e)
			continue
		}
		evs = append(evs, ev{e, c.Date.Value, 0})
	}
	for _, src := range s.d.Sources {
		e := TimelineEvent{ID: timelineID("source", src.ID), Kind: "source", Date: s.dateView(src.Published),
			Link: s.link(p, src.Title, pagePath("source", src.ID)), Outlet: src.Outlet}
		if src.Published.Value == "" {
			v.Undated = append(v.Undated, e)
			continue
		}
		evs = append(evs, ev{e, src.Published.Value, 1})
	}
	// "2024" < "2024-07" < "2024-07-01": the dates' own forms sort by
	// precision within a period; the sort is stable, so the model's order
	// (claims as dossier.yaml lists them, sources by ID) breaks ties.
	slices.SortStableFunc(evs, func(a, b ev) int {
		return cmp.Or(cmp.Compare(a.date, b.date), cmp.Compare(a.rank, b.rank))
	})
	for _, e := range evs {
		year := e.date[:4]
		if n := len(v.Years); n == 0 || v.Years[n-1].Year != year {
			v.Years = append(v.Years, TimelineYear{Year: year, ID: "year-" + year})
		}
		y := &v.Years[len(v.Years)-1]
		y.Events = append(y.Events, e.e)
	}
	p.Timeline = v
}

// claimDate gives a claim's page its date and its place on the timeline.
func (s *site) claimDate(p *Page, v *ClaimView, c *model.Claim) {
	if !dated(c.Date) {
		return
	}
	v.Date = s.dateView(c.Date)
	v.OnTimeline = s.link(p, s.l.Get("claim.on-timeline"), "timeline.html#"+timelineID("claim", c.ID))
}

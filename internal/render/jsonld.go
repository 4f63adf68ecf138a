package render

import (
	"cmp"
	"encoding/json"
	"html/template"

	"github.com/dossier-ssg/dossier/internal/model"
)

// claimReview is schema.org's ClaimReview, the form in which search
// engines and fact-check aggregators read a fact-checker's verdict.
//
// It carries no numeric ratingValue: a verdict rates how a statement is
// sourced, not whether it is true, and any number would be read as a
// place on a scale from false to true. The label says the verdict in
// words, and reviewAspect says what it rates.
type claimReview struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	URL           string   `json:"url,omitempty"`
	ClaimReviewed string   `json:"claimReviewed"`
	DatePublished string   `json:"datePublished,omitempty"`
	Author        ldAuthor `json:"author"`
	ReviewRating  ldRating `json:"reviewRating"`
	ItemReviewed  ldClaim  `json:"itemReviewed"`
}

type ldAuthor struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldRating struct {
	Type              string `json:"@type"`
	AlternateName     string `json:"alternateName"`
	RatingExplanation string `json:"ratingExplanation"`
	ReviewAspect      string `json:"reviewAspect"`
}

type ldClaim struct {
	Type       string   `json:"@type"`
	Appearance []ldWork `json:"appearance,omitempty"`
}

type ldWork struct {
	Type     string `json:"@type"`
	URL      string `json:"url"`
	Headline string `json:"headline"`
}

// claimReview gives the ClaimReview of claim c, whose page p has been laid
// out: the rating is the verdict as the page shows it. encoding/json
// writes <, > and & as \u003c, \u003e and \u0026 (and U+2028, U+2029
// escaped too), so no statement, title or rationale can end the <script>
// element the block sits in; that is what makes it safe as template.JS.
func (s *site) claimReview(p *Page, c *model.Claim) template.JS {
	v := p.Claim.Verdict
	explain := v.Reason
	if v.Overridden {
		explain = sentence(v.Rationale) + " " + s.l.Format("verdict.rules-give", "verdict", v.DerivedLabel) + " " + v.Reason
	}
	r := claimReview{
		Context:       "https://schema.org",
		Type:          "ClaimReview",
		URL:           p.Canonical,
		ClaimReviewed: c.Statement,
		DatePublished: cmp.Or(s.d.Published, s.opt.BuildDate),
		Author:        ldAuthor{Type: "Organization", Name: cmp.Or(s.d.Publisher.Name, s.d.Title), URL: s.d.Publisher.URL},
		ReviewRating: ldRating{
			Type: "Rating", AlternateName: v.Label, RatingExplanation: explain,
			ReviewAspect: "sourcing",
		},
		ItemReviewed: ldClaim{Type: "Claim"},
	}
	// Every source that speaks to the claim, whatever its stance, is a
	// place the claim appears; one without an address cannot be pointed to.
	for _, a := range c.Annotations {
		if a.Source.URL != "" {
			r.ItemReviewed.Appearance = append(r.ItemReviewed.Appearance, ldWork{Type: "CreativeWork", URL: a.Source.URL, Headline: a.Source.Title})
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		panic(err) // strings only: Marshal cannot fail
	}
	return template.JS(b)
}

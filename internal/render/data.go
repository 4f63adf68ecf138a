package render

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"

	"github.com/dossier-ssg/dossier/internal/model"
)

// DataVersion is the format version of the open data, dossier.json and
// agreement.csv. It goes up when a field or column is removed or renamed,
// or its meaning or type changes; a new field or a new value of a
// vocabulary (a stance, a verdict, a kind) leaves it as it is, so readers
// should ignore what they do not know.
const DataVersion = 1

// The open data, as dossier.json writes it; schema/dossier.schema.json
// describes it. Lists keep the model's order (sources and annotations by
// source ID, the rest as dossier.yaml lists them) and no map is written,
// so the same dossier gives the same bytes.
//
// dataHead is what dossier.json says before its lists: origins, sources,
// claims, questions and annotations follow it, in that order, each written
// as it is made (writeDossierJSON).
type dataHead struct {
	Version      int           `json:"version"`
	Title        string        `json:"title"`
	Description  string        `json:"description,omitempty"`
	Language     string        `json:"language"`
	BaseURL      string        `json:"base_url,omitempty"`
	Publisher    dataPublisher `json:"publisher"`
	Published    string        `json:"published,omitempty"`
	Verification dataVerified  `json:"verification"`
}

type dataPublisher struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type dataVerified struct {
	Quotes   int `json:"quotes"`
	Verified int `json:"verified"`
}

type dataRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

type dataOrigin struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind,omitempty"`
	Relays string `json:"relays,omitempty"`
	Note   string `json:"note,omitempty"`
}

type dataDate struct {
	Date      string `json:"date,omitempty"`
	Precision string `json:"precision"`
	Doubtful  bool   `json:"doubtful"`
	Note      string `json:"note,omitempty"`
}

type dataCapture struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

type dataRelay struct {
	dataRef
	Note string `json:"note,omitempty"`
}

type dataSource struct {
	ID         string       `json:"id"`
	Page       string       `json:"page"`
	Title      string       `json:"title"`
	Outlet     string       `json:"outlet,omitempty"`
	OutletNote string       `json:"outlet_note,omitempty"`
	Author     string       `json:"author,omitempty"`
	URL        string       `json:"url,omitempty"`
	Kind       string       `json:"kind"`
	Published  dataDate     `json:"published"`
	Retrieved  dataDate     `json:"retrieved"`
	Notes      string       `json:"notes,omitempty"`
	Capture    *dataCapture `json:"capture,omitempty"`
	Relays     []dataRelay  `json:"relays"`
}

type dataVerdict struct {
	Value          string        `json:"value"`
	Label          string        `json:"label"`
	Derived        string        `json:"derived"`
	DerivedLabel   string        `json:"derived_label"`
	Reason         string        `json:"reason"`
	Override       *dataOverride `json:"override,omitempty"`
	Origins        []dataRef     `json:"origins"`
	DisputeOrigins []dataRef     `json:"dispute_origins"`
}

type dataOverride struct {
	Value     string `json:"value"`
	Rationale string `json:"rationale"`
}

type dataRelation struct {
	Claim    string `json:"claim"`
	Relation string `json:"relation"`
	Note     string `json:"note,omitempty"`
}

type dataClaim struct {
	ID        string         `json:"id"`
	Page      string         `json:"page"`
	Statement string         `json:"statement"`
	Topic     string         `json:"topic,omitempty"`
	Related   []dataRelation `json:"related"`
	Verdict   dataVerdict    `json:"verdict"`
	Date      *dataDate      `json:"date,omitempty"` // when what it is about happened, when it has a date:
}

type dataAnswer struct {
	Claim string `json:"claim"`
	Label string `json:"label"`
	Given bool   `json:"given"`
}

type dataQuestion struct {
	ID              string       `json:"id"`
	Page            string       `json:"page"`
	Question        string       `json:"question"`
	Topic           string       `json:"topic,omitempty"`
	MultipleAnswers bool         `json:"multiple_answers"`
	Answers         []dataAnswer `json:"answers"`
	SilentSources   int          `json:"silent_sources"`
	Verdict         dataVerdict  `json:"verdict"`
}

type dataNote struct {
	Source       string    `json:"source"`
	Claim        string    `json:"claim"`
	Page         string    `json:"page"`
	Stance       string    `json:"stance"`
	Quote        string    `json:"quote"`
	Locator      string    `json:"locator,omitempty"`
	Note         string    `json:"note,omitempty"`
	Via          string    `json:"via,omitempty"`
	Chain        []dataRef `json:"chain"`
	FirstOrigin  dataRef   `json:"first_origin"`
	Verification dataCheck `json:"verification"`
}

type dataCheck struct {
	Verified  bool   `json:"verified"`
	SHA256    string `json:"sha256,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
}

// writeDossierJSON writes dossier.json: every source, origin, claim,
// question, annotation and verdict, for whoever wants to check or reuse the
// dossier without reading its pages. One line, no indent: the file is for
// programs, and at 10,000 claims indenting made it a third larger.
// encoding/json's escaping of <, > and & stays on: the file holds the
// dossier's text as written, and a browser that guesses a type for it must
// never find markup there.
func (s *site) writeDossierJSON(w io.Writer) error {
	d := s.d
	j := newJSONWriter(w)
	j.open(dataHead{
		Version: DataVersion, Title: d.Title, Description: d.Description, Language: d.Language,
		BaseURL:      s.base,
		Publisher:    dataPublisher{Name: cmp.Or(d.Publisher.Name, d.Title), URL: d.Publisher.URL},
		Published:    d.Published,
		Verification: dataVerified{Quotes: s.opt.Verification.Quotes, Verified: s.opt.Verification.Verified},
	})
	j.array("origins", each(d.Origins, func(o *model.Origin) any {
		return dataOrigin{ID: o.ID, Name: o.Name, Kind: o.Kind, Relays: o.Relays, Note: o.Note}
	}))
	j.array("sources", each(d.Sources, func(src *model.Source) any {
		ds := dataSource{
			ID: src.ID, Page: pagePath("source", src.ID), Title: src.Title, Outlet: src.Outlet, OutletNote: src.OutletNote,
			Author: src.Author, URL: src.URL, Kind: src.Kind, Published: dataDateOf(src.Published), Retrieved: dataDateOf(src.Retrieved),
			Notes: src.Notes, Relays: []dataRelay{},
		}
		if src.Capture.File != "" {
			ds.Capture = &dataCapture{File: src.Capture.File, SHA256: src.Capture.SHA256}
		}
		for _, r := range src.Relays {
			ref := dataRef{model.KindOrigin.String(), r.Origin}
			if r.Source != "" {
				ref = dataRef{model.KindSource.String(), r.Source}
			}
			ds.Relays = append(ds.Relays, dataRelay{dataRef: ref, Note: r.Note})
		}
		return ds
	}))
	j.array("claims", each(d.Claims, func(c *model.Claim) any {
		dc := dataClaim{ID: c.ID, Page: pagePath("claim", c.ID), Statement: c.Statement, Topic: c.Topic, Related: []dataRelation{}, Verdict: s.dataVerdictOf(c.Assessment)}
		for _, r := range c.Related {
			dc.Related = append(dc.Related, dataRelation{Claim: r.To, Relation: r.Kind, Note: r.Note})
		}
		if dated(c.Date) {
			date := dataDateOf(c.Date)
			dc.Date = &date
		}
		return dc
	}))
	j.array("questions", each(d.Questions, func(q *model.Question) any {
		dq := dataQuestion{
			ID: q.ID, Page: pagePath("question", q.ID), Question: q.Text, Topic: q.Topic, MultipleAnswers: q.MultipleAnswers,
			Answers: []dataAnswer{}, SilentSources: q.Assessment.Silent, Verdict: s.dataVerdictOf(&q.Assessment.Assessment),
		}
		for _, ans := range q.Answers {
			dq.Answers = append(dq.Answers, dataAnswer{Claim: ans.Claim, Label: ans.Label, Given: slices.Contains(q.Assessment.Given, ans)})
		}
		return dq
	}))
	j.array("annotations", func(yield func(any) bool) {
		for _, src := range d.Sources {
			for _, a := range src.Annotations {
				if !yield(dataNote{
					Source: src.ID, Claim: a.Claim, Page: pagePath("claim", a.Claim) + "#row-" + src.ID,
					Stance: string(a.Stance), Quote: a.Quote, Locator: a.Locator, Note: a.Note, Via: a.Via,
					Chain: dataRefs(a.Chain), FirstOrigin: dataRefOf(a.Origin()),
					Verification: dataCheck{Verified: a.Check.Verified, SHA256: a.Check.SHA256, Paragraph: a.Check.Paragraph},
				}) {
					return
				}
			}
		}
	})
	j.raw("}\n")
	return j.err
}

func dataDateOf(d model.Date) dataDate {
	return dataDate{Date: d.Value, Precision: cmp.Or(d.Precision, "unknown"), Doubtful: d.Doubtful, Note: d.Note}
}

func dataRefOf(r model.Ref) dataRef { return dataRef{Kind: r.Kind.String(), ID: r.ID} }

func dataRefs(refs []model.Ref) []dataRef {
	out := []dataRef{}
	for _, r := range refs {
		out = append(out, dataRefOf(r))
	}
	return out
}

// dataVerdictOf gives an assessment with the labels its pages show.
func (s *site) dataVerdictOf(a *model.Assessment) dataVerdict {
	v := s.verdictView(a)
	dv := dataVerdict{
		Value: string(a.Verdict), Label: v.Label, Derived: string(a.Derived), DerivedLabel: s.labelOf(a.Derived, len(a.Origins), true).Label,
		Reason: a.Reason, Origins: dataRefs(a.Origins), DisputeOrigins: dataRefs(a.DisputeOrigins),
	}
	if o := a.Override; o != nil {
		dv.Override = &dataOverride{Value: o.Verdict, Rationale: o.Rationale}
	}
	return dv
}

// agreementHeader are the columns of agreement.csv.
var agreementHeader = []string{"format_version", "row", "source", "claim", "question", "stance"}

// agreementCSV writes agreement.csv: one row per annotation (a source's
// stance on a claim), then, question by question and answer by answer,
// one row per source that speaks to the answer's claim: the long form of
// the agreement matrix. It holds only IDs and vocabulary words, never
// free text, so a spreadsheet finds nothing in it to run as a formula.
func (s *site) agreementCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true // RFC 4180's line ends
	version := strconv.Itoa(DataVersion)
	w.Write(agreementHeader)
	for _, c := range s.d.Claims {
		for _, a := range c.Annotations {
			w.Write([]string{version, "claim", a.Source.ID, c.ID, "", string(a.Stance)})
		}
	}
	for _, q := range s.d.Questions {
		for _, ans := range q.Answers {
			if ans.Target == nil {
				continue
			}
			for _, a := range ans.Target.Annotations {
				w.Write([]string{version, "question", a.Source.ID, ans.Target.ID, q.ID, string(a.Stance)})
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic(err) // writes to memory only
	}
	return b.Bytes()
}

package render

import (
	"html/template"

	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/markdown"
)

// Page is what every template receives. Fields that do not apply to a page
// kind are nil; decisions are made in Go and templates only lay them out.
type Page struct {
	Site      *SiteView
	Kind      string // index, source, claim, question, matrix, claims-matrix, timeline, people, bibliography, method, search, 404
	Title     string
	HeadTitle string // for <title>: short enough for tabs and search results
	Root      string // relative path from this page to the site root: "" or "../"
	Path      string // this page's path from the site root
	Canonical string // absolute URL when base_url is set
	Nav       []NavItem
	Code      bool // the page shows a code block: it needs the code stylesheet, chroma.css
	Notes     []*NoteView
	// Description is what the page's <meta name="description"> and a
	// shared link's card say: a claim's statement and verdict, a
	// question and its answer, a source's title and outlet, or else the
	// dossier's description.
	Description string
	OGType      string // Open Graph type: article for claim, question and source pages, website otherwise
	// JSONLD is a claim page's schema.org ClaimReview, JSON that cannot
	// close the <script> element it goes in; empty on other pages.
	JSONLD template.JS

	Index        *IndexView
	Source       *SourceView
	Claim        *ClaimView
	Question     *QuestionView
	Matrix       *MatrixView
	Bibliography []*BibEntry
	Method       *MethodView
	Search       *SearchView       // search.html: the only page that loads scripts
	Timeline     *TimelineView     // timeline.html
	People       *PeopleView       // people.html
	ClaimsMatrix *ClaimsMatrixView // claims-matrix.html
}

// SiteView holds the dossier-wide settings a page shows.
type SiteView struct {
	Title        string
	Description  string
	Language     string
	Verification string // one sentence on quote verification
	Sourcing     string // one sentence on what verdicts rate: the sourcing, not the truth
	BuildDate    string // only when SOURCE_DATE_EPOCH is set
	// BaseURL is the site's absolute address, ending in "/", when the
	// build has one: templates print a fixed link's address with it.
	BaseURL string
}

// NavItem is a link of the site navigation.
type NavItem struct {
	Label, Href string
	Current     bool
}

// Link is a titled link to another page.
type Link struct {
	Text, Href string
	// Abs is the link's absolute address when the build has a base URL,
	// for print (data-print-href); Href stays relative for reading offline.
	Abs string
}

// StanceView shows a stance with a symbol and a word, never colour alone.
type StanceView struct {
	Value, Label, Symbol, Class string
}

// VerdictView shows a verdict and why. Its Label rates the sourcing:
// "Corroborated by 2 origins", "Single origin".
type VerdictView struct {
	Value, Label, Symbol, Class string
	Reason                      string
	Overridden                  bool
	DerivedLabel                string
	Rationale                   string
	Rates                       string // what verdicts rate: the sourcing, not the truth
}

// NoteView is one numbered note of the page: a cited source, or a
// footnote the page's text writes ([^label]), which has Footnote set, its
// text in Text and no source fields. Both kinds share one numbering.
type NoteView struct {
	Num      int
	ID       string
	Refs     []markdown.Ref // every place that cites the note, in page order
	Bare     BackRefs       // the places that cite the note alone, without quote or locator
	Footnote bool
	Text     template.HTML // a footnote's text
	Title    string
	Outlet   string
	Date     string
	Href     string // the source's page
	URL      string // the original article, when known
	Items    []NoteItemView
	BibHref  string // the source's bibliography entry
	// Abs and BibAbs are the absolute addresses of Href and BibHref when
	// the build has a base URL, for print.
	Abs, BibAbs string
}

// NoteItemView is one quote or locator in a note, with the places that
// cite it.
type NoteItemView struct {
	Quote     string
	Locator   string
	Verified  bool
	SHA       string // short hash of the capture the quote was found in
	Paragraph int    // the capture's paragraph it was found in
	Back      BackRefs
}

// BackRefs are the back-links from a note to the places that cite it.
type BackRefs struct {
	Num  int // the note's number, for the links' accessible names
	Refs []markdown.Ref
}

// QuoteView is a quote in a table cell with its footnote mark.
type QuoteView struct {
	Text      string
	Mark      template.HTML
	Verified  bool
	SHA       string
	Paragraph int // the capture's paragraph it was found in, when verified
	// Context is the sentence of the capture around a verified quote,
	// cut short, with the quoted words marked; empty when the quote is
	// the whole sentence.
	Context []ContextSpan
}

// ContextSpan is a piece of the sentence around a quote; Space says a
// space comes before it.
type ContextSpan struct {
	Text   string
	Quoted bool
	Space  bool
}

// IndexView is the front page.
type IndexView struct {
	Questions []QuestionRow
	Topics    []TopicGroup
	Sources   []SourceRow
	Counts    Counts
}

// Counts summarises the dossier.
type Counts struct {
	Sources, Claims, Questions, Quotes, Relations int
	l                                             *labels.Table
}

// String says the counts in the page's words: "3 sources, 1 question, ...".
func (c Counts) String() string {
	l := c.l
	return l.Format("index.counts",
		"sources", l.Format("count.sources", "n", c.Sources), "questions", l.Format("count.questions", "n", c.Questions),
		"claims", l.Format("count.claims", "n", c.Claims), "quotes", l.Format("count.quotes", "n", c.Quotes),
		"relations", l.Format("count.relations", "n", c.Relations))
}

// QuestionRow lists a question with its verdict.
type QuestionRow struct {
	Link    Link
	Verdict VerdictView
	Answer  string // the answers given, or why there is none
}

// TopicGroup lists the claims of one topic.
type TopicGroup struct {
	Topic  string
	ID     string
	Claims []ClaimRow
}

// ClaimRow lists a claim with its verdict.
type ClaimRow struct {
	Link    Link
	Verdict VerdictView
}

// SourceRow lists a source.
type SourceRow struct {
	Link      Link
	Outlet    string
	Date      string
	Kind      string // as dossier.yaml's vocabulary writes it
	KindLabel string // in the page's words
}

// SourceView is a source's page.
type SourceView struct {
	ID          string
	Title       string
	Outlet      string
	OutletNote  string
	Author      string
	URL         string
	Kind        string // as dossier.yaml's vocabulary writes it
	KindLabel   string // in the page's words
	Published   DateView
	Retrieved   DateView
	Capture     string
	CaptureSHA  string
	Notes       string
	Summary     template.HTML
	Relays      []RelayView
	Annotations []AnnotationRow
	Backs       []Link
	Disputes    []Link
	Hedges      []Link
	LinkedFrom  []Link
}

// DateView shows a date with its precision and doubt.
type DateView struct {
	Text      string
	Machine   string // for <time datetime>
	Precision string
	Note      string
	Doubtful  bool
}

// RelayView is one thing a source relays.
type RelayView struct {
	Name      string
	Href      string
	Abs       string // absolute address of Href, with a base URL, for print
	Kind      string // the origin's kind, or "source"
	KindLabel string // in the page's words
	Note      string
	Chain     []string // what the relayed origin relays in turn
}

// AnnotationRow is one annotation on a source page.
type AnnotationRow struct {
	Target  Link
	Stance  StanceView
	Quote   QuoteView
	Locator string
	Note    string
	Via     string      // the chain as text, "A → B"; empty for own reporting
	Chain   []ChainLink // the same, each step a link
}

// ClaimView is a claim's page.
type ClaimView struct {
	ID         string
	Statement  string
	Topic      string
	Verdict    VerdictView
	Context    template.HTML
	Evidence   []EvidenceRow
	Answers    []AnswerOf // the questions this claim answers
	Related    []RelationView
	Inverse    []RelationView
	LinkedFrom []Link
	// Date is when what the claim is about happened; its Precision is
	// empty when the claim has no date:. OnTimeline leads to its place
	// on the timeline.
	Date       DateView
	OnTimeline Link
}

// AnswerOf is a question a claim answers, with the label it answers under.
type AnswerOf struct {
	Question Link
	Label    string
}

// EvidenceRow is one source's stance on a claim. A claim's page and the
// page of every question it answers show the same rows.
type EvidenceRow struct {
	ID      string // element id of the row
	Source  Link
	Outlet  string
	Stance  StanceView
	Quote   QuoteView
	Locator string
	Note    string
	Chain   []ChainLink // what the statement rests on; empty for own reporting
}

// ChainLink is one step from a source back to the origin of what it says.
type ChainLink struct {
	Name string
	Href string
	Abs  string // absolute address of Href, with a base URL, for print
	Kind string
}

// RelationView is a link between claims.
type RelationView struct {
	Phrase string
	Claim  Link
	Note   string
}

// QuestionView is a question's page, with its source-agreement table:
// one group of rows per answer, the same rows as the answer's claim page.
type QuestionView struct {
	ID              string
	Text            string
	Topic           string
	Verdict         VerdictView
	Answer          string // the answers given, or why there is none
	Context         template.HTML
	MultipleAnswers bool
	Answers         []AnswerView
	Silent          []Link // sources that speak to none of the answers, when few
	SilentCount     int
	LinkedFrom      []Link
}

// AnswerView is one answer of a question: its claim, that claim's
// verdict and evidence.
type AnswerView struct {
	ID      string // element id of the answer's group of rows
	Label   string
	Claim   Link
	Given   bool // sources back it (its verdict is corroborated, single-origin or disputed)
	Verdict VerdictView
	Rows    []EvidenceRow
}

// MatrixView is the questions x sources agreement matrix.
type MatrixView struct {
	Sources []Link
	Heads   []ColumnHead // the same sources, as their columns are headed
	Rows    []MatrixRow
}

// MatrixRow is one question across all sources.
type MatrixRow struct {
	Question Link
	Verdict  VerdictView
	Cells    []MatrixCell
}

// MatrixCell is one source's stances on one question's answers; no
// Stances means the source is silent on the question.
type MatrixCell struct {
	Stances []MatrixStance
}

// MatrixStance is a source's stance on one answer.
type MatrixStance struct {
	Stance StanceView
	Answer string
	Source string // the source, where a row lists sources rather than a column each
	Href   string
	Abs    string // absolute address of Href, with a base URL, for print
}

// BibEntry is one source in the bibliography.
type BibEntry struct {
	ID         string
	Link       Link
	Author     string
	Outlet     string
	Published  DateView
	Retrieved  DateView
	Kind       string // as dossier.yaml's vocabulary writes it
	KindLabel  string // in the page's words
	URL        string
	Capture    string
	CaptureSHA string
	CitedBy    int
}

// MethodView explains the vocabularies and rules.
type MethodView struct {
	Stances       []StanceView
	Meanings      []string
	Rules         []RuleView
	QuestionRules []string
	Relations     []RelationKind
	Review        template.HTML
}

// RuleView is a verdict rule.
type RuleView struct {
	Verdict VerdictView
	When    string
}

// RelationKind is a relation word and its inverse.
type RelationKind struct {
	Word, Forward, Inverse string
}

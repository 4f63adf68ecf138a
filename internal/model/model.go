// Package model is the dossier's vocabulary: sources, claims, questions, the
// annotations that tie a source to a claim or question, and the indexes that
// let later stages look any of them up by ID in constant time.
package model

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
)

// Pos is a position in a dossier file.
type Pos = diag.Pos

// Dossier is everything one build reads.
type Dossier struct {
	Path        string // of dossier.yaml, as given in messages
	Title       string
	Description string
	Language    string
	LanguagePos Pos
	// Labels are the words of the pages: the built-in table of Language,
	// with dossier.yaml's labels: over it. Nil is English.
	Labels      *labels.Table
	BaseURL     string
	Captures    string // folder of source captures, relative to Root; may be empty
	CapturesPos Pos
	BaseURLPos  Pos
	Method      string // Markdown: how the dossier was checked, shown on the method page
	MethodPos   Pos
	// Publisher is who publishes the dossier: the author of its
	// ClaimReview data. Name is empty when dossier.yaml names none.
	Publisher Publisher
	// Published is the day the dossier was published, YYYY-MM-DD, or "".
	Published    string
	PublishedPos Pos

	Origins   []*Origin
	Questions []*Question
	Claims    []*Claim
	Sources   []*Source // sorted by ID

	// Partial says dossier.yaml could not be read as a whole (refused, not
	// UTF-8, a YAML syntax error, empty, a second document): the claims,
	// questions and origins it defines are not all known, so references to
	// them are not checked, rather than each reported missing.
	Partial bool

	// One namespace: an ID names one claim, question, source or origin.
	IDs          map[string]Ref
	OriginByID   map[string]*Origin
	QuestionByID map[string]*Question
	ClaimByID    map[string]*Claim
	SourceByID   map[string]*Source
}

// Publisher is the person or organisation that publishes a dossier.
type Publisher struct {
	Name   string
	URL    string // http(s), or ""
	URLPos Pos
}

// Kind says what an ID names.
type Kind uint8

// The kinds of thing an ID can name.
const (
	KindClaim Kind = iota + 1
	KindQuestion
	KindSource
	KindOrigin
)

func (k Kind) String() string {
	switch k {
	case KindClaim:
		return "claim"
	case KindQuestion:
		return "question"
	case KindSource:
		return "source"
	case KindOrigin:
		return "origin"
	}
	return "nothing"
}

// Ref is a typed reference to a claim, question, source or origin.
type Ref struct {
	Kind Kind
	ID   string
}

func (r Ref) String() string { return r.Kind.String() + " " + r.ID }

// Origin is where a statement first came from when a source only relays it:
// a news agency, a ministry, an official statement, another outlet.
type Origin struct {
	ID     string
	Name   string
	Kind   string // agency, ministry, official, outlet, media, person
	Note   string
	Relays string // ID of the origin this one itself relays, if any
	Pos    Pos
}

// Question is a question of fact. Its answers are claims: what a source
// says on a question is what it says on those claims, recorded once, so
// the question's table and each claim's page show the same evidence.
type Question struct {
	ID      string
	Text    string
	Topic   string
	Context string // Markdown
	CtxPos  Pos    // where Context starts, for positions inside it
	Answers []*Answer
	// MultipleAnswers says the answers are compatible (who wore it, what
	// it is for): several can hold at once, so two supported answers do not
	// dispute each other. Otherwise at most one can be right.
	MultipleAnswers bool
	Pos             Pos

	Assessment *QuestionAssessment // filled by package verdict
}

// Answer is one claim that answers a question, with the short label the
// question's table shows for it.
type Answer struct {
	Claim string
	Label string // "In 2012"; the claim's statement when not given
	Pos   Pos

	Target *Claim // filled by Index
}

// Claim is a statement the dossier checks.
type Claim struct {
	ID        string
	Statement string
	Topic     string
	Context   string // Markdown
	CtxPos    Pos
	Related   []*Relation
	Override  *Override
	Pos       Pos
	// Date is when what the claim is about happened, when it has one:
	// the same forms and precision as a source's published date. Its
	// Precision is empty when the claim has no date: key.
	Date Date

	Annotations []*Annotation // filled by Index, sorted by source ID
	Inverse     []*Relation   // relations other claims declare towards this one
	Answers     []*Question   // the questions this claim answers, filled by Index

	Assessment *Assessment // filled by package verdict
}

// Relation links one claim to another.
type Relation struct {
	From, To string // claim IDs
	Kind     string // one of Relations
	Note     string
	Pos      Pos
}

// Override is an editor's verdict that replaces the derived one.
type Override struct {
	Verdict   string
	Rationale string
	Pos       Pos
}

// Date is a possibly partial date with its precision and any doubt about it.
type Date struct {
	Value     string // YYYY, YYYY-MM or YYYY-MM-DD; empty when unknown
	Precision string // day, month, year or unknown
	Note      string
	Doubtful  bool
	Pos       Pos
}

// Relay names what a source repeats: an origin or another source.
type Relay struct {
	Origin string
	Source string
	Note   string
	Pos    Pos
}

// Capture identifies the saved copy of a source that its quotes are checked against.
type Capture struct {
	File    string
	SHA256  string
	Pos     Pos // of the capture: mapping
	FilePos Pos
	SHAPos  Pos
}

// Source is one article.
type Source struct {
	ID         string
	Path       string // e.g. content/a.md, as given in messages
	Title      string
	Outlet     string
	OutletNote string
	Author     string
	URL        string
	URLPos     Pos
	Kind       string // one of SourceKinds
	Published  Date
	Retrieved  Date
	Relays     []*Relay
	Capture    Capture
	Notes      string // what the capture lacks or how it was read

	Annotations []*Annotation
	Body        []byte // Markdown summary
	BodyLine    int    // line of the file where Body starts
	Pos         Pos
}

// Annotation is what one source says about one claim.
type Annotation struct {
	Source     *Source
	Claim      string
	Stance     Stance
	Quote      string
	Locator    string
	Note       string
	Via        string // origin or source this statement rests on, or ViaOwn
	Pos        Pos
	ClaimPos   Pos
	QuotePos   Pos
	ViaPos     Pos
	LocatorPos Pos

	// Question and Answer are kept only to say what to write instead: a
	// source speaks to a question through the claims that answer it.
	Question string
	Answer   string

	Target *Claim // filled by Index
	// Chain is what the statement rests on, worked out once by Index:
	// the source itself, then any sources it came through, then the
	// origins, each relaying the next. Its last element is the first origin.
	Chain []Ref

	Check QuoteCheck // filled by verify
}

// ViaOwn is the via: of an annotation that is the source's own reporting,
// written out where the source relays others and could have taken it
// from them.
const ViaOwn = "own"

// Origin is the first origin of the annotation's statement: the last
// element of its chain.
func (a *Annotation) Origin() Ref {
	if len(a.Chain) == 0 {
		return Ref{KindSource, a.Source.ID}
	}
	return a.Chain[len(a.Chain)-1]
}

// QuoteCheck records whether a quote was found in its source's capture,
// and where.
type QuoteCheck struct {
	Verified  bool
	SHA256    string // of the capture it was found in
	Paragraph int    // 1-based paragraph of the capture the quote sits in
	// Context is the sentence of the capture around the quote, cut short,
	// with the quoted words marked: what a reader needs to see that a
	// partial quote keeps its sense.
	Context []Span
}

// Span is a piece of a capture's text; Quoted pieces are the quote's
// words. Space says the capture has white space before it.
type Span struct {
	Text   string
	Quoted bool
	Space  bool
}

// Stance is a source's position on a claim or question.
type Stance string

// The stance vocabulary.
const (
	Supports Stance = "supports"
	Disputes Stance = "disputes"
	Hedges   Stance = "hedges"
	Mentions Stance = "mentions"
)

// StanceInfo describes a stance for readers; Symbol lets a table carry the
// stance without relying on colour. Its name and meaning are labels
// (stance.supports, stance.supports.meaning).
type StanceInfo struct {
	Stance Stance
	Symbol string
}

// Stances is the fixed vocabulary, in the order the method page lists it.
var Stances = []StanceInfo{
	{Supports, "+"},
	{Disputes, "−"},
	{Hedges, "?"},
	{Mentions, "·"},
}

// Info returns the description of s, and false when s is not in the vocabulary.
func (s Stance) Info() (StanceInfo, bool) {
	for _, i := range Stances {
		if i.Stance == s {
			return i, true
		}
	}
	return StanceInfo{}, false
}

// StanceNames lists the vocabulary's words.
func StanceNames() []string {
	var n []string
	for _, s := range Stances {
		n = append(n, string(s.Stance))
	}
	return n
}

// Relations is the vocabulary of links between claims, sorted. Each reads
// as a verb after "This claim", on the claim that declares it and on the
// claim it points to, in the labels relation.WORD and relation.WORD.inverse:
// "This claim depends on ...", "This claim is needed by ...".
var Relations = []string{"context", "contradicts", "depends-on", "refines", "same-as", "supports"}

// SourceKinds is the vocabulary of source kinds.
var SourceKinds = []string{"report", "analysis", "republication", "opinion", "official", "interview"}

// OriginKinds is the vocabulary of origin kinds.
var OriginKinds = []string{"agency", "ministry", "official", "outlet", "media", "person", "photo"}

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)

// Slug turns any text into a valid ID: lower-case letters and digits, runs
// of anything else folded into one hyphen. It suggests IDs in messages and
// makes element ids from headings and topics.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// MaxIDLen is the longest an ID may be: it names a page's file and sits in
// its URL, and file systems allow a name 255 bytes.
const MaxIDLen = 100

// ValidID reports whether s can be used as an ID: lower-case letters, digits,
// and single hyphens or underscores between them, so that it is a safe file name
// and URL fragment everywhere.
func ValidID(s string) bool { return IDProblem(s) == "" }

// IDProblem says why s cannot be an ID, or "" when it can.
func IDProblem(s string) string {
	switch {
	case !idRE.MatchString(s):
		return "use lower-case letters and digits joined by single hyphens or underscores"
	case len(s) > MaxIDLen:
		return fmt.Sprintf("it is %d characters long, more than the %d an ID may have", len(s), MaxIDLen)
	case windowsDevice(s):
		return fmt.Sprintf("%s is a device name on Windows, where no file can be called %s.html or %s.md", strings.ToUpper(s), s, s)
	}
	return ""
}

// windowsDevice reports whether s is a name Windows keeps for a device,
// with any extension: "con.html" cannot be created there.
func windowsDevice(s string) bool {
	switch s {
	case "con", "aux", "nul", "prn":
		return true
	}
	return len(s) == 4 && (strings.HasPrefix(s, "com") || strings.HasPrefix(s, "lpt")) && s[3] >= '1' && s[3] <= '9'
}

// SuggestID turns s into a valid ID for a message to suggest: its Slug,
// cut at a hyphen to fit MaxIDLen, and kept clear of device names by adding
// what it names ("claim"), which also stands in for a Slug that is empty.
func SuggestID(s, what string) string {
	id := Slug(s)
	if len(id) > MaxIDLen {
		// Slug's output is ASCII, so bytes are characters.
		if i := strings.LastIndexByte(id[:MaxIDLen+1], '-'); i > 0 {
			id = id[:i]
		} else {
			id = id[:MaxIDLen]
		}
	}
	switch {
	case id == "":
		return what
	case windowsDevice(id):
		return id + "-" + what
	}
	return id
}

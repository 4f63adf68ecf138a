// Package load reads a dossier from disk: dossier.yaml and one Markdown file
// per source under content/. It checks the shape of every file (known keys,
// required fields, value types, dates, the stance vocabulary) and keeps the
// position of every value, so later stages can report problems precisely.
package load

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/model"
)

// ConfigName is the dossier's settings file, relative to its root.
const ConfigName = "dossier.yaml"

// ContentDir holds one Markdown file per source.
const ContentDir = "content"

// TemplatesDir holds a dossier's own templates, which replace the defaults
// by name.
const TemplatesDir = "templates"

// Load reads the dossier rooted at root. Problems in the files come back as
// a list; err is set only when files cannot be read at all.
//
// Only regular files inside root are read, each up to TextCap: a link that
// leads outside, a named pipe or a device is refused, and the refusal is a
// problem in the dossier like any other.
func Load(root string) (*model.Dossier, diag.List, error) {
	return load(root, nil)
}

// Cache keeps the YAML that Load parsed, by content, so that a dossier
// loaded again (the preview, after an edit) parses only the files that
// changed. Every Load still makes every claim, question and source afresh
// from the parsed trees, which yaml.v3 never changes: a site still being
// served from the last load shares nothing with the next. The zero value
// is ready; a Cache is not for concurrent use, but its Load is.
type Cache struct {
	trees treeCache
}

// treeCache holds parsed YAML by the SHA-256 of its text. A nil *treeCache
// parses every time.
type treeCache struct {
	mu     sync.Mutex
	m      map[[32]byte]*tree // used by this load
	last   map[[32]byte]*tree // by the one before; what is not used again goes
	parsed int                // texts parsed by this load, not found here
}

// tree is one parsed YAML text: its first document, whether another
// follows, or the error that stopped it.
type tree struct {
	doc  *yaml.Node
	more bool
	err  error
}

func (tc *treeCache) get(data []byte, parse func([]byte) *tree) *tree {
	if tc == nil {
		return parse(data)
	}
	sum := sha256.Sum256(data)
	tc.mu.Lock()
	t := tc.m[sum]
	if t == nil {
		if t = tc.last[sum]; t != nil {
			tc.m[sum] = t
		}
	}
	tc.mu.Unlock()
	if t != nil {
		return t
	}
	t = parse(data)
	tc.mu.Lock()
	tc.m[sum] = t
	tc.parsed++
	tc.mu.Unlock()
	return t
}

// next starts a load: trees the last one did not use are dropped.
func (tc *treeCache) next() {
	tc.mu.Lock()
	tc.last, tc.m, tc.parsed = tc.m, map[[32]byte]*tree{}, 0
	tc.mu.Unlock()
}

// document parses a YAML text, dossier.yaml or a source's front matter:
// its first document, and whether more follow (a "---" or "..." line ends
// the first, and what comes after it would be lost).
func (tc *treeCache) document(data []byte) *tree {
	return tc.get(data, func(data []byte) *tree {
		docs := yaml.NewDecoder(bytes.NewReader(data))
		t := &tree{doc: &yaml.Node{}}
		if err := docs.Decode(t.doc); err != nil && err != io.EOF {
			t.err = err
			return t
		}
		t.more = moreDocuments(docs)
		return t
	})
}

// Load is the package's Load, parsing again only the YAML whose text
// changed since the last Load.
func (c *Cache) Load(root string) (*model.Dossier, diag.List, error) {
	c.trees.next()
	return load(root, &c.trees)
}

func load(root string, trees *treeCache) (*model.Dossier, diag.List, error) {
	var errs diag.List
	d := &model.Dossier{}
	cfgPath := filepath.Join(root, ConfigName)
	noConfig := fmt.Errorf("%s: no %s here; run dossier in the folder that holds it, or pass -root; dossier new DIR starts a new dossier", cfgPath, ConfigName)
	dir, err := OpenFolder(root, "the dossier")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, noConfig
		}
		return nil, nil, err
	}
	defer dir.Close()
	d.Path = filepath.ToSlash(cfgPath)
	data, err := dir.ReadFile(ConfigName, ConfigCap)
	// dossier.yaml, one document, parses on one CPU while the sources
	// parse on the others.
	var cfgErrs diag.List
	configDone := make(chan struct{})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, noConfig
	case refused(err, d.Path, &errs):
		d.Partial = true
		close(configDone)
	case err != nil:
		return nil, nil, err
	default:
		go func() {
			defer close(configDone)
			parseConfig(d, d.Path, data, &cfgErrs, trees)
		}()
	}
	// However this returns, the goroutine is done with d first.
	defer func() { <-configDone }()
	paths, err := sourceFiles(dir, root, &errs)
	if err != nil {
		return nil, nil, err
	}
	datas := make([][]byte, len(paths))
	for i, p := range paths {
		data, err := dir.ReadFile(p, TextCap)
		if refused(err, inRoot(root, p), &errs) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		datas[i] = data
	}
	sources := make([]*model.Source, len(paths))
	srcErrs := make([]diag.List, len(paths))
	parallel(len(paths), func(i int) {
		if datas[i] != nil {
			sources[i] = parseSource(inRoot(root, paths[i]), datas[i], &srcErrs[i], trees)
		}
	})
	<-configDone
	errs.Append(cfgErrs)
	for i, s := range sources {
		errs.Append(srcErrs[i])
		if s != nil {
			d.Sources = append(d.Sources, s)
		}
	}
	// By ID, as the model promises: file names sort "a-b.md" before "a.md".
	slices.SortFunc(d.Sources, func(a, b *model.Source) int { return strings.Compare(a.ID, b.ID) })
	errs.Append(d.Index())
	return d, errs, nil
}

// parallel calls fn(0) ... fn(n-1) on as many goroutines as there are CPUs.
func parallel(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// inRoot gives the slash-separated path inside the dossier's folder
// (content/a.md) as messages show it: from where dossier runs.
func inRoot(root, name string) string {
	return filepath.ToSlash(filepath.Join(root, filepath.FromSlash(name)))
}

// refused reports whether err is a Refusal, and if so adds it to errs at the
// start of file.
func refused(err error, file string, errs *diag.List) bool {
	var r *Refusal
	if !errors.As(err, &r) {
		return false
	}
	errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "not read: %s", r.Why)
	return true
}

// sourceFiles lists the sources in content/: its files ending in ".md",
// sorted by name, so output never depends on disk order. A file that looks
// like a source but would be passed over, in a subfolder or with another
// extension, is reported rather than silently left out of the dossier.
// Other files and anything hidden are ignored. content/ may be a link to a
// folder inside the dossier; links inside it are listed and left for
// ReadFile to follow or refuse.
func sourceFiles(dir *Folder, root string, errs *diag.List) ([]string, error) {
	var paths []string
	err := fs.WalkDir(dir.root.FS(), ContentDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p != ContentDir {
				return err
			}
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			if refused(dir.statError(p, err), inRoot(root, p), errs) {
				return fs.SkipDir
			}
			return err
		}
		name := e.Name()
		if p != ContentDir && strings.HasPrefix(name, ".") {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		pos := diag.Pos{File: inRoot(root, p), Line: 1, Col: 1}
		ext := path.Ext(name)
		want := model.SuggestID(strings.TrimSuffix(name, ext), "source") + ".md"
		isMD := slices.Contains([]string{".md", ".markdown", ".mdown", ".mkd"}, strings.ToLower(ext))
		switch {
		case !isMD:
		case path.Dir(p) != ContentDir:
			errs.Add(pos, "sources live directly in %s/, one file each: move this file to %s/%s", ContentDir, ContentDir, want)
		case ext != ".md":
			errs.Add(pos, "a source's file name ends in .md: rename this file to %s", want)
		default:
			paths = append(paths, p)
		}
		return nil
	})
	return paths, err
}

// MaxValues bounds the YAML values dossier.yaml may hold, so that the
// parser's memory, which grows with them (about 440 bytes each), stays
// under 2 GB: a synthetic dossier of 30,000 claims holds 0.7 million.
const MaxValues = 4_000_000

// values is an upper bound of the YAML values in data, counted in one pass:
// every value starts a line or follows a comma or an opening bracket.
func values(data []byte) int {
	// bytes.Count is vectorised: a 21 MB dossier.yaml is counted in a few
	// milliseconds, where a loop over its bytes took tens (the preview
	// counts on every edit).
	n := 1
	for _, b := range []byte{'\n', ',', '[', '{'} {
		n += bytes.Count(data, []byte{b})
	}
	return n
}

// parseConfig reads the text of dossier.yaml into d. When the text cannot
// be read as a whole, it says so once and marks d Partial.
func parseConfig(d *model.Dossier, file string, data []byte, errs *diag.List, trees *treeCache) {
	readConfig(d, file, data, errs, trees, true)
}

// readConfig is parseConfig, reading its long lists item by item when
// split is set and they allow it (split.go), or as one document.
func readConfig(d *model.Dossier, file string, data []byte, errs *diag.List, trees *treeCache, split bool) {
	if e := notUTF8(file, data); e != nil {
		errs.Append(diag.List{e})
		d.Partial = true
		return
	}
	data = newlines(data)
	if n := values(data); n > MaxValues {
		errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "%s holds about %d YAML values, more than the %d dossier reads in one file: is it the file you meant?", ConfigName, n, MaxValues)
		d.Partial = true
		return
	}
	var parsed *tree
	var lists map[string]*items
	if split {
		if header, cut := splitConfig(data); cut != nil {
			if head, read, ok := readSplit(file, header, cut, trees); ok {
				parsed, lists = head, read
			}
		}
	}
	if parsed == nil {
		parsed = trees.document(data)
	}
	doc := parsed.doc
	if parsed.err != nil {
		errs.Append(diag.List{yamlError(file, data, 0, parsed.err)})
		d.Partial = true
		return
	}
	if len(doc.Content) == 0 {
		errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "%s is empty; it needs at least a title", ConfigName)
		d.Partial = true
		return
	}
	if parsed.more {
		line, does := secondDocumentAt(data)
		errs.Add(diag.Pos{File: file, Line: line, Col: 1}, "%s holds one YAML document, but this %s, which would be ignored: delete the line and merge what follows into the keys above", ConfigName, does)
		d.Partial = true
	}
	if doc.Content[0].Kind != yaml.MappingNode {
		d.Partial = true // mapping says why
	}
	dec := &decoder{file: file, src: data, errs: errs}
	// The items of the lists, read here from the whole text, or already
	// read piece by piece: either way, where a whole parse reads them.
	var all items
	listOf := func(key string) func(*yaml.Node) {
		if r := lists[key]; r != nil {
			return func(*yaml.Node) {
				all.add(r)
				errs.Append(r.errs)
			}
		}
		return dec.seq(key, func(n *yaml.Node) { all.read(dec, key, n) })
	}
	own := map[string]labels.Text{}
	dec.mapping(doc.Content[0], ConfigName,
		field{"title", true, dec.str(&d.Title, "title")},
		field{"description", false, dec.str(&d.Description, "description")},
		field{"language", false, func(v *yaml.Node) {
			d.LanguagePos = dec.pos(v)
			dec.str(&d.Language, "language")(v)
			if d.Language != "" && !LanguageTag(d.Language) {
				dec.errorf(v, "language %q is not a language tag: write a BCP 47 tag such as en, de-CH or zh-Hant-TW", d.Language)
				d.Language = ""
			}
		}},
		field{"labels", false, dec.labels(own)},
		field{"base_url", false, dec.strPos(&d.BaseURL, &d.BaseURLPos, "base_url")},
		field{"method", false, dec.text(&d.Method, &d.MethodPos, "method")},
		field{"captures", false, dec.strPos(&d.Captures, &d.CapturesPos, "captures")},
		field{"publisher", false, dec.publisher(&d.Publisher)},
		field{"published", false, dec.day(&d.Published, &d.PublishedPos, "published")},
		field{"origins", false, listOf("origins")},
		field{"questions", false, listOf("questions")},
		field{"claims", false, listOf("claims")},
	)
	d.Origins, d.Questions, d.Claims = all.origins, all.questions, all.claims
	if d.Language == "" {
		d.Language = "en"
	}
	resolveLabels(d, own, errs)
}

// languageTagRE is the shape of a BCP 47 language tag, as <html lang>
// takes it: a language, then optionally a script, a region and variants
// (en, de-CH, zh-Hant-TW, es-419, de-CH-1996). It checks the shape, not
// the registry.
var languageTagRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$`)

// LanguageTag reports whether s has the shape of a language tag that
// language: takes.
func LanguageTag(s string) bool { return languageTagRE.MatchString(s) }

// moreDocuments reports whether docs, past its first document, holds
// another that says anything: it would be dropped, with every claim in it.
// A closing "---" with nothing after it loses nothing.
func moreDocuments(docs *yaml.Decoder) bool {
	for {
		var n yaml.Node
		switch err := docs.Decode(&n); {
		case err == io.EOF:
			return false
		case err != nil:
			return true
		case len(n.Content) > 0 && (n.Content[0].Kind != yaml.ScalarNode || n.Content[0].Tag != "!!null"):
			return true
		}
	}
}

// secondDocumentAt is secondDocument's line, and what its marker does
// there, as a message says it.
func secondDocumentAt(data []byte) (line int, does string) {
	line, marker := secondDocument(data)
	if marker == "..." {
		return line, `"..." ends it, and more follows`
	}
	return line, `"---" starts a second one`
}

// secondDocument finds the marker line ("---" or "...") after which data,
// which holds more than one YAML document, starts its second: the first
// marker at the start of a line after some content. Inside a document
// such a line could only be in a block scalar, and that is indented.
func secondDocument(data []byte) (line int, marker string) {
	content := false
	for i, l := range bytes.Split(data, []byte("\n")) {
		l = bytes.TrimRight(l, " \t")
		m := ""
		if len(l) >= 3 && (len(l) == 3 || l[3] == ' ' || l[3] == '\t') && (bytes.HasPrefix(l, []byte("---")) || bytes.HasPrefix(l, []byte("..."))) {
			m = string(l[:3])
		}
		switch {
		case m != "" && content:
			return i + 1, m
		case m == "" && len(l) > 0 && l[0] != '#':
			content = true
		}
	}
	return 1, "---"
}

func (d *decoder) id(dst *string, what string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		d.str(dst, what+" id")(v)
		if *dst == "" {
			return
		}
		if why := model.IDProblem(*dst); why != "" {
			d.errorf(v, "%s id %q is not valid: %s; %q would do", what, *dst, why, model.SuggestID(*dst, what))
			*dst = ""
		}
	}
}

func (d *decoder) origin(n *yaml.Node) *model.Origin {
	o := &model.Origin{Pos: d.pos(n)}
	d.mapping(n, "origin",
		field{"id", true, d.id(&o.ID, "origin")},
		field{"name", true, d.str(&o.Name, "origin name")},
		field{"kind", false, d.oneOf(&o.Kind, "origin kind", model.OriginKinds)},
		field{"note", false, d.str(&o.Note, "origin note")},
		field{"relays", false, d.str(&o.Relays, "origin relays")},
	)
	if o.ID == "" {
		return nil
	}
	return o
}

func (d *decoder) question(n *yaml.Node) *model.Question {
	q := &model.Question{Pos: d.pos(n)}
	d.mapping(n, "question",
		field{"id", true, d.id(&q.ID, "question")},
		field{"question", true, d.str(&q.Text, "question text")},
		field{"topic", false, d.str(&q.Topic, "topic")},
		field{"context", false, d.text(&q.Context, &q.CtxPos, "context")},
		field{"answers", false, d.seq("answers", func(n *yaml.Node) {
			a := &model.Answer{Pos: d.pos(n)}
			if n.Kind == yaml.ScalarNode { // - claim-id
				d.str(&a.Claim, "answer claim")(n)
			} else {
				d.mapping(n, "answer",
					field{"claim", true, d.str(&a.Claim, "answer claim")},
					field{"answer", false, d.str(&a.Label, "answer label")},
				)
			}
			if a.Claim != "" {
				q.Answers = append(q.Answers, a)
			}
		})},
		field{"verdict", false, func(v *yaml.Node) {
			// One home per verdict: an override on the question would
			// disagree with the claims it is made of.
			d.errorf(v, "a question's verdict comes from the claims that answer it: override the verdict of the answer's claim instead")
		}},
		field{"multiple_answers", false, d.boolean(&q.MultipleAnswers, "multiple_answers")},
	)
	if q.ID == "" {
		return nil
	}
	return q
}

func (d *decoder) claim(n *yaml.Node) *model.Claim {
	c := &model.Claim{Pos: d.pos(n)}
	d.mapping(n, "claim",
		field{"id", true, d.id(&c.ID, "claim")},
		field{"statement", true, d.str(&c.Statement, "statement")},
		field{"topic", false, d.str(&c.Topic, "topic")},
		field{"context", false, d.text(&c.Context, &c.CtxPos, "context")},
		field{"related", false, d.seq("related", func(n *yaml.Node) {
			r := &model.Relation{Pos: d.pos(n)}
			d.mapping(n, "relation",
				field{"claim", true, d.str(&r.To, "related claim")},
				field{"relation", true, d.oneOf(&r.Kind, "relation", model.Relations)},
				field{"note", false, d.str(&r.Note, "relation note")},
			)
			if r.To != "" && r.Kind != "" {
				c.Related = append(c.Related, r)
			}
		})},
		field{"verdict", false, d.override(&c.Override)},
		field{"date", false, d.date(&c.Date, "date")},
	)
	if c.ID == "" {
		return nil
	}
	for _, r := range c.Related {
		r.From = c.ID
	}
	return c
}

func (d *decoder) override(dst **model.Override) func(*yaml.Node) {
	return func(n *yaml.Node) {
		o := &model.Override{Pos: d.pos(n)}
		d.mapping(n, "verdict override",
			field{"value", true, d.str(&o.Verdict, "verdict value")},
			field{"rationale", true, d.str(&o.Rationale, "verdict rationale")},
		)
		if o.Verdict != "" && o.Rationale != "" {
			*dst = o
		}
	}
}

func (d *decoder) oneOf(dst *string, what string, allowed []string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		var s string
		d.str(&s, what)(v)
		if s == "" {
			return
		}
		if !slices.Contains(allowed, s) {
			d.errorf(v, "%s %q is not one of: %s%s", what, s, strings.Join(allowed, ", "), diag.DidYouMean(s, allowed))
			return
		}
		*dst = s
	}
}

// ParseSource reads one content file. It returns nil when the file is too
// broken to describe a source.
func ParseSource(file string, data []byte, errs *diag.List) *model.Source {
	return parseSource(file, data, errs, nil)
}

func parseSource(file string, data []byte, errs *diag.List, trees *treeCache) *model.Source {
	id := strings.TrimSuffix(path.Base(file), ".md")
	filePos := diag.Pos{File: file, Line: 1, Col: 1}
	if why := model.IDProblem(id); why != "" {
		errs.Add(filePos, "file name %q is not a valid source id: %s; rename it to %q", path.Base(file), why, model.SuggestID(id, "source")+".md")
		return nil
	}
	if e := notUTF8(file, data); e != nil {
		errs.Append(diag.List{e})
		return nil
	}
	data = newlines(data)
	front, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		if bytes.HasPrefix(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("---")) {
			errs.Add(filePos, "front matter is never closed: end the source's YAML with a line \"---\" before the summary")
		} else {
			errs.Add(filePos, "missing front matter: start the file with a line \"---\", the source's YAML, and another \"---\"")
		}
		return nil
	}
	// The body is copied out of the file, whose front matter (most of a
	// source's bytes: its annotations) is decoded into the model and need
	// not stay in memory: at 30,000 claims, 32 MB kept through the build.
	s := &model.Source{ID: id, Path: file, Body: bytes.Clone(body), BodyLine: bodyLine, Pos: filePos}
	parsed := trees.document(front)
	if parsed.err != nil {
		errs.Append(diag.List{yamlError(file, front, 1, parsed.err)})
		return nil
	}
	doc := parsed.doc
	if len(doc.Content) == 0 {
		errs.Add(filePos, "front matter is empty; it needs at least a title")
		return nil
	}
	if parsed.more {
		line, does := secondDocumentAt(front)
		errs.Add(diag.Pos{File: file, Line: line + 1, Col: 1}, "the front matter holds one YAML document, but this %s, which would be ignored: delete the line", does)
		return nil
	}
	if line, ok := frontMatterGoesOn(body); ok {
		errs.Add(diag.Pos{File: file, Line: bodyLine - 1, Col: 1}, "this \"---\" ends the front matter, but what follows it up to line %d is more of its YAML, which would be shown as the summary: a \"---\" inside a text of the front matter must be indented with it", bodyLine+line-1)
		return nil
	}
	d := &decoder{file: file, src: front, lineOff: 1, errs: errs}
	d.mapping(doc.Content[0], "source front matter",
		field{"title", true, d.str(&s.Title, "title")},
		field{"outlet", false, d.str(&s.Outlet, "outlet")},
		field{"outlet_note", false, d.str(&s.OutletNote, "outlet_note")},
		field{"author", false, d.str(&s.Author, "author")},
		field{"url", false, d.strPos(&s.URL, &s.URLPos, "url")},
		field{"kind", true, d.oneOf(&s.Kind, "kind", model.SourceKinds)},
		field{"published", false, d.date(&s.Published, "published")},
		field{"retrieved", false, d.date(&s.Retrieved, "retrieved")},
		field{"notes", false, d.str(&s.Notes, "notes")},
		field{"capture", false, func(n *yaml.Node) {
			s.Capture.Pos = d.pos(n)
			d.mapping(n, "capture",
				field{"file", true, d.strPos(&s.Capture.File, &s.Capture.FilePos, "capture file")},
				field{"sha256", true, d.strPos(&s.Capture.SHA256, &s.Capture.SHAPos, "capture sha256")},
			)
		}},
		field{"relays", false, d.seq("relays", func(n *yaml.Node) {
			r := &model.Relay{Pos: d.pos(n)}
			d.mapping(n, "relay",
				field{"origin", false, d.str(&r.Origin, "relayed origin")},
				field{"source", false, d.str(&r.Source, "relayed source")},
				field{"note", false, d.str(&r.Note, "relay note")},
			)
			if (r.Origin == "") == (r.Source == "") {
				d.errorf(n, "a relay names exactly one of \"origin\" or \"source\"")
				return
			}
			s.Relays = append(s.Relays, r)
		})},
		field{"annotations", false, d.seq("annotations", func(n *yaml.Node) {
			if a := d.annotation(n, s); a != nil {
				s.Annotations = append(s.Annotations, a)
			}
		})},
	)
	return s
}

func (d *decoder) annotation(n *yaml.Node, s *model.Source) *model.Annotation {
	a := &model.Annotation{Source: s, Pos: d.pos(n)}
	var stance string
	d.mapping(n, "annotation",
		field{"claim", false, d.strPos(&a.Claim, &a.ClaimPos, "claim")},
		// question and answer are read only to say what to write instead.
		field{"question", false, d.str(&a.Question, "question")},
		field{"stance", true, d.oneOf(&stance, "stance", model.StanceNames())},
		field{"answer", false, d.str(&a.Answer, "answer")},
		field{"quote", true, d.strPos(&a.Quote, &a.QuotePos, "quote")},
		field{"locator", false, d.strPos(&a.Locator, &a.LocatorPos, "locator")},
		field{"note", false, d.str(&a.Note, "note")},
		field{"via", false, d.strPos(&a.Via, &a.ViaPos, "via")},
	)
	a.Stance = model.Stance(stance)
	if a.Claim == "" && a.Question == "" {
		d.errorf(n, "an annotation names the claim it speaks to: add claim: ID")
		return nil
	}
	// An annotation with a bad stance or an empty quote is kept, so that its
	// target is still checked; the build stops on the error anyway.
	return a
}

var precisions = map[int]string{4: "year", 7: "month", 10: "day"}
var layouts = map[string]string{"year": "2006", "month": "2006-01", "day": "2006-01-02"}

// date reads either a bare date ("2024-07-01", "2024-07", "2024") or a mapping
// with date, precision, note and doubtful.
func (d *decoder) date(dst *model.Date, what string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		dst.Pos = d.pos(n)
		var valNode *yaml.Node
		if n.Kind == yaml.ScalarNode {
			d.str(&dst.Value, what)(n)
			valNode = n
		} else {
			d.mapping(n, what,
				field{"date", false, func(v *yaml.Node) { valNode = v; d.str(&dst.Value, what+" date")(v) }},
				field{"precision", false, d.oneOf(&dst.Precision, what+" precision", []string{"day", "month", "year", "unknown"})},
				field{"note", false, d.str(&dst.Note, what+" note")},
				field{"doubtful", false, d.boolean(&dst.Doubtful, what+" doubtful")},
			)
		}
		if dst.Value == "" {
			if dst.Precision == "" {
				dst.Precision = "unknown"
			}
			if dst.Precision != "unknown" {
				d.errorf(n, "%s has precision %q but no date", what, dst.Precision)
			}
			return
		}
		prec, ok := precisions[len(dst.Value)]
		if ok {
			_, err := time.Parse(layouts[prec], dst.Value)
			ok = err == nil
		}
		if !ok {
			d.errorf(valNode, "%s %q is not a date: write YYYY-MM-DD, YYYY-MM or YYYY", what, dst.Value)
			dst.Value = ""
			return
		}
		if dst.Precision == "" {
			dst.Precision = prec
		} else if dst.Precision != prec {
			d.errorf(n, "%s %q is precise to the %s, but precision says %q", what, dst.Value, prec, dst.Precision)
		}
	}
}

// newlines turns CRLF and lone CR line ends into LF, so that YAML, goldmark
// and our own line counting agree on every position.
func newlines(data []byte) []byte {
	if !bytes.ContainsRune(data, '\r') {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

// splitFrontMatter separates "---\nYAML\n---\n" from the body. bodyLine is the
// 1-based line on which the body starts.
// frontMatterGoesOn reports whether body, the text after the line that
// closed the front matter, is more of the front matter's YAML up to a "---"
// line of its own: a "---" at the start of a line inside a block text
// ("notes: |") closed the front matter early. That is so when a line
// before that "---" starts with a front-matter key ("annotations:"), as
// Markdown written as a summary does not. line is the second "---",
// counted from the body's first line.
func frontMatterGoesOn(body []byte) (line int, ok bool) {
	key := false
	for i, l := range bytes.Split(body, []byte("\n")) {
		t := string(bytes.TrimRight(l, "\r \t"))
		if t == "---" {
			return i + 1, key
		}
		if k, _, found := strings.Cut(t, ":"); found && sourceKeys[k] {
			key = true
		}
	}
	return 0, false
}

// sourceKeys are the keys of a source's front matter.
var sourceKeys = map[string]bool{
	"title": true, "outlet": true, "outlet_note": true, "author": true, "url": true, "kind": true,
	"published": true, "retrieved": true, "notes": true, "capture": true, "relays": true, "annotations": true,
}

func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// The opening line, like the closing one, may carry trailing blanks.
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !found || string(bytes.TrimRight(first, "\r \t")) != "---" {
		return nil, nil, 0, false
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, "\r \t")) == "---" {
			front = rest[:off]
			if end < 0 {
				return front, nil, line + 1, true
			}
			return front, rest[off+end+1:], line + 1, true
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, false
}

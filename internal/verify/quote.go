package verify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/dossier-ssg/dossier/internal/model"
)

// MinSegmentWords is the fewest words a quote, or each part of a quote
// that an ellipsis splits, may have: "…", "." or a fragment of a word
// match almost anything and prove nothing.
const MinSegmentWords = 3

// Segments splits a quote at its ellipses into the parts that must each
// appear in the capture, normalised. An ellipsis at either end only says
// the quote starts or ends mid-sentence.
func Segments(quote string) []string {
	var segs []string
	for _, part := range strings.Split(Normalize(quote), "...") {
		if part = strings.TrimSpace(part); part != "" {
			segs = append(segs, part)
		}
	}
	return segs
}

// Words counts the words of a segment: runs that hold a letter or digit.
func Words(seg string) int {
	n := 0
	for _, w := range strings.Fields(seg) {
		if strings.IndexFunc(w, isWordRune) >= 0 {
			n++
		}
	}
	return n
}

// isWordRune reports whether r belongs to a word: letters, digits, and the
// combining marks that complete a letter ("A" + U+030A is "Å", not "A").
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// capture is a saved article prepared for finding quotes: its paragraphs
// (blocks of lines between blank lines), each normalised the way quotes
// are, with a map back to the original text for showing context.
type capture struct {
	text  string
	paras []paragraph
	words []string // the whole text's words, for the closest passage
}

type paragraph struct {
	num  int    // 1-based, counting non-blank blocks
	norm string // normalised text
	orig []int  // orig[i] is the offset in capture.text of norm[i]; one more at the end
}

func newCapture(text string) *capture {
	// One Unicode form for the capture and the quotes: an "Å" typed as one
	// character matches one that a page composed of two.
	text = nfc(text)
	c := &capture{text: text, words: strings.Fields(text)}
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		norm, orig := normalize(text[start:end], start, true)
		if norm != "" {
			c.paras = append(c.paras, paragraph{num: len(c.paras) + 1, norm: norm, orig: orig})
		}
		start = -1
	}
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		if strings.TrimSpace(text[off:end]) == "" {
			flush(off)
		} else if start < 0 {
			start = off
		}
		off = end + 1
	}
	flush(len(text))
	return c
}

// match is where a quote sits in a capture: its paragraph and the span of
// each segment in the paragraph's normalised text.
type match struct {
	para  *paragraph
	spans [][2]int
}

// find looks for the quote's segments, in order, as runs of whole words
// within one paragraph. When that fails, why says how the quote falls
// short, for the message.
func (c *capture) find(quote string) (m match, ok bool, why string) {
	segs := Segments(quote)
	if len(segs) == 0 {
		return m, false, "it has no words"
	}
	for i := range c.paras {
		p := &c.paras[i]
		if spans := findIn(p.norm, segs, true); spans != nil {
			return match{para: p, spans: spans}, true, ""
		}
	}
	// Not in one paragraph as whole words: say which rule it breaks.
	var all strings.Builder
	for i, p := range c.paras {
		if i > 0 {
			all.WriteString("\n\n")
		}
		all.WriteString(p.norm)
	}
	if len(segs) > 1 {
		for _, p := range c.paras {
			each := true
			for _, seg := range segs {
				each = each && findIn(p.norm, []string{seg}, true) != nil
			}
			if each {
				return m, false, "its parts are all in one paragraph of the capture, but in another order; an ellipsis only leaves words out, so keep the capture's order, or quote each part on its own"
			}
		}
	}
	switch {
	case findIn(all.String(), segs, true) != nil:
		return m, false, "its parts are in different paragraphs of the capture; an ellipsis may only leave out words within one paragraph, so quote each part on its own"
	case findIn(all.String(), segs, false) != nil:
		return m, false, "it starts or ends inside a word of the capture; quote whole words"
	}
	return m, false, ""
}

// findIn finds segs in order in text, each at its earliest place after the
// one before, which finds them whenever they are there. With whole, each
// must start and end at a word boundary.
func findIn(text string, segs []string, whole bool) [][2]int {
	var spans [][2]int
	from := 0
	for _, seg := range segs {
		found := false
		for from <= len(text) {
			i := strings.Index(text[from:], seg)
			if i < 0 {
				return nil
			}
			i += from
			j := i + len(seg)
			if !whole || boundary(text, i, j) {
				spans = append(spans, [2]int{i, j})
				from, found = j, true
				break
			}
			_, size := utf8.DecodeRuneInString(text[i:])
			from = i + size
		}
		if !found {
			return nil
		}
	}
	return spans
}

// boundary reports whether text[i:j] starts and ends at word boundaries:
// no letter or digit runs on into it on either side.
func boundary(text string, i, j int) bool {
	if i > 0 {
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		first, _ := utf8.DecodeRuneInString(text[i:])
		if isWordRune(before) && isWordRune(first) {
			return false
		}
	}
	if j < len(text) {
		last, _ := utf8.DecodeLastRuneInString(text[:j])
		after, _ := utf8.DecodeRuneInString(text[j:])
		if isWordRune(last) && isWordRune(after) {
			return false
		}
	}
	return true
}

// contextWords is how many words of the capture a page shows on either
// side of a quote, and at most in a gap an ellipsis leaves out.
const contextWords = 12

// context gives the sentence(s) of the capture around a match, cut short,
// with the quoted words marked; nil when the quote is the whole sentence.
func (c *capture) context(m match) []model.Span {
	p := m.para
	first, last := m.spans[0][0], m.spans[len(m.spans)-1][1]
	start, end := sentenceStart(p.norm, first), sentenceEnd(p.norm, last)
	orig := func(i, j int) string { return strings.Join(strings.Fields(c.text[p.orig[i]:p.orig[j]]), " ") }
	var spans []model.Span
	at := 0 // where in the paragraph the next span starts
	add := func(text string, quoted bool) {
		if text != "" {
			spans = append(spans, model.Span{Text: text, Quoted: quoted, Space: len(spans) > 0 && at > 0 && p.norm[at-1] == ' ' || len(spans) > 0 && at < len(p.norm) && p.norm[at] == ' '})
		}
	}
	outside := false
	if before := orig(start, first); before != "" {
		add(tail(before, contextWords), false)
		outside = true
	}
	for k, sp := range m.spans {
		if k > 0 {
			at = m.spans[k-1][1]
			add(cut(orig(at, sp[0]), contextWords), false)
			outside = true
		}
		at = sp[0]
		add(orig(sp[0], sp[1]), true)
	}
	if after := orig(last, end); after != "" {
		at = last
		add(head(after, contextWords), false)
		// A full stop after the quote is no context of its own.
		outside = outside || strings.IndexFunc(after, isWordRune) >= 0
	}
	if !outside {
		return nil
	}
	return spans
}

// leftOut returns the words of the sentence just outside each segment
// (before its start, after its end) or inside a gap an ellipsis leaves
// out, that change the sense of what is quoted when left out: a negation,
// "unclear whether", "denied". lang is the dossier's language, whose words
// it looks for besides English.
func (c *capture) leftOut(m match, lang string) string {
	cs := cuesFor(lang)
	p := m.para
	for k, sp := range m.spans {
		if k > 0 {
			// Whatever an ellipsis leaves out, however long: "The badge
			// was ... made" must not pass over "never".
			gap := strings.Fields(p.norm[m.spans[k-1][1]:sp[0]])
			for _, w := range gap {
				if cs.match(w) {
					return w
				}
			}
		}
		before := strings.Fields(p.norm[sentenceStart(p.norm, sp[0]):sp[0]])
		if len(before) > maxCueDistance {
			before = before[len(before)-maxCueDistance:]
		}
		// After the quote, only its own clause: a negation past a comma
		// ("A barge hit the bridge, nobody talks of it") is about
		// something else. A denial is not: "made in 2012, a claim
		// officials denied" takes back the whole sentence.
		sentence := p.norm[sp[1]:sentenceEnd(p.norm, sp[1])]
		rest := sentence
		if i := strings.IndexAny(rest, ",;:"); i >= 0 {
			rest = rest[:i]
		}
		after := strings.Fields(rest)
		if len(after) > maxCueDistance {
			after = after[:maxCueDistance]
		}
		for i, w := range before {
			if cs.match(w) {
				return strings.Join(before[i:], " ")
			}
		}
		for i, w := range after {
			if cs.match(w) {
				return strings.Join(after[:i+1], " ")
			}
		}
		later := strings.Fields(sentence)
		if len(later) > contextWords {
			later = later[:contextWords]
		}
		for i, w := range later {
			if denials[strings.Trim(w, `.,;:!?"'()`)] {
				return strings.Trim(strings.Join(later[:i+1], " "), " ,;:.")
			}
		}
	}
	return ""
}

// maxCueDistance is how many words before or after a quote, in its
// sentence, are looked at for a word that turns its sense.
const maxCueDistance = 10

// denials take back the whole sentence they end, past a comma: "made in
// 2012, a claim officials denied".
var denials = wordSet("denied", "denies", "deny", "denying", "refuted", "refutes", "rejected", "rejects",
	"false", "untrue", "unfounded", "baseless", "unconfirmed", "unverified")

// cueSet is a language's words that, left just outside a quote, can turn
// its sense around: negations, doubt, denial, condition. Parts are pieces
// of a word, for languages that negate inside words (Korean 않, 없).
type cueSet struct {
	words map[string]bool
	parts []string
}

func wordSet(ws ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// english is always looked for: captures in any language quote English.
var english = wordSet("not", "no", "never", "nor", "neither", "none", "unclear", "uncertain", "whether",
	"if", "unless", "denied", "denies", "deny", "denying", "refuted", "rejected", "false", "untrue",
	"doubt", "doubts", "doubted", "doubtful", "unconfirmed", "unverified", "alleged", "allegedly",
	"rumoured", "rumored", "unlikely", "without")

// cues holds other languages, by primary language subtag. A language not
// here is checked for English words only; README says which are here.
var cues = map[string]cueSet{
	"nb": {words: wordSet("ikke", "ikkje", "aldri", "ingen", "uklart", "usikkert", "uvisst", "hvorvidt", "dersom", "hvis", "om", "avviser", "avviste", "benekter", "benektet", "usant", "uriktig", "angivelig", "ubekreftet", "tvil", "tviler", "neppe", "uten")},
	"da": {words: wordSet("ikke", "aldrig", "ingen", "uklart", "usikkert", "hvorvidt", "hvis", "om", "afviser", "afviste", "benægter", "benægtede", "usandt", "angiveligt", "ubekræftet", "tvivl", "næppe", "uden")},
	"sv": {words: wordSet("inte", "icke", "aldrig", "ingen", "oklart", "osäkert", "huruvida", "om", "ifall", "förnekar", "förnekade", "avvisar", "osant", "påstått", "obekräftat", "tvivel", "knappast", "utan")},
	"de": {words: wordSet("nicht", "kein", "keine", "keinen", "nie", "niemals", "unklar", "ungewiss", "ob", "falls", "wenn", "bestritten", "bestreitet", "dementiert", "falsch", "angeblich", "unbestätigt", "zweifel", "kaum", "ohne")},
	"fr": {words: wordSet("ne", "pas", "jamais", "aucun", "aucune", "incertain", "incertaine", "si", "nié", "nie", "dément", "démenti", "faux", "fausse", "prétendument", "présumé", "doute", "sans")},
	"es": {words: wordSet("no", "nunca", "ningún", "ninguna", "incierto", "dudoso", "si", "negó", "niega", "desmintió", "falso", "supuestamente", "presunto", "duda", "sin")},
	"pt": {words: wordSet("não", "nunca", "nenhum", "nenhuma", "incerto", "duvidoso", "se", "negou", "nega", "desmentiu", "falso", "supostamente", "alegadamente", "dúvida", "sem")},
	"it": {words: wordSet("non", "mai", "nessun", "nessuna", "incerto", "dubbio", "se", "negato", "nega", "smentito", "falso", "presunto", "presuntamente", "senza")},
	"nl": {words: wordSet("niet", "nooit", "geen", "onduidelijk", "onzeker", "of", "indien", "ontkent", "ontkende", "vals", "onwaar", "vermeend", "onbevestigd", "twijfel", "zonder")},
	"ar": {words: wordSet("لم", "لا", "ليس", "ليست", "لن", "غير", "ما", "نفى", "نفت", "ينفي", "تنفي", "يتضح", "مؤكد", "مزعوم", "دون", "بدون", "إذا", "إن")},
	"ko": {parts: []string{"않", "아니", "못", "없", "불확실", "불분명", "부인", "여부", "확인되지", "만약"}},
	"ja": {parts: []string{"ない", "なかった", "不明", "否定", "かどうか", "未確認", "もし"}},
	"zh": {parts: []string{"不", "没", "未", "否认", "是否", "如果", "据称"}},
}

func init() {
	cues["no"], cues["nn"] = cues["nb"], cues["nb"]
}

// cuesFor gives the cue set of a language tag such as "nb" or "de-CH".
func cuesFor(lang string) cueSet {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return cues[primary]
}

// match reports whether w is a cue, in English or in the set's language.
func (cs cueSet) match(w string) bool {
	w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) && r != '\'' }))
	bare := strings.Trim(w, "'")
	if english[bare] || strings.HasSuffix(w, "n't") || cs.words[bare] {
		return true
	}
	for _, p := range cs.parts {
		if strings.Contains(w, p) {
			return true
		}
	}
	return false
}

// sentenceStart is where the sentence holding text[i] starts.
func sentenceStart(text string, i int) int {
	for k := i - 1; k > 0; k-- {
		if text[k] == ' ' && endsSentence(text[:k]) {
			return k + 1
		}
	}
	return 0
}

// sentenceEnd is where the sentence holding text[i-1] ends.
func sentenceEnd(text string, i int) int {
	if i > 0 && endsSentence(text[:i]) {
		return i
	}
	for k := i; k < len(text); k++ {
		if text[k] == ' ' && endsSentence(text[:k]) {
			return k
		}
	}
	return len(text)
}

// endsSentence reports whether s ends with the end of a sentence: a full
// stop, question or exclamation mark, perhaps inside a closing quote or
// bracket. The full stop of an abbreviation ("Mr.", "U.S.", "J. Smith")
// ends none: a sentence that seemed to start after "Mr." would hide the
// "denied that" before it.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"')]`)
	switch {
	case strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!"):
		return true
	case !strings.HasSuffix(s, ".") || strings.HasSuffix(s, "..."):
		return false
	}
	word := s[strings.LastIndexAny(s, " (\"'")+1 : len(s)-1]
	return !abbreviations[strings.ToLower(word)] && !initials(word)
}

// abbreviations end with a full stop that ends no sentence.
var abbreviations = wordSet("mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "sgt", "capt", "maj",
	"rep", "sen", "gov", "pres", "jr", "sr", "vs", "etc", "e.g", "i.e", "vol", "pp", "ca", "cf", "approx", "dept", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

// initials reports whether w is one capital letter, or capitals each
// followed by a full stop ("U.S" of "U.S."): an initial, not a word.
func initials(w string) bool {
	if w == "" {
		return false
	}
	for i, r := range w {
		switch {
		case i%2 == 0 && !unicode.IsUpper(r):
			return false
		case i%2 == 1 && r != '.':
			return false
		}
	}
	return true
}

func tail(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return s
	}
	return "… " + strings.Join(w[len(w)-n:], " ")
}

func head(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return s
	}
	return strings.Join(w[:n], " ") + " …"
}

func cut(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return s
	}
	return strings.Join(w[:n/2], " ") + " … " + strings.Join(w[len(w)-n/2:], " ")
}

// normalize is Normalize with a map back to the text: orig[i] is the
// offset (plus base) in s of the byte that gave norm[i], and orig has one
// more entry, the end. Without track, orig is nil: a quote needs only the
// text, and the map costs eight bytes for every byte of it.
func normalize(s string, base int, track bool) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	var orig []int
	if track {
		orig = make([]int, 0, len(s)+1)
	}
	// at is where in s the n bytes just written came from.
	mark := func(n, at int) {
		for range n {
			orig = append(orig, base+at)
		}
	}
	space, dash := false, false
	for i, r := range s {
		switch r {
		case '‘', '’', '‚', '‛', '′', '`':
			r = '\''
		case '“', '”', '„', '‟', '″':
			r = '"'
		case '‐', '‑', '‒', '–', '—', '―', '−':
			r = '-'
		case '…':
			b.WriteString("...")
			if track {
				mark(3, i)
			}
			space, dash = false, false
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		// Spacing around dashes varies between outlets ("a—b", "a - b").
		if space && b.Len() > 0 && r != '-' && !dash {
			b.WriteByte(' ')
			if track {
				mark(1, i)
			}
		}
		space = false
		dash = r == '-'
		n, _ := b.WriteRune(r)
		if track {
			mark(n, i)
		}
	}
	if track {
		orig = append(orig, base+len(s))
	}
	return b.String(), orig
}

// Normalize folds the differences a quote may have from its capture: the
// Unicode normal form, runs of white space, curly and straight quote marks,
// kinds of dashes and the spaces around them, and the ellipsis character.
func Normalize(s string) string {
	n, _ := normalize(nfc(s), 0, false)
	return n
}

// nfc is norm.NFC.String, quicker for the common case of ASCII text, which
// is always in NFC.
func nfc(s string) string {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}

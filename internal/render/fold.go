package render

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold is the form in which search compares text, so that neither case
// nor diacritics matter: "Nørre Å" and "norre a" fold alike. The search
// index is folded by Fold when the site is built, and each query by
// assets/search.js's fold in the reader's browser, which does the same
// steps in the same order (a test runs both on one list of strings):
//
//  1. Unicode canonical decomposition (NFD): "å" becomes "a" and a ring;
//  2. every combining mark (general category M) is dropped;
//  3. each character is lower-cased on its own, with its simple mapping
//     (one character at a time, so a Greek capital sigma is always σ,
//     never ς by its place in a word);
//  4. the few Latin letters that carry a stroke or are ligatures, and so
//     have no decomposition, become their base letters (foldLetters).
//
// White space and punctuation are left alone, and nothing is split into
// words: search matches substrings of folded text, which works for
// scripts that do not separate words by spaces (Korean syllables
// decompose into their jamo in step 1, alike in the query and the text).
func Fold(s string) string {
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.M, r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := foldLetters[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldLetters are the lower-case letters that NFD leaves whole but a
// reader types without their stroke or as two letters. The search index
// carries this table to assets/search.js, so the two folds share it.
var foldLetters = map[rune]string{
	'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'đ': "d", 'ð': "d",
	'ł': "l", 'ħ': "h", 'ı': "i", 'þ': "th", 'ŧ': "t", 'ƀ': "b",
}

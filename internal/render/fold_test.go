package render

import "testing"

// TestFold holds the folding that search matches with to what a reader
// types: case and accents do not matter, letters without a decomposition
// fold to their base, and scripts without case keep their letters.
func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Nørre Å", "norre a"},
		{"NØRRE A\u030a", "norre a"}, // the ring as a combining mark
		{"Straße ẞ", "strasse ss"},
		{"Ærø Œuvre", "aero oeuvre"},
		{"Łódź Đorđe Þór", "lodz dorde thor"},
		{"İstanbul ıi", "istanbul ii"},
		{"ΣΊΣΥΦΟΣ", "σισυφοσ"}, // one σ everywhere: no final form by position
		{"Tiếng Việt", "tieng viet"},
		{"الْجِسْر", "الجسر"},                    // Arabic vowel marks dropped
		{"أفادت", "افادت"},                       // and the hamza above its alif
		{"が", "か"},                               // the voicing mark too
		{"서울", "\u1109\u1165\u110b\u116e\u11af"}, // Hangul in jamo, alike in query and text
		{"ﬁ Ǆ", "ﬁ ǆ"},                           // no compatibility folding
		{"中文 👍🏽", "中文 👍🏽"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q (%U), want %q", tc.in, got, []rune(got), tc.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four five", 12, "one two…"},
		{"abcdefghijklmnop", 8, "abcdefg…"},
		{"Nørre Å Tidende, avis", 16, "Nørre Å Tidende…"},
	} {
		if got := truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

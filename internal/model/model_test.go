package model

import (
	"strings"
	"testing"
)

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"badge-made-2012": true, "a": true, "q_1": true, "2024": true,
		"": false, "Badge": false, "a--b": false, "-a": false, "a-": false,
		"a b": false, "a/b": false, "a.html": false, "ünï": false,
		// Names Windows keeps for devices, with any extension: con.html
		// cannot be saved there.
		"con": false, "aux": false, "nul": false, "prn": false, "com1": false,
		"com9": false, "lpt1": false, "lpt9": false, "com_1": true, "com10": true,
		"con-1": true, "lpt": true, "console": true, "com0": true,
		strings.Repeat("a", 100): true, strings.Repeat("a", 101): false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v", id, got)
		}
	}
}

func TestStanceVocabulary(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Stances {
		if s.Symbol == "" {
			t.Errorf("%s lacks a symbol: a stance must never rely on colour alone", s.Stance)
		}
		if seen[s.Symbol] {
			t.Errorf("symbol %s used twice", s.Symbol)
		}
		seen[s.Symbol] = true
	}
	if _, ok := Stance("agrees").Info(); ok {
		t.Error("agrees is not in the vocabulary")
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"My Source":         "my-source",
		"Who wears it?":     "who-wears-it",
		"  --a__b--  ":      "a-b",
		"Kim’s 2012 badge":  "kim-s-2012-badge",
		"김정은":               "",
		"already-a-slug-99": "already-a-slug-99",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
		if got := Slug(in); got != "" && !ValidID(got) {
			t.Errorf("Slug(%q) = %q is not a valid ID", in, got)
		}
	}
}

// TestSuggestID: the ID a message suggests for an invalid one is itself
// valid: cut at a hyphen within the length limit, and never a device name.
func TestSuggestID(t *testing.T) {
	long := strings.Repeat("word-", 60) // 300 characters
	for _, tc := range []struct{ in, fallback, want string }{
		{"Badge Made", "claim", "badge-made"},
		{long, "claim", strings.Repeat("word-", 19) + "word"},
		{strings.Repeat("a", 300), "claim", strings.Repeat("a", 100)},
		{"con", "claim", "con-claim"},
		{"LPT1", "source", "lpt1-source"},
		{"김정은", "source", "source"},
		{"", "question", "question"},
	} {
		got := SuggestID(tc.in, tc.fallback)
		if got != tc.want {
			t.Errorf("SuggestID(%.20q, %q) = %q, want %q", tc.in, tc.fallback, got, tc.want)
		}
		if !ValidID(got) {
			t.Errorf("SuggestID(%.20q) = %q is not a valid ID", tc.in, got)
		}
	}
}

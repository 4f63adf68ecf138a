package model

import "testing"

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"badge-made-2012": true, "a": true, "q_1": true, "2024": true,
		"": false, "Badge": false, "a--b": false, "-a": false, "a-": false,
		"a b": false, "a/b": false, "a.html": false, "ünï": false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v", id, got)
		}
	}
}

func TestStanceVocabulary(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Stances {
		if s.Symbol == "" || s.Label == "" || s.Meaning == "" {
			t.Errorf("%s lacks a symbol, label or meaning: a stance must never rely on colour alone", s.Stance)
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

package render

import (
	"html/template"
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// oldHeadTitle is headTitle as it was, quadratic in the title's length: the
// reference the linear one must agree with.
func oldHeadTitle(page, site string, index bool) string {
	t := page + " · " + site
	if index {
		t = site
	}
	fits := func(s string) bool { return utf8.RuneCountInString(template.HTMLEscapeString(s)) <= maxTitle }
	if fits(t) {
		return t
	}
	if !index {
		t = page
	}
	r := []rune(t)
	for !fits(t) {
		r = r[:len(r)-1]
		t = string(r) + "…"
		if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 && fits(strings.TrimRight(string(r)[:i], " ,;:.")+"…") {
			return strings.TrimRight(string(r)[:i], " ,;:.") + "…"
		}
	}
	return t
}

func TestHeadTitle(t *testing.T) {
	for _, tc := range []struct {
		page, site string
		index      bool
		want       string
	}{
		{"Claims", "Badges", false, "Claims · Badges"},
		{"Badges", "Badges", true, "Badges"},
		{"The Kim Jong Un portrait badge was first worn in public in 2012", "Badges", false, "The Kim Jong Un portrait badge was first worn in public in 2012"},
		{"The Kim Jong Un portrait badge was first worn in public at a ceremony in Pyongyang in 2012", "Badges", false, "The Kim Jong Un portrait badge was first worn in public at a ceremony…"},
		{strings.Repeat("x", 100), "S", false, strings.Repeat("x", 69) + "…"},
		{"Tom & Jerry's \"badge\" <pin> " + strings.Repeat("word ", 20), "S", false, "Tom & Jerry's \"badge\" <pin> word word word word…"},
	} {
		if got := headTitle(tc.page, tc.site, tc.index); got != tc.want {
			t.Errorf("headTitle(%q, %q, %v) = %q, want %q", tc.page, tc.site, tc.index, got, tc.want)
		}
		if got := oldHeadTitle(tc.page, tc.site, tc.index); got != tc.want {
			t.Errorf("the old headTitle(%q) = %q, want %q: the case is wrong", tc.page, got, tc.want)
		}
	}
}

// TestHeadTitleAsBefore compares headTitle with the old quadratic version
// on random titles of words, spaces, punctuation the cut trims, characters
// that escape to entities, multi-byte runes and bytes that are not UTF-8.
func TestHeadTitleAsBefore(t *testing.T) {
	pieces := []string{"a", "bc", "word", " ", " ", "  ", ",", ";", ":", ".", "&", "'", "\"", "<", ">", "é", "日本", "😀", "\xff", "\x00", "…", "·"}
	r := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for n := r.Intn(60); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		page := b.String()
		site := []string{"S", "A site & its title", strings.Repeat("s", 80)}[r.Intn(3)]
		index := r.Intn(4) == 0
		if got, want := headTitle(page, site, index), oldHeadTitle(page, site, index); got != want {
			t.Fatalf("headTitle(%q, %q, %v) = %q, want %q", page, site, index, got, want)
		}
	}
}

// TestHeadTitleLinear: a title of megabytes is cut as fast as a short one.
// The old version took 10.7 s for 20 KB and did not finish 5 MB in a minute.
func TestHeadTitleLinear(t *testing.T) {
	for _, title := range []string{
		strings.Repeat("lorem ipsum dolor sit amet ", 200_000),
		strings.Repeat("x", 5<<20),
		strings.Repeat("&", 5<<20),
		"a " + strings.Repeat(" ", 5<<20) + "b",
	} {
		start := time.Now()
		got := headTitle(title, "Site", false)
		if d := time.Since(start); d > time.Second {
			t.Errorf("a title of %d bytes took %v", len(title), d)
		}
		if !fitsTitle(got) {
			t.Errorf("%q does not fit", got)
		}
	}
}

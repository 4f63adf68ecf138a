package check

import "testing"

// TestBaseURL: a base URL is an absolute http(s) address with a host, and
// nothing that could close an attribute or smuggle markup into a page, a
// sitemap or robots.txt.
func TestBaseURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://user.github.io/repo/":   true,
		"https://user.github.io/repo":    true,
		"http://localhost:8080/":         true,
		"https://example.org/a%20b/":     true,
		"https://例え.jp/":                 true,
		"ftp://x":                        false,
		"https://":                       false,
		"/repo/":                         false,
		"javascript:alert(1)":            false,
		`https://example.org/"><script>`: false,
		"https://example.org/'x":         false,
		"https://example.org/<x>":        false,
		"https://example.org/a b/":       false,
		"https://example.org/\x00":       false,
		"https://example.org/\n":         false,
		"https://example.org/\u2028":     false,
		"https://example.org/?x=1":       false,
		"https://example.org/?":          false,
		"https://example.org/#top":       false,
		"https://example.org/#":          false,
		"https://example.org\\repo":      false,
	} {
		if got := BaseURLProblem(u) == ""; got != ok {
			t.Errorf("BaseURLProblem(%q) = %q, want ok=%v", u, BaseURLProblem(u), ok)
		}
	}
}

package check

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// BaseURLProblem says why u cannot be the address a site is published at,
// or "" when it can. The base URL goes verbatim into canonical links,
// sitemap.xml and robots.txt, so besides being an absolute http(s) URL with
// a host it may hold nothing that closes an attribute or starts markup, no
// user name or password, which every page would publish, and no query or
// fragment, which page paths are appended after.
func BaseURLProblem(u string) string {
	for _, r := range u {
		switch {
		case strings.ContainsRune("\"'<>`\\", r):
			return fmt.Sprintf("it contains %q, which a URL never holds unescaped", string(r))
		case unicode.IsSpace(r):
			return fmt.Sprintf("it contains a space or line break (%U); write a space as %%20", r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return fmt.Sprintf("it contains the control character %U", r)
		}
	}
	p, err := url.Parse(u)
	switch {
	case err != nil:
		return "it does not parse as a URL"
	case p.Scheme != "http" && p.Scheme != "https":
		if p.Scheme == "" {
			return "it has no scheme; start it with https://"
		}
		return fmt.Sprintf("its scheme is %s, not http or https", p.Scheme)
	case p.Host == "":
		return "it has no host"
	case p.User != nil:
		return "it has a user name or password (user@ or user:password@), which every page would publish in its links; give the public address"
	case p.RawQuery != "" || p.ForceQuery:
		return fmt.Sprintf("it has a query (?%s); give the site's address only", p.RawQuery)
	case p.Fragment != "" || strings.Contains(u, "#"):
		return fmt.Sprintf("it has a fragment (#%s); give the site's address only", p.Fragment)
	}
	return ""
}

// ShownURL is u as a message may print it: a password in it is replaced
// by "xxxxx", so that a refusal does not put it in a CI log.
func ShownURL(u string) string {
	if p, err := url.Parse(u); err == nil && p.User != nil {
		return p.Redacted()
	}
	return u
}

package render

// siteNav are the pages every page links to, in order: the key of the
// label, path.
var siteNav = [][2]string{
	{"nav.overview", "index.html"},
	{"nav.matrix", "matrix.html"},
	{"nav.timeline", "timeline.html"},
	{"nav.people", "people.html"},
	{"nav.bibliography", "bibliography.html"},
	{"nav.method", "method.html"},
}

package render

// siteNav are the pages every page links to, in order: label, path.
var siteNav = [][2]string{
	{"Overview", "index.html"},
	{"Agreement matrix", "matrix.html"},
	{"Timeline", "timeline.html"},
	{"People", "people.html"},
	{"Bibliography", "bibliography.html"},
	{"Method", "method.html"},
}

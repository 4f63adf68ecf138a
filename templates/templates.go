// Package templates holds dossier's default page templates and stylesheet.
// They are embedded in the binary; a dossier's own templates/ folder replaces
// any of them by file name.
package templates

import "embed"

// FS holds the default templates.
//
//go:embed *.html *.css
var FS embed.FS

package load

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/model"
)

// publisher reads dossier.yaml's publisher: mapping, a name and an
// optional url; check.Dossier checks that the url is http(s).
func (d *decoder) publisher(dst *model.Publisher) func(*yaml.Node) {
	return func(n *yaml.Node) {
		d.mapping(n, "publisher",
			field{"name", true, d.str(&dst.Name, "publisher name")},
			field{"url", false, d.strPos(&dst.URL, &dst.URLPos, "publisher url")},
		)
	}
}

// day reads a whole date, YYYY-MM-DD. Unlike a source's dates it cannot be
// partial: it becomes schema.org's datePublished, which readers of the
// data take to be a day.
func (d *decoder) day(dst *string, pos *model.Pos, what string) func(*yaml.Node) {
	return func(v *yaml.Node) {
		var s string
		d.strPos(&s, pos, what)(v)
		if s == "" {
			return
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil || len(s) != len(time.DateOnly) {
			d.errorf(v, "%s %q is not a day: write the date the dossier was published as YYYY-MM-DD", what, s)
			return
		}
		*dst = s
	}
}

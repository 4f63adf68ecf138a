package render

import (
	"io/fs"
	"testing"

	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/templates"
)

// TestTemplateCacheKnowsOwnCopies: a template of the dossier's own whose
// text is the default's is still the dossier's own (check lays out every
// page with it, and its errors are placed in it), and once it is deleted
// the defaults are dossier's again: the cache tells the two apart.
func TestTemplateCacheKnowsOwnCopies(t *testing.T) {
	claim, err := fs.ReadFile(templates.FS, "claim.html")
	if err != nil {
		t.Fatal(err)
	}
	var c TemplateCache
	for _, step := range []struct {
		name string
		own  map[string][]byte
		want bool
	}{
		{"no templates of its own", nil, false},
		{"a copy of the default claim.html", map[string][]byte{"templates/claim.html": claim}, true},
		{"the copy deleted", nil, false},
	} {
		tm, errs, err := c.Load(templates.FS, step.own, labels.English)
		if err != nil || len(errs) > 0 {
			t.Fatal(step.name, err, errs)
		}
		if tm.Own() != step.want {
			t.Errorf("%s: Own() = %v, want %v", step.name, tm.Own(), step.want)
		}
	}
}

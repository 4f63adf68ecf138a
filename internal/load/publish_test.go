package load

import (
	"fmt"
	"testing"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/model"
)

func TestPublisherAndPublished(t *testing.T) {
	for in, want := range map[string]string{
		"":                            `{ ""} ""`,
		"publisher: {name: Checkers}": `{Checkers ""} ""`,
		"publisher: {name: C, url: 'https://c.x/'}": `{C "https://c.x/"} ""`,
		"published: 2026-11-20":                     `{ ""} "2026-11-20"`,
		"published: 2026-11":                        "error",
		"published: 2026-02-30":                     "error",
		"published: 20261120":                       "error",
		"publisher: Checkers":                       "error",
		"publisher: {url: 'https://c.x/'}":          "error",
	} {
		var errs diag.List
		d := &model.Dossier{}
		parseConfig(d, "dossier.yaml", []byte("title: T\n"+in+"\n"), &errs, nil)
		got := "error"
		if len(errs) == 0 {
			got = fmt.Sprintf("{%s %q} %q", d.Publisher.Name, d.Publisher.URL, d.Published)
		}
		if got != want {
			t.Errorf("%s: got %s (%v), want %s", in, got, errs, want)
		}
	}
}

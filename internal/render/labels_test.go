package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/labels"
	"github.com/dossier-ssg/dossier/internal/model"
	"github.com/dossier-ssg/dossier/templates"
)

// TestLabelKeys: every key a default template names is in the label
// table, and every key of the table is used, by name in a template or in
// the Go code that makes the pages' words, or as a word of a vocabulary
// (stance.hedges, relation.depends-on.inverse, month.3): the table holds
// no word that no page shows.
func TestLabelKeys(t *testing.T) {
	keys := labels.Keys()
	var src strings.Builder
	names, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`\blabel(?:Parts)? "([^"]+)"`)
	for _, n := range names {
		b, _ := fs.ReadFile(templates.FS, n)
		src.Write(b)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if !slices.Contains(keys, m[1]) {
				t.Errorf("templates/%s names label %q, which the table has not", n, m[1])
			}
		}
	}
	for _, glob := range []string{"*.go", "search.js", "../verdict/*.go", "../verify/*.go", "../markdown/*.go", "../load/*.go"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src.Write(b)
		}
	}
	vocabulary := map[string]bool{"origins.other": true}
	for _, s := range model.Stances {
		vocabulary["stance."+string(s.Stance)] = true
		vocabulary["stance."+string(s.Stance)+".meaning"] = true
	}
	for _, v := range model.Verdicts {
		vocabulary["verdict."+string(v.Verdict)] = true
	}
	for _, r := range model.Relations {
		vocabulary["relation."+r] = true
		vocabulary["relation."+r+".inverse"] = true
	}
	for _, k := range model.SourceKinds {
		vocabulary["source-kind."+k] = true
	}
	for _, k := range model.OriginKinds {
		vocabulary["origin-kind."+k] = true
		vocabulary["origins."+k] = true
	}
	for m := 1; m <= 12; m++ {
		vocabulary["month."+strconv.Itoa(m)] = true
	}
	all := src.String()
	for _, k := range keys {
		if !vocabulary[k] && !strings.Contains(all, strconv.Quote(k)) {
			t.Errorf("label %s is used by no template and no code", k)
		}
	}
	for k := range vocabulary {
		if !slices.Contains(keys, k) {
			t.Errorf("the vocabulary's %s has no label", k)
		}
	}
}

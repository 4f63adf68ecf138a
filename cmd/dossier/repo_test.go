package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dossier-ssg/dossier/internal/load"
)

// TestPagesWorkflowBuildsAsREADMESays keeps the published site built by the
// command README.md documents.
func TestPagesWorkflowBuildsAsREADMESays(t *testing.T) {
	data, err := os.ReadFile("../../.github/workflows/pages.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string
				Uses string
				Run  string
			}
		}
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	var build string
	uses := map[string]bool{}
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			if s.Name == "Build" {
				build = strings.TrimSpace(s.Run)
			}
			uses[strings.Split(s.Uses, "@")[0]] = true
		}
	}
	if build == "" {
		t.Fatal("the workflow has no step named Build")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "\n"+build+"\n") {
		t.Errorf("the workflow builds with %q, which README.md does not give", build)
	}
	for _, a := range []string{"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} {
		if !uses[a] {
			t.Errorf("the workflow does not use %s", a)
		}
	}
}

// TestREADMEStartsWithTheTwoCommands keeps the newcomer's commands first
// and true: they must be Makefile targets.
func TestREADMEStartsWithTheTwoCommands(t *testing.T) {
	readme, _ := os.ReadFile("../../README.md")
	mk, _ := os.ReadFile("../../Makefile")
	_, rest, _ := strings.Cut(string(readme), "```sh\n")
	block, _, _ := strings.Cut(rest, "```")
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "make open") || !strings.HasPrefix(lines[1], "make test") {
		t.Fatalf("README.md should open with make open and make test, got %q", lines)
	}
	for _, target := range []string{"\nopen:", "\ntest:"} {
		if !strings.Contains(string(mk), target) {
			t.Errorf("Makefile has no %s target", strings.TrimSpace(target))
		}
	}
}

// TestREADMEExamplesParse loads the annotated examples of README.md as a
// dossier: every key they show must be one the loader knows, with values of
// the right form, so the documentation cannot drift from the format.
func TestREADMEExamplesParse(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(heading string) string {
		_, rest, ok := strings.Cut(string(readme), heading)
		if !ok {
			t.Fatalf("README.md has no %q", heading)
		}
		_, rest, _ = strings.Cut(rest, "```yaml\n")
		text, _, _ := strings.Cut(rest, "```\n")
		return text
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "dossier.yaml"), []byte(block("### `dossier.yaml`")), 0o644)
	os.WriteFile(filepath.Join(dir, "content", "why-badge-analysis.md"), []byte(block("### `content/<source-id>.md`")), 0o644)
	d, errs, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("README example: %v", e)
	}
	if len(d.Sources) != 1 || len(d.Sources[0].Annotations) != 2 || len(d.Claims) != 1 || len(d.Questions) != 1 || len(d.Origins) != 2 {
		t.Errorf("README example read as %d sources, %d claims, %d questions, %d origins", len(d.Sources), len(d.Claims), len(d.Questions), len(d.Origins))
	}
}

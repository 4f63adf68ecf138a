package main

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
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

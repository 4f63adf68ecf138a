package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// newDossier runs dossier new into a fresh folder and returns it.
func scaffoldDossier(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mine")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("dossier new exited %d: %s", code, stderr.String())
	}
	return dir
}

// TestNewWorkflowsPassActionlint lints the workflows a new dossier gets, as
// make test lints the project's own.
func TestNewWorkflowsPassActionlint(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH, and actionlint runs as go tool actionlint")
	}
	dir := scaffoldDossier(t)
	files, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
	if len(files) != 2 {
		t.Fatalf("a new dossier has %d workflows, want 2 (pages.yml and test.yml)", len(files))
	}
	out, err := exec.Command("go", append([]string{"tool", "actionlint"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("actionlint: %v\n%s", err, out)
	}
}

// TestNewWorkflowsUseTheInstalledCommand keeps the new dossier's workflows
// and README installing this module's command and running it as README.md
// documents: the Pages workflow checks and builds with the address Pages
// gives, the test workflow checks strictly.
func TestNewWorkflowsUseTheInstalledCommand(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod names no module")
	}
	install := "go install " + string(m[1]) + "/cmd/dossier@latest"

	dir := scaffoldDossier(t)
	type step struct {
		Name, Uses, Run string
	}
	steps := func(file string) (runs map[string]string, uses map[string]bool) {
		data, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", file))
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			Jobs map[string]struct{ Steps []step }
		}
		if err := yaml.Unmarshal(data, &wf); err != nil {
			t.Fatal(err)
		}
		runs, uses = map[string]string{}, map[string]bool{}
		for _, job := range wf.Jobs {
			for _, s := range job.Steps {
				if s.Run != "" {
					runs[s.Name] = strings.TrimSpace(s.Run)
				}
				uses[strings.Split(s.Uses, "@")[0]] = true
			}
		}
		return runs, uses
	}

	runs, uses := steps("pages.yml")
	for name, want := range map[string]string{
		"Install dossier": install,
		"Check":           "dossier check",
		"Build":           `dossier build -base-url "$BASE_URL"`,
	} {
		if runs[name] != want {
			t.Errorf("pages.yml: step %q runs %q, want %q", name, runs[name], want)
		}
	}
	for _, a := range []string{"actions/checkout", "actions/setup-go", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} {
		if !uses[a] {
			t.Errorf("pages.yml does not use %s", a)
		}
	}
	runs, _ = steps("test.yml")
	if runs["Install dossier"] != install || runs["Check"] != "dossier check -strict" {
		t.Errorf("test.yml runs %q, want %q then dossier check -strict", runs, install)
	}

	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{install, "dossier check -strict", "dossier build", "dossier serve", "dossier capture", "Settings -> Pages"} {
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("the new dossier's README.md does not say %q", want)
		}
	}
}

// TestNewLeavesANonEmptyFolderAlone compares the whole folder, every file,
// its contents and mode, before and after a refused dossier new.
func TestNewLeavesANonEmptyFolderAlone(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("mine"), 0o600)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("my readme"), 0o644)
	before := dirSnapshot(t, dir)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", dir}, &stdout, &stderr); code != exitUsage {
		t.Errorf("dossier new on a folder with files exited %d, want %d", code, exitUsage)
	}
	if stdout.Len() > 0 || !strings.Contains(stderr.String(), "is not empty") {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	if after := dirSnapshot(t, dir); after != before {
		t.Errorf("the folder changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// dirSnapshot lists every entry under dir with its mode and contents.
func dirSnapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + " " + fi.Mode().String())
		if !e.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString(" " + string(data))
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

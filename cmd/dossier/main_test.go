package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"dossier": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scripts in testdata/script: each holds a small
// dossier inline and says what the commands print, exit with and leave on disk.
func TestScripts(t *testing.T) {
	seeds, _ := filepath.Abs("../../../shared/seeds")
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SEEDS", seeds)
			env.Setenv("GITHUB_ACTIONS", "")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "seeds" {
				_, err := os.Stat(seeds)
				return err == nil, nil
			}
			return false, nil
		},
	})
}

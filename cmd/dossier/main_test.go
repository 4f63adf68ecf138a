package main

import (
	"errors"
	"flag"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"dossier": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

var update = flag.Bool("update", false, "rewrite the expected output of cmp lines in testdata/script")

// TestScripts runs the CLI scripts in testdata/script: each holds a small
// dossier inline and says what the commands print, exit with and leave on disk.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("GITHUB_ACTIONS", "") // CI's own setting must not change the expected output
			// A binary built with -race waits a second before it exits
			// (the race runtime's atexit_sleep_ms), and every command a
			// script runs is such a binary: without this, make test spent
			// most of its time asleep.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// listen VAR holds a port on 127.0.0.1 until the script ends
			// and puts its number in $VAR.
			"listen": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: listen VAR")
				}
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				ts.Check(err)
				ts.Defer(func() { ln.Close() })
				ts.Setenv(args[0], strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
			},
			// concat OUT IN... writes the files IN, one after another, as
			// OUT: a dossier.yaml made of a head and a pasted block.
			"concat": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: concat OUT IN...")
				}
				var out []byte
				for _, in := range args[1:] {
					out = append(out, ts.ReadFile(in)...)
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), out, 0o644))
			},
			// status N cmd args... runs cmd and wants exit status N exactly;
			// "! exec" only knows zero from non-zero.
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: status N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit status %d, want %d", got, want)
				}
			},
		},
	})
}

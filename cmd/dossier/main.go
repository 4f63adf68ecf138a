// Command dossier builds a fact-checked static site from a dossier: settings,
// questions and claims in dossier.yaml, one annotated Markdown file per source
// under content/.
package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-ssg/dossier/internal/build"
	"github.com/dossier-ssg/dossier/internal/check"
	"github.com/dossier-ssg/dossier/internal/diag"
)

// Exit statuses.
const (
	exitOK      = 0
	exitContent = 1 // the dossier has problems
	exitUsage   = 2 // bad flags, unreadable files, I/O failures
)

const usage = `dossier builds a fact-checked static site from a dossier.

Usage:
  dossier build [flags]   check the dossier and write the site
  dossier check [flags]   check the dossier and write nothing
  dossier serve [flags]   build, serve on 127.0.0.1, rebuild and reload on change
  dossier new DIR         start a new dossier in DIR, with an example that builds
  dossier capture FILE    save an article's text as a capture; print its sha256
  dossier templates DIR   write the default templates into DIR, to change them
  dossier labels          print the words of the pages, to translate or rename
  dossier version         print the version

Run "dossier COMMAND -help" for a command's flags.

Exit status: 0 when all is well, 1 when the dossier has problems (each printed
as path:line:col: message), 2 for usage or I/O errors.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "capture":
		return cmdCapture(args[1:], stdout, stderr)
	case "templates":
		return cmdTemplates(args[1:], stdout, stderr)
	case "labels":
		return cmdLabels(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "dossier", version)
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "dossier: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// version is dossier's release. 0.1.0 wrote no manifest of its output
// (internal/site recognises its builds by their files); 0.2.0 writes
// .dossier-build.json and the open data of DataVersion 1.
const version = "0.2.0"

// common holds the flags every command shares.
type common struct {
	root, captures string
	strict         bool
	cpuProfile     string
	memProfile     string
}

func newFlags(name, summary string, stderr io.Writer, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.root, "root", ".", "`folder` that holds dossier.yaml and content/")
	fs.StringVar(&c.captures, "captures", "", "`folder` of source captures to verify quotes against (default: captures in dossier.yaml)")
	fs.BoolVar(&c.strict, "strict", false, "fail on warnings too, unverified quotes among them")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof)")
	fs.StringVar(&c.memProfile, "memprofile", "", "write a heap profile at the end of the run to `file`")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: dossier %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// profile starts the CPU profile -cpuprofile asks for, and returns what
// ends it and writes the heap profile -memprofile asks for. A profile that
// cannot be written is reported and the run goes on.
func (c *common) profile(stderr io.Writer) (stop func()) {
	var cpu *os.File
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "dossier: -cpuprofile:", err)
		} else {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if c.memProfile != "" {
			f, err := os.Create(c.memProfile)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintln(stderr, "dossier: -memprofile:", err)
			}
		}
	}
}

// parse parses flags; a -help request prints usage to stdout and exits 0,
// a bad flag prints the problem and usage to stderr and exits 2.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (int, bool) {
	stderr := fs.Output()
	fs.SetOutput(io.Discard) // the flag package would print usage itself
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, false
	case err != nil:
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, "dossier %s: %v\n", fs.Name(), err)
		fs.Usage()
		return exitUsage, false
	}
	fs.SetOutput(stderr)
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "dossier %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	var c common
	var out, baseURL, single string
	var quiet bool
	fs := newFlags("build", "Checks the dossier and writes the site. The output folder is replaced only\nwhen the whole build succeeded, and only if it is empty or an earlier build\nwrote it (it holds .dossier-build.json); a failed build leaves it as it was.", stderr, &c)
	fs.StringVar(&out, "out", "", "output `folder` (default: build/ in the -root folder)")
	fs.StringVar(&baseURL, "base-url", "", "absolute `URL` the site is published at, for canonical links and the sitemap (default: base_url in dossier.yaml)")
	fs.BoolVar(&quiet, "q", false, "print nothing on success")
	fs.StringVar(&single, "single", "", "write the whole dossier as one self-contained HTML `file` instead of the site, which is left as it is")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if single != "" && out != "" {
		fmt.Fprintln(stderr, "dossier build: -single writes one file instead of the site: give -single or -out, not both")
		return exitUsage
	}
	if out == "" && single == "" {
		out = filepath.Join(c.root, "build")
	}
	if baseURL != "" {
		if why := check.BaseURLProblem(baseURL); why != "" {
			fmt.Fprintf(stderr, "dossier build: -base-url %q must be an absolute http(s) URL such as https://user.github.io/repo/: %s\n", check.ShownURL(baseURL), why)
			return exitUsage
		}
	}
	date, err := buildDate()
	if err != nil {
		fmt.Fprintln(stderr, "dossier build:", err)
		return exitUsage
	}
	stop := c.profile(stderr)
	res, errs, err := build.Run(build.Options{Root: c.root, Out: out, Single: single, Captures: c.captures, BaseURL: baseURL, Strict: c.strict, BuildDate: date})
	stop()
	if err != nil {
		fmt.Fprintln(stderr, "dossier build:", err)
		return exitUsage
	}
	if errs.Fails(c.strict) {
		printErrors(stderr, errs)
		fmt.Fprintf(stderr, "dossier build: %s%s; %s was left as it was\n", errs.Summary(), strictNote(errs, c.strict), cmp.Or(single, out))
		return exitContent
	}
	// Warnings do not stop a build, but are always shown.
	printErrors(stderr, errs)
	switch {
	case quiet:
	case single != "":
		fmt.Fprintf(stdout, "wrote %d pages as one file, %s; %s%s\n", res.Pages, single, res.Verification, warned(errs))
	default:
		fmt.Fprintf(stdout, "built %d pages into %s; %s%s\n", res.Pages, out, res.Verification, warned(errs))
	}
	return exitOK
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	var c common
	var format string
	fs := newFlags("check", "Checks the dossier and writes nothing. Problems are printed as\npath:line:col: message, or as GitHub annotations when GITHUB_ACTIONS=true.", stderr, &c)
	fs.StringVar(&format, "format", "text", "output `format`: text or json")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(stderr, "dossier check: -format must be text or json, not %q\n", format)
		return exitUsage
	}
	stop := c.profile(stderr)
	res, errs, err := build.Run(build.Options{Root: c.root, Captures: c.captures, Strict: c.strict, Check: true})
	stop()
	if err != nil {
		fmt.Fprintln(stderr, "dossier check:", err)
		return exitUsage
	}
	if format == "json" {
		type jsonErr struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"` // error or warning
			Message  string `json:"message"`
		}
		report := struct {
			OK       bool      `json:"ok"`
			Errors   []jsonErr `json:"errors"`
			Warnings int       `json:"warnings"`
			Quotes   int       `json:"quotes"`
			Verified int       `json:"verified"`
			Captures string    `json:"captures"`
		}{OK: !errs.Fails(c.strict), Errors: []jsonErr{}, Warnings: errs.Warnings(), Quotes: res.Verification.Quotes, Verified: res.Verification.Verified, Captures: res.Verification.Dir}
		for _, e := range errs {
			sev := "error"
			if e.Warning {
				sev = "warning"
			}
			report.Errors = append(report.Errors, jsonErr{e.Pos.File, e.Pos.Line, e.Pos.Col, sev, e.Msg})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(report)
	} else {
		printErrors(stdout, errs)
	}
	if errs.Fails(c.strict) {
		if format == "text" {
			fmt.Fprintf(stderr, "dossier check: %s%s\n", errs.Summary(), strictNote(errs, c.strict))
		}
		return exitContent
	}
	if format == "text" {
		fmt.Fprintf(stdout, "ok: %s%s\n", res.Verification, warned(errs))
	}
	return exitOK
}

// strictNote says why a list with no errors failed.
func strictNote(errs diag.List, strict bool) string {
	if strict && errs.Errors() == 0 {
		return " (-strict fails on warnings)"
	}
	return ""
}

// warned ends a success line with the warnings it passed over.
func warned(errs diag.List) string {
	if n := errs.Warnings(); n > 0 {
		return "; " + diag.Plural(n, "warning")
	}
	return ""
}

// printErrors prints problems one per line, as GitHub workflow annotations
// when running in GitHub Actions.
func printErrors(w io.Writer, errs diag.List) {
	gh := os.Getenv("GITHUB_ACTIONS") == "true"
	for _, e := range errs {
		if gh {
			level := "error"
			if e.Warning {
				level = "warning"
			}
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d::%s\n", level, ghEscape(e.Pos.File, true), e.Pos.Line, e.Pos.Col, ghEscape(e.Msg, false))
			continue
		}
		fmt.Fprintln(w, e)
	}
}

// ghEscape escapes a value for a workflow command, as actions/toolkit does.
func ghEscape(s string, property bool) string {
	s = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
	if property {
		s = strings.NewReplacer(":", "%3A", ",", "%2C").Replace(s)
	}
	return s
}

// buildDate honours SOURCE_DATE_EPOCH; without it pages carry no build time.
func buildDate() (string, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return "", nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return "", fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
	}
	return time.Unix(sec, 0).UTC().Format("2006-01-02"), nil
}

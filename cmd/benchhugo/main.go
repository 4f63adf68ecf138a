// Command benchhugo builds a synthetic dossier and a Hugo site of the same
// weight side by side, as whole processes, interleaved, and prints the
// median wall time and peak memory of each and their ratio. It is what
// `make bench-hugo` runs; Hugo must be installed (Debian: apt-get install
// hugo), and the Hugo site comes from ../shared/bench/synth_hugo.py.
//
//	go run ./cmd/benchhugo -claims 10000 -runs 5
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/dossier-ssg/dossier/internal/synth"
)

func main() {
	claims := flag.Int("claims", 10000, "claims in the synthetic dossier; the Hugo site gets as many pages")
	runs := flag.Int("runs", 5, "runs of each, interleaved")
	dossier := flag.String("dossier", "", "dossier `binary` to time (default: built from this module)")
	hugoGen := flag.String("hugo-gen", "../shared/bench/synth_hugo.py", "the Hugo site `generator`")
	keep := flag.String("dir", "", "`folder` for the inputs and outputs (default: a temporary one, removed)")
	flag.Parse()
	if err := run(*claims, *runs, *dossier, *hugoGen, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "benchhugo:", err)
		os.Exit(1)
	}
}

func run(claims, runs int, dossier, hugoGen, dir string) error {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		return fmt.Errorf("hugo is not installed (Debian: apt-get install hugo); nothing to compare with")
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "benchhugo-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	if dossier == "" {
		dossier = filepath.Join(dir, "dossier")
		if out, err := exec.Command("go", "build", "-o", dossier, "./cmd/dossier").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	src := filepath.Join(dir, "dossier-src")
	st, err := synth.Write(src, synth.Options{Claims: claims, Seed: 1})
	if err != nil {
		return err
	}
	hugoSrc := filepath.Join(dir, "hugo-src")
	if out, err := exec.Command("python3", hugoGen, hugoSrc, fmt.Sprint(claims)).CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", hugoGen, err, out)
	}
	fmt.Printf("dossier: %s\nhugo: %d pages (%s)\n", st, claims, version(hugo))

	cmds := []struct {
		name string
		args func(out string) []string
	}{
		{"dossier", func(out string) []string { return []string{dossier, "build", "-q", "-root", src, "-out", out} }},
		{"hugo", func(out string) []string { return []string{hugo, "--quiet", "-s", hugoSrc, "-d", out} }},
	}
	walls := make([][]time.Duration, len(cmds))
	rss := make([][]int64, len(cmds))
	users := make([][]time.Duration, len(cmds))
	systems := make([][]time.Duration, len(cmds))
	// Every output stays until the end. On ext4 without a journal the
	// kernel skips, for each new file, every inode freed in the last minute
	// or more (recently_deleted in perf), so a build run right after the
	// previous output's 11,000 files were removed paid seconds of system
	// time for that removal, not for its own work.
	var outs []string
	defer func() {
		for _, out := range outs {
			os.RemoveAll(out)
		}
	}()
	for r := range runs {
		for i, c := range cmds {
			out := filepath.Join(dir, fmt.Sprintf("out-%s-%d", c.name, r))
			args := c.args(out)
			cmd := exec.Command(args[0], args[1:]...)
			// What a tool says (dossier's warnings on the synthetic
			// dossier) is the same every run: it is shown once, and
			// again with a failure.
			var said bytes.Buffer
			cmd.Stdout, cmd.Stderr = &said, &said
			start := time.Now()
			err := cmd.Run()
			if err != nil || r == 0 {
				os.Stdout.Write(said.Bytes())
			}
			if err != nil {
				return fmt.Errorf("%s: %v", c.name, err)
			}
			walls[i] = append(walls[i], time.Since(start))
			if u, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				rss[i] = append(rss[i], u.Maxrss) // kilobytes on Linux
				users[i] = append(users[i], time.Duration(u.Utime.Nano()))
				systems[i] = append(systems[i], time.Duration(u.Stime.Nano()))
			}
			outs = append(outs, out)
		}
	}
	for i, c := range cmds {
		fmt.Printf("%-8s wall median %6.2fs (range %.2f-%.2fs)   peak RSS median %5d MB (range %d-%d)\n", c.name,
			median(walls[i]).Seconds(), slices.Min(walls[i]).Seconds(), slices.Max(walls[i]).Seconds(),
			median(rss[i])/1024, slices.Min(rss[i])/1024, slices.Max(rss[i])/1024)
		fmt.Printf("%-8s CPU median user %6.2fs (range %.2f-%.2fs)   system %.2fs (range %.2f-%.2fs)\n", "",
			median(users[i]).Seconds(), slices.Min(users[i]).Seconds(), slices.Max(users[i]).Seconds(),
			median(systems[i]).Seconds(), slices.Min(systems[i]).Seconds(), slices.Max(systems[i]).Seconds())
	}
	fmt.Printf("dossier/hugo wall: %.2f   peak RSS: %.2f\n",
		median(walls[0]).Seconds()/median(walls[1]).Seconds(), float64(median(rss[0]))/float64(median(rss[1])))
	return nil
}

func median[T time.Duration | int64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func version(hugo string) string {
	out, err := exec.Command(hugo, "version").Output()
	if err != nil {
		return "version unknown"
	}
	if len(out) > 0 && out[len(out)-1] == '\n' {
		out = out[:len(out)-1]
	}
	return string(out)
}

package load

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// write creates the files of a dossier under a new folder: name -> text.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// problems loads the dossier at root within a deadline, so that a build
// that blocks on a file fails the test instead of hanging it, and returns
// its problems with root taken off their paths.
func problems(t *testing.T, root string) []string {
	t.Helper()
	type result struct {
		errs diag.List
		err  error
	}
	done := make(chan result, 1)
	go func() {
		_, errs, err := Load(root)
		done <- result{errs, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Load did not return within 5s")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	var got []string
	for _, e := range r.errs.Sort() {
		got = append(got, strings.TrimPrefix(e.Error(), filepath.ToSlash(root)+"/"))
	}
	return got
}

func wantProblems(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const minimal = "title: T\n"

// TestDevZeroIsRefused: a link to /dev/zero, endless, is refused at once
// rather than read until memory runs out.
func TestDevZeroIsRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	root := write(t, map[string]string{ConfigName: minimal})
	os.Mkdir(filepath.Join(root, "content"), 0o755)
	if err := os.Symlink("/dev/zero", filepath.Join(root, "content", "zero.md")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	wantProblems(t, problems(t, root),
		"content/zero.md:1:1: not read: it links to /dev/zero, outside the dossier; dossier reads only files inside its folder: copy the file in, or link to one inside with a relative link")
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing /dev/zero took %v", d)
	}
}

// TestOversizeIsRefused: a file over the cap is refused with the cap, by
// its size, before any of it is read; one of exactly the cap is read.
func TestOversizeIsRefused(t *testing.T) {
	root := write(t, map[string]string{ConfigName: minimal, "content/big.md": "", "content/edge.md": ""})
	// Sparse files: the size is what matters, not the disk they use.
	if err := os.Truncate(filepath.Join(root, "content", "big.md"), 20<<20); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(root, "content", "edge.md"), TextCap.Size); err != nil {
		t.Fatal(err)
	}
	wantProblems(t, problems(t, root),
		"content/big.md:1:1: not read: it is 20 MiB, more than the 16 MiB dossier reads of a Markdown, YAML or template file: split it, or check that it is the file you meant",
		"content/edge.md:1:1: missing front matter: start the file with a line \"---\", the source's YAML, and another \"---\"")
}

// TestGrowingFileIsCut: a file that holds more than its size said when it
// was opened (it grows while read, or is a /proc file of size 0) is cut at
// the cap, not read to its end.
func TestGrowingFileIsCut(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	f, err := OpenFolder("/proc/self", "the test folder")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// /proc/self/maps is a regular file of size 0 that reads as a few KiB.
	_, err = f.ReadFile("maps", Cap{Size: 64, Kind: "a test file"})
	if err == nil || !strings.Contains(err.Error(), "more than the 64 B dossier reads of a test file") {
		t.Errorf("got %v, want a refusal past 64 bytes", err)
	}
}

// TestNotUTF8: a dossier file that is not UTF-8 is one problem at its first
// bad byte, before YAML or Markdown sees it; a leading byte-order mark is
// fine.
func TestNotUTF8(t *testing.T) {
	root := write(t, map[string]string{
		ConfigName:     "title: T\ndescription: caf\xe9 au lait\n",
		"content/a.md": "---\ntitle: A\nkind: report\n---\nFine.\n\nA na\xefve body.\n",
		"content/b.md": "\ufeff---\ntitle: B \xff\nkind: report\n---\n",
		"content/c.md": "\ufeff---\ntitle: C\nkind: report\n---\nA byte-order mark is fine.\n",
	})
	wantProblems(t, problems(t, root),
		"content/a.md:7:5: not UTF-8: save the file as UTF-8 (byte 0xef here is not UTF-8 text)",
		"content/b.md:2:10: not UTF-8: save the file as UTF-8 (byte 0xff here is not UTF-8 text)",
		"dossier.yaml:2:17: not UTF-8: save the file as UTF-8 (byte 0xe9 here is not UTF-8 text)")

	root = write(t, map[string]string{ConfigName: "\ufefftitle: T\n"})
	wantProblems(t, problems(t, root))
}

// TestLanguage: language becomes <html lang>, so it must have the shape of
// a BCP 47 tag. A language without built-in labels is legal, with a
// warning that its pages' words stay English.
func TestLanguage(t *testing.T) {
	for lang, ok := range map[string]bool{
		"en": true, "de-CH": true, "ko": true, "zh-Hant-TW": true, "es-419": true,
		"sr-Latn": true, "EN-gb": true, "gsw": true, "de-CH-1996": true,
		"English": false, "en_US": false, "e": false, "en-": false, "-en": false,
		"en-US-": false, "de CH": false, `en"><script>`: false, "12": false,
	} {
		root := write(t, map[string]string{ConfigName: "title: T\nlanguage: " + lang + "\n"})
		got := problems(t, root)
		primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
		builtin := slices.Contains([]string{"en", "de"}, primary)
		if ok && !builtin {
			if len(got) != 1 || !strings.Contains(got[0], "dossier.yaml:2:11: warning: dossier has no labels of its own for language "+strconv.Quote(lang)) {
				t.Errorf("language %q: got %q, want the warning that its labels stay English", lang, got)
			}
			continue
		}
		if (len(got) == 0) != ok {
			t.Errorf("language %q: got %q, want ok=%v", lang, got, ok)
		}
		if !ok && len(got) == 1 && !strings.Contains(got[0], "such as en, de-CH or zh-Hant-TW") {
			t.Errorf("language %q: %s does not give an example", lang, got[0])
		}
	}
}

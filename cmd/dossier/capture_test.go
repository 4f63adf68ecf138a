package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// seedsDir returns the folder of the example's captures, skipping the test when
// it is not beside the project (as on GitHub), unless DOSSIER_REQUIRE_CAPTURES
// says it must be there.
func seedsDir(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs("../../../shared/seeds")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("DOSSIER_REQUIRE_CAPTURES") != "" {
			t.Fatalf("DOSSIER_REQUIRE_CAPTURES is set but the captures are not at %s", dir)
		}
		t.Skip("the captures are not beside the project (../shared/seeds); CI has them")
	}
	return dir
}

// captureInto runs dossier capture on file into a dossier at root and
// returns its output.
func captureInto(t *testing.T, root, file, id string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"capture", file, "-id", id, "-root", root}, &stdout, &stderr); code != exitOK {
		t.Fatalf("dossier capture %s exited %d: %s", file, code, stderr.String())
	}
	return stdout.String()
}

func captureRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "dossier.yaml"), []byte("title: T\ncaptures: caps\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestCaptureKeepsTheSeedsHashes captures a plain-text copy of each of the
// example's captures: the capture must be the same bytes, with the SHA-256
// that the seeds' README lists, so a capture made elsewhere is taken as it is.
func TestCaptureKeepsTheSeedsHashes(t *testing.T) {
	dir := seedsDir(t)
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile("(?m)^\\| `([^`]+\\.txt)` \\|.*\\| `([0-9a-f]{64})` \\|$").FindAllStringSubmatch(string(readme), -1)
	if len(rows) == 0 {
		t.Fatal("the seeds' README.md lists no capture with its sha256")
	}
	root := captureRoot(t)
	for i, row := range rows {
		name, want := row[1], row[2]
		seed, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		cp := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(cp, seed, 0o644); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprintf("seed-%d", i)
		out := captureInto(t, root, cp, id)
		if !strings.Contains(out, "\n  sha256: "+want+"\n") {
			t.Errorf("%s: dossier capture printed\n%s\nwant sha256 %s, as the seeds' README lists", name, out, want)
		}
		if got, _ := os.ReadFile(filepath.Join(root, "caps", id+".txt")); !bytes.Equal(got, seed) {
			t.Errorf("%s: the capture is not the file as it was", name)
		}
	}
}

// TestCaptureTextLineEnds: a text saved on Windows or an old Mac gets the
// capture, and the hash, of the same text saved with "\n".
func TestCaptureTextLineEnds(t *testing.T) {
	root := captureRoot(t)
	want := "Headline\n\nFirst paragraph,\non two lines.\n"
	h := sha256.Sum256([]byte(want))
	for i, text := range []string{
		"Headline\r\n\r\nFirst paragraph,\r\non two lines.\r\n",
		"Headline\r\rFirst paragraph,\ron two lines.\r",
	} {
		p := filepath.Join(t.TempDir(), "article.txt")
		os.WriteFile(p, []byte(text), 0o644)
		id := fmt.Sprintf("text-%d", i)
		out := captureInto(t, root, p, id)
		if !strings.Contains(out, "  sha256: "+hex.EncodeToString(h[:])+"\n") {
			t.Errorf("%q: printed\n%s\nwant the hash of %q", text, out, want)
		}
		if got, _ := os.ReadFile(filepath.Join(root, "caps", id+".txt")); string(got) != want {
			t.Errorf("%q: captured as %q, want %q", text, got, want)
		}
	}
}

// TestCaptureRefusesTooLarge uses a sparse file: its size is what counts.
func TestCaptureRefusesTooLarge(t *testing.T) {
	root := captureRoot(t)
	p := filepath.Join(t.TempDir(), "huge.html")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(32<<20 + 1)
	f.Close()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"capture", p, "-root", root}, &stdout, &stderr); code != exitUsage {
		t.Errorf("exited %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr.String(), "is larger than 32 MiB") {
		t.Errorf("stderr %q does not say the file is too large", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(root, "caps")); err == nil {
		t.Error("a captures folder was made for nothing")
	}
}

//go:build unix

package load

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestFIFOIsRefused: a named pipe is refused without being opened for a
// read, which would wait for a writer forever.
func TestFIFOIsRefused(t *testing.T) {
	for _, name := range []string{"content/x.md", ConfigName} {
		t.Run(name, func(t *testing.T) {
			root := write(t, map[string]string{ConfigName: minimal, "content/a.md": "---\ntitle: A\nkind: report\n---\n"})
			p := filepath.Join(root, filepath.FromSlash(name))
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
			wantProblems(t, problems(t, root),
				name+":1:1: not read: it is a named pipe, not a regular file, and reading it could wait forever: replace it with a regular file")
		})
	}
}

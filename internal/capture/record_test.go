package capture

import (
	"errors"
	"strings"
	"testing"

	"github.com/dossier-ssg/dossier/internal/diag"
	"github.com/dossier-ssg/dossier/internal/load"
)

const sum = "4542d6472ea278d6408af1e61d220a768418b6a1a5fb9efe79ad5b0fac4cfea7"

func TestRecord(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			name: "before relays",
			src:  "---\ntitle: A\nkind: report\nrelays:\n  - origin: o\nannotations: []\n---\nBody.\n",
			want: "---\ntitle: A\nkind: report\ncapture:\n  file: a.txt\n  sha256: " + sum + "\nrelays:\n  - origin: o\nannotations: []\n---\nBody.\n",
		},
		{
			name: "before annotations",
			src:  "---\ntitle: A\nkind: report\nannotations:\n  - claim: c\n    stance: supports\n    quote: one two three\n---\n",
			want: "---\ntitle: A\nkind: report\ncapture:\n  file: a.txt\n  sha256: " + sum + "\nannotations:\n  - claim: c\n    stance: supports\n    quote: one two three\n---\n",
		},
		{
			name: "at the end",
			src:  "---\ntitle: A\nnotes: >-\n  Folded\n  text.\n---\nBody.",
			want: "---\ntitle: A\nnotes: >-\n  Folded\n  text.\ncapture:\n  file: a.txt\n  sha256: " + sum + "\n---\nBody.",
		},
		{
			name: "above the comments that introduce the key",
			src:  "---\ntitle: A\n# What it relays.\n# Two lines.\nrelays: []\n---\n",
			want: "---\ntitle: A\ncapture:\n  file: a.txt\n  sha256: " + sum + "\n# What it relays.\n# Two lines.\nrelays: []\n---\n",
		},
		{
			name: "a block of text above stays whole",
			src:  "---\nnotes: |\n  Text\n  # not a comment\nrelays: []\ntitle: A\n---\n",
			want: "---\nnotes: |\n  Text\n  # not a comment\ncapture:\n  file: a.txt\n  sha256: " + sum + "\nrelays: []\ntitle: A\n---\n",
		},
		{
			name: "Windows line ends and a byte order mark",
			src:  "\ufeff---\r\ntitle: A\r\nrelays: []\r\n---\r\nBody.\r\n",
			want: "\ufeff---\r\ntitle: A\r\ncapture:\r\n  file: a.txt\r\n  sha256: " + sum + "\r\nrelays: []\r\n---\r\nBody.\r\n",
		},
		{
			name: "an indented mapping",
			src:  "---\n  title: A\n  kind: report\n---\n",
			want: "---\n  title: A\n  kind: report\n  capture:\n    file: a.txt\n    sha256: " + sum + "\n---\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Record([]byte(tt.src), "a.txt", sum)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
			// The loader reads it back as the source's capture.
			var errs diag.List
			s := load.ParseSource("content/a.md", got, &errs)
			if s == nil || s.Capture.File != "a.txt" || s.Capture.SHA256 != sum {
				t.Errorf("the loader does not read the capture back: %+v %v", s, errs)
			}
		})
	}
}

func TestRecordRefuses(t *testing.T) {
	tests := []struct {
		name, src string
		err       error  // wanted with errors.Is, or
		msg       string // wanted in the message
	}{
		{name: "a capture is there", src: "---\ntitle: A\ncapture:\n  file: b.txt\n  sha256: x\n---\n", err: ErrHasCapture},
		{name: "no front matter", src: "title: A\n", msg: "does not start with front matter"},
		{name: "front matter never closed", src: "---\ntitle: A\n", msg: "never closed"},
		{name: "a flow mapping", src: "---\n{title: A, kind: report}\n---\n", msg: "not a list of keys"},
		{name: "empty front matter", src: "---\n---\n", msg: "not a list of keys"},
		{name: "bad YAML", src: "---\ntitle: \"A\n---\n", msg: "not valid YAML"},
		{name: "old Mac line ends", src: "---\ntitle: A\rkind: report\n---\n", msg: "carriage return alone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Record([]byte(tt.src), "a.txt", sum)
			switch {
			case err == nil:
				t.Fatalf("added it: %q", got)
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Errorf("got %v, want %v", err, tt.err)
			case tt.msg != "" && !strings.Contains(err.Error(), tt.msg):
				t.Errorf("got %v, want it to say %q", err, tt.msg)
			}
		})
	}
}

package pass

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

// TestBytesDoesNotKeep: Bytes reads a file the run does not hold without
// holding it afterwards, and refuses a file whose size changed.
func TestBytesDoesNotKeep(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.py")
	if err := os.WriteFile(p, []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := NewFile(token.NewFileSet(), "m.py", p, Python, nil, 6)
	f.Defer(nil)
	data, err := f.Bytes()
	if err != nil || string(data) != "x = 1\n" {
		t.Fatalf("Bytes() = %q, %v", data, err)
	}
	if f.content != nil {
		t.Fatal("Bytes kept the file's bytes")
	}
	if err := os.WriteFile(p, []byte("x = 12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Bytes(); err == nil {
		t.Fatal("a file whose size changed must be refused")
	}
	held := NewFile(token.NewFileSet(), "h.py", p, Python, []byte("y = 2\n"), 0)
	if data, _ := held.Bytes(); string(data) != "y = 2\n" {
		t.Fatalf("held bytes: %q", data)
	}
}

// TestBytesSetsLines: a file no pass read, parsed from Bytes, resolves
// positions to lines, as after ReadFile (a helper's blocking call in a
// module read after every pass was done with it).
func TestBytesSetsLines(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.py")
	src := "import os\n\ndef f():\n    os.walk('.')\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f := NewFile(token.NewFileSet(), "m.py", p, Python, nil, int64(len(src)))
	if _, err := f.Bytes(); err != nil {
		t.Fatal(err)
	}
	if got := f.Position(len("import os\n\ndef f():\n    ")); got.Line != 4 || got.Column != 5 {
		t.Fatalf("Position = %v, want line 4 column 5", got)
	}
	if f.content != nil {
		t.Fatal("Bytes kept the file's bytes")
	}
}

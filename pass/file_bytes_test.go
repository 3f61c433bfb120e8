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

package checker

import (
	"go/token"
	"testing"

	"github.com/acrvet/acr/pass"
)

func FuzzParseDirectives(f *testing.F) {
	f.Add([]byte("x = 1  # acr:ignore ARX101 -- reason\n"), "python")
	f.Add([]byte("-- acr:file-ignore schemadrift -- seed\nSELECT 1;"), "sql")
	f.Add([]byte("# acr:ignore\n# acr:ignore --\n#acr:ignoreX\n"), "yaml")
	f.Fuzz(func(t *testing.T, data []byte, kind string) {
		fset := token.NewFileSet()
		file := pass.NewFile(fset, "f", "f", pass.Kind(kind), data, 0)
		for _, d := range parseDirectives(file) {
			if d.offset < 0 || d.end > len(data) || d.offset > d.end {
				t.Fatalf("directive range [%d, %d) outside the file of %d bytes", d.offset, d.end, len(data))
			}
			if d.reason == "" && len(d.problems) == 0 {
				t.Fatal("a directive without a reason must carry a problem")
			}
		}
	})
}

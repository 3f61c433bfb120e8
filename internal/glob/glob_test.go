package glob

import "testing"

func TestMatch(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"*.gen.py", "src/a.gen.py", true},    // no slash: any path element
		{"legacy", "legacy/old/x.py", true},   // a directory covers what is below it
		{"legacy/", "legacy/x.py", true},      // trailing slash
		{"/src/*.py", "src/a.py", true},       // anchored at the root
		{"src/*.py", "lib/src/a.py", false},   // a slash anchors
		{"src/**/t.py", "src/a/b/t.py", true}, // ** spans directories
		{"src/**/t.py", "src/t.py", true},     // ** may span none
		{"src/**", "src/a/b", true},
		{"*.sql", "db/a.py", false},
		{"", "a", false},
	}
	for _, c := range cases {
		if got := Match(c.pattern, c.path); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

package checker

import "testing"

func TestIgnored(t *testing.T) {
	rules := append(parseGitignore("", []byte(`# comment
__pycache__
*.pyc
/build
docs/_site/
node_modules/
*.py[cod]
tmp_*
*$py.class
!keep.pyc
src/**/gen_*.py
`)), parseGitignore("web", []byte("dist\n/local.py\n!dist\n.cache/\n"))...)
	tests := []struct {
		path  string
		isDir bool
		want  bool
	}{
		{"__pycache__", true, true},
		{"pkg/__pycache__", true, true},
		{"pkg/__pycache__x", true, false},
		{"pkg/mod.pyc", false, true},
		{"pkg/keep.pyc", false, false}, // negated after *.pyc
		{"build", true, true},
		{"pkg/build", true, false}, // anchored at the root
		{"docs/_site", true, true},
		{"docs/_site", false, false}, // directories only
		{"a/node_modules", true, true},
		{"a/node_modules", false, false},
		{"pkg/mod.pyo", false, true},
		{"pkg/mod.pyx", false, false},
		{"pkg/tmp_x.txt", false, true},
		{"pkg/x_tmp_", false, false},
		{"pkg/a$py.class", false, true},
		{"pkg/a.class", false, false},
		{"src/gen_api.py", false, true},
		{"src/a/b/gen_api.py", false, true},
		{"lib/gen_api.py", false, false},
		{"web/dist", true, false}, // negated in the same file
		{"web/local.py", false, true},
		{"web/sub/local.py", false, false}, // anchored at web/
		{"local.py", false, false},         // outside web/
		{"webx/local.py", false, false},
		{"web/a/.cache", true, true},
		{"web/a/.cache", false, false},
	}
	for _, tt := range tests {
		if got := ignored(rules, tt.path, tt.isDir); got != tt.want {
			t.Errorf("ignored(%q, dir=%v) = %v, want %v", tt.path, tt.isDir, got, tt.want)
		}
	}
}

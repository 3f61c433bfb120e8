package checker

import (
	"path"
	"strings"
	"testing"

	"github.com/acrvet/acr/internal/glob"
)

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

// TestIgnoreShapesMatchGlob holds the string tests that replace
// path.Match and glob.Segments to the same verdicts.
func TestIgnoreShapesMatchGlob(t *testing.T) {
	patterns := []string{"*.orig.*", "a*a", ".env*.local", "a*b", "ab*", "*ab", "*ab*", "*", "**", "a*b*c", "*.sw?",
		"/web/.next", "web/.next", "/web/*.log", "docs/**/x", `a\*b`, "/a//b", "**/x", "**/**/x", "**/docs/x", "docs/**", "docs/*/**/x",
		"src/**/uv.lock", "a/**/b/**/c", "**/web/*.log"}
	names := []string{"x.orig.py", ".orig.", "x.orig", ".env.local", ".envlocal", ".env.prod.local", "ab", "a", "b", "axb",
		"aab", "abab", "abc", "axbyc", "x.swp", "a*b", "web/.next", "web/.nextx", "x/web/.next", "web/a.log", "docs/a/b/x", "a//b",
		"x", "a/x", "a/b/x", "docs/x", "docs", "docs/a", "docs/a/x", "src/uv.lock", "src/a/b/uv.lock", "srcx/uv.lock", "a/b/c",
		"a/x/b/y/c", "a/b/c/d", "q/web/a.log", "web", "x/"}
	for _, pat := range patterns {
		for _, name := range names {
			rules := parseGitignore("", []byte(pat))
			if len(rules) != 1 {
				t.Fatalf("%q: %d rules", pat, len(rules))
			}
			// git's rule, from the pattern as written: with a slash it is
			// matched against the whole path, without one against the
			// last segment.
			var want bool
			if strings.Contains(pat, "/") {
				want = glob.Segments(strings.Split(strings.TrimPrefix(pat, "/"), "/"), strings.Split(name, "/"))
			} else {
				base := name[strings.LastIndexByte(name, '/')+1:]
				want, _ = path.Match(pat, base)
			}
			if got := ignored(rules, name, false); got != want {
				t.Errorf("pattern %q on %q: %v, glob says %v", pat, name, got, want)
			}
		}
	}
}

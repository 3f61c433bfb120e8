// Package glob matches slash paths against gitignore-style patterns; the
// config's exclude and kinds sections and .gitignore files share it.
package glob

import (
	"path"
	"strings"
)

// Match matches a slash path against a pattern: a pattern without a slash
// matches the name of any path element, one with a slash is anchored at
// the root, ** spans directories, and a match of a directory covers
// everything below it.
func Match(pattern, p string) bool {
	pattern = strings.TrimPrefix(pattern, "./")
	pattern = strings.TrimSuffix(pattern, "/")
	if pattern == "" {
		return false
	}
	if !strings.Contains(pattern, "/") {
		for _, el := range strings.Split(p, "/") {
			if ok, _ := path.Match(pattern, el); ok {
				return true
			}
		}
		return false
	}
	pat := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	segs := strings.Split(p, "/")
	for i := len(segs); i >= 1; i-- {
		if Segments(pat, segs[:i]) {
			return true
		}
	}
	return false
}

// Segments matches path segments against pattern segments, where a "**"
// segment matches any number of path segments.
func Segments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if Segments(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

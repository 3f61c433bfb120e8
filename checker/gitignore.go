package checker

import (
	"bufio"
	"bytes"
	"path"
	"strings"
)

// ignoreRule is one line of a .gitignore file.
type ignoreRule struct {
	base   string // directory of the .gitignore, repo-relative ("" at the root)
	prefix string // base + "/", what a path under base starts with
	segs   []string
	// literal[i]: segs[i] has no wildcard, so it is compared as a string.
	literal []bool
	// An unanchored pattern is tested against the path's last segment:
	// as name == lit, or (with a * before, after or around a plain lit, or
	// between two) as a suffix, prefix, substring or prefix-and-suffix
	// test; any other pattern through path.Match. An anchored pattern
	// without wildcards is the path itself.
	shape    nameShape
	lit      string
	lit2     string // the suffix of a prefixSuffix pattern
	negate   bool
	dirOnly  bool
	anchored bool
}

// parseGitignore reads the patterns of a .gitignore found in dir.
func parseGitignore(dir string, data []byte) []ignoreRule {
	var rules []ignoreRule
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := ignoreRule{base: dir}
		if strings.HasPrefix(line, "!") {
			r.negate = true
			line = line[1:]
		}
		line = strings.TrimPrefix(line, `\`)
		if strings.HasSuffix(line, "/") {
			r.dirOnly = true
			line = strings.TrimSuffix(line, "/")
		}
		// "**/name" matches name in every directory, as "name" does.
		for strings.HasPrefix(line, "**/") && !strings.Contains(line[3:], "/") {
			line = line[3:]
		}
		if strings.Contains(line, "/") {
			r.anchored = true
			line = strings.TrimPrefix(line, "/")
		}
		if line == "" {
			continue
		}
		r.segs = strings.Split(line, "/")
		r.literal = make([]bool, len(r.segs))
		for i, seg := range r.segs {
			r.literal[i] = !strings.ContainsAny(seg, globMeta)
		}
		if dir != "" {
			r.prefix = dir + "/"
		}
		if !r.anchored {
			r.shape, r.lit, r.lit2 = shapeOf(line)
		} else if !strings.ContainsAny(line, globMeta) {
			r.shape, r.lit = plainPath, line
		}
		rules = append(rules, r)
	}
	return rules
}

// ignored reports whether the repo-relative path is ignored by rules, git's
// way: the last matching rule wins and a negation re-includes. The walk asks
// it for every entry of the tree against every rule in scope, so it never
// splits the path (matchSegments) and compares a plain name or path
// without path.Match.
func ignored(rules []ignoreRule, p string, isDir bool) bool {
	name := p[strings.LastIndexByte(p, '/')+1:] // the last segment, whatever the base
	verdict := false
	for i := range rules {
		r := &rules[i]
		if r.dirOnly && !isDir {
			continue
		}
		rel := p
		if r.base != "" {
			if !strings.HasPrefix(p, r.prefix) {
				continue
			}
			rel = p[len(r.prefix):]
		}
		var ok bool
		switch {
		case r.shape == plainName:
			ok = name == r.lit
		case r.shape == nameSuffix:
			ok = strings.HasSuffix(name, r.lit)
		case r.shape == namePrefix:
			ok = strings.HasPrefix(name, r.lit)
		case r.shape == nameInfix:
			ok = strings.Contains(name, r.lit)
		case r.shape == prefixSuffix:
			ok = len(name) >= len(r.lit)+len(r.lit2) && strings.HasPrefix(name, r.lit) && strings.HasSuffix(name, r.lit2)
		case r.shape == plainPath:
			ok = rel == r.lit
		case !r.anchored:
			ok, _ = path.Match(r.segs[0], name)
		default:
			ok = matchSegments(r.segs, r.literal, rel, false)
		}
		if ok {
			verdict = !r.negate
		}
	}
	return verdict
}

// matchSegments reports whether the slash-separated path rel matches the
// pattern segments as glob.Segments(segs, strings.Split(rel, "/")) does,
// without splitting rel: "**" matches any number of segments, a literal
// segment is compared as a string and any other through path.Match. end
// says no segment is left (rel is then "").
func matchSegments(segs []string, literal []bool, rel string, end bool) bool {
	for len(segs) > 0 {
		if segs[0] == "**" {
			for {
				if matchSegments(segs[1:], literal[1:], rel, end) {
					return true
				}
				if end {
					return false
				}
				if i := strings.IndexByte(rel, '/'); i >= 0 {
					rel = rel[i+1:]
				} else {
					rel, end = "", true
				}
			}
		}
		if end {
			return false
		}
		seg, rest, more := strings.Cut(rel, "/")
		if literal[0] {
			if seg != segs[0] {
				return false
			}
		} else if ok, _ := path.Match(segs[0], seg); !ok {
			return false
		}
		segs, literal = segs[1:], literal[1:]
		if more {
			rel = rest
		} else {
			rel, end = "", true
		}
	}
	return end
}

// nameShape is how a pattern is matched.
type nameShape uint8

const (
	globName     nameShape = iota // path.Match, or matchSegments when anchored
	plainName                     // the name itself
	nameSuffix                    // *lit
	namePrefix                    // lit*
	nameInfix                     // *lit*
	prefixSuffix                  // lit*lit2
	plainPath                     // an anchored pattern without wildcards: the path under the base
)

const globMeta = `*?[\`

// shapeOf classifies a one-segment pattern: "*" matches any run of
// characters other than '/', and a name has none, so "*.pyc" is a suffix
// test, "foo*" a prefix test, "*.orig.*" a substring test and ".env*.local"
// a prefix and suffix test.
func shapeOf(pat string) (shape nameShape, lit, lit2 string) {
	plain := func(s string) bool { return !strings.ContainsAny(s, globMeta) }
	switch {
	case plain(pat):
		return plainName, pat, ""
	case len(pat) > 1 && pat[0] == '*' && plain(pat[1:]):
		return nameSuffix, pat[1:], ""
	case len(pat) > 1 && pat[len(pat)-1] == '*' && plain(pat[:len(pat)-1]):
		return namePrefix, pat[:len(pat)-1], ""
	case len(pat) > 2 && pat[0] == '*' && pat[len(pat)-1] == '*' && plain(pat[1:len(pat)-1]):
		return nameInfix, pat[1 : len(pat)-1], ""
	}
	if a, b, ok := strings.Cut(pat, "*"); ok && a != "" && b != "" && plain(a) && plain(b) {
		return prefixSuffix, a, b
	}
	return globName, "", ""
}

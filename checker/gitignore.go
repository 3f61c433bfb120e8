package checker

import (
	"bufio"
	"bytes"
	"path"
	"strings"

	"github.com/acrvet/acr/internal/glob"
)

// ignoreRule is one line of a .gitignore file.
type ignoreRule struct {
	base     string // directory of the .gitignore, repo-relative ("" at the root)
	segs     []string
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
		if strings.Contains(line, "/") {
			r.anchored = true
			line = strings.TrimPrefix(line, "/")
		}
		if line == "" {
			continue
		}
		r.segs = strings.Split(line, "/")
		rules = append(rules, r)
	}
	return rules
}

// ignored reports whether the repo-relative path is ignored by rules, git's
// way: the last matching rule wins and a negation re-includes.
func ignored(rules []ignoreRule, p string, isDir bool) bool {
	verdict := false
	for _, r := range rules {
		rel := p
		if r.base != "" {
			if !strings.HasPrefix(p, r.base+"/") {
				continue
			}
			rel = p[len(r.base)+1:]
		}
		if r.dirOnly && !isDir {
			continue
		}
		if r.match(rel) {
			verdict = !r.negate
		}
	}
	return verdict
}

func (r ignoreRule) match(rel string) bool {
	segs := strings.Split(rel, "/")
	if !r.anchored {
		ok, _ := path.Match(r.segs[0], segs[len(segs)-1])
		return ok
	}
	return glob.Segments(r.segs, segs)
}

package manifest

import (
	"regexp"
	"strings"
)

// Compose loads the files a command names with -f, in order, or the files
// COMPOSE_FILE lists, instead of the default base file and its override;
// later files merge into earlier ones.

// composeCmdRE finds a docker compose command up to the end of its shell
// command; composeFileRE its -f and --file arguments.
var (
	composeCmdRE  = regexp.MustCompile(`docker[ -]compose\b[^;&|\n]*`)
	composeFileRE = regexp.MustCompile(`(?:^|\s)(?:-f|--file)[ =]+["']?([^\s"';&|]+)`)
)

// fileLists returns the lists of Compose files that the repository's
// Makefile and package.json scripts in dir or at the root pass together
// with -f, as repo-relative paths, each list of two files or more.
func (r *reader) fileLists(dir string) [][]string {
	var out [][]string
	seen := map[string]bool{}
	add := func(base, text string) {
		for _, cmd := range composeCmdRE.FindAllString(text, -1) {
			var list []string
			for _, m := range composeFileRE.FindAllStringSubmatch(cmd, -1) {
				if strings.ContainsAny(m[1], "$(){}") {
					list = nil // a variable chooses the files: unknown
					break
				}
				list = append(list, joinRel(base, m[1]))
			}
			if key := strings.Join(list, "\x00"); len(list) > 1 && !seen[key] {
				seen[key] = true
				out = append(out, list)
			}
		}
	}
	for _, d := range uniqueDirs(dir, ".") {
		scripts := r.scriptsIn(d)
		if scripts.makefile != nil {
			add(d, strings.ReplaceAll(string(scripts.makefile), "\\\n", " "))
		}
		for _, script := range scripts.pkg {
			add(d, script[1])
		}
	}
	return out
}

// composeFileVar returns the files COMPOSE_FILE lists in a project's .env,
// as repo-relative paths, or nil.
func composeFileVar(dir string, env map[string]string) []string {
	v := strings.TrimSpace(env["COMPOSE_FILE"])
	if v == "" || strings.Contains(v, "$") {
		return nil
	}
	sep := env["COMPOSE_PATH_SEPARATOR"]
	if sep == "" {
		sep = ":"
	}
	var out []string
	for _, p := range strings.Split(v, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, joinRel(dir, p))
		}
	}
	return out
}

// explicitProjects returns the projects that file lists name, when every
// file of a list is among files: the COMPOSE_FILE list first, then the -f
// lists of commands. envUsed reports whether the COMPOSE_FILE list is one.
func explicitProjects(files []*cfile, fromEnv []string, lists [][]string) (out [][]*cfile, envUsed bool) {
	byPath := map[string]*cfile{}
	for _, cf := range files {
		byPath[cf.f.Path] = cf
	}
	seen := map[string]bool{}
	for i, list := range append([][]string{fromEnv}, lists...) {
		var p []*cfile
		for _, rel := range list {
			cf := byPath[rel]
			if cf == nil {
				p = nil
				break
			}
			p = append(p, cf)
		}
		if key := strings.Join(list, "\x00"); len(p) > 0 && !seen[key] {
			seen[key] = true
			out = append(out, p)
			envUsed = envUsed || i == 0
		}
	}
	return out, envUsed
}

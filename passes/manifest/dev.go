package manifest

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/acrvet/acr/pass/role"
	"github.com/acrvet/acr/pass/yamlsrc"
	"gopkg.in/yaml.v3"
)

// The one place that says which manifests are for development, tests or
// local infrastructure rather than a deployment. Every Physical-view rule
// reads Workload.Dev, set from here: the plan allows published database
// ports "in dev", and a laptop's stack needs no memory limits.

// devWords are words of a file or directory name that mark it as
// development or test: docker-compose.dev.yml, compose.test.yaml,
// docker-compose-redis-it.yml, .devcontainer/.
var devWords = map[string]bool{
	"dev": true, "develop": true, "development": true, "local": true, "debug": true, "override": true,
	"test": true, "tests": true, "testing": true, "it": true, "e2e": true, "ci": true,
	"integration": true, "devcontainer": true, "contributing": true, "sandbox": true, "playground": true, "quickstart": true,
	"example": true, "sample": true, "samples": true, "demo": true,
	"minikube": true, "kind": true,
}

// devProfiles are Compose profiles of development and test services.
var devProfiles = map[string]bool{
	"dev": true, "development": true, "local": true, "debug": true, "test": true, "testing": true, "ci": true, "e2e": true,
}

func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '.' || r == '-' || r == '_' })
}

// devWord returns the first development or test word of a name, or "".
func devWord(s string) string {
	for _, w := range nameWords(s) {
		if devWords[w] {
			return w
		}
	}
	return ""
}

// hasDevWord reports whether a name has a development or test word.
func hasDevWord(s string) bool { return devWord(s) != "" }

// targetSeps and jobNameSeps turn the other separators of a make target or
// script name ("infra:dev:up", a heading) and of a CI job's id or name
// ("Test (e2e)") into dots, so nameWords splits there too.
var (
	targetSeps  = strings.NewReplacer(":", ".", "/", ".", " ", ".")
	jobNameSeps = strings.NewReplacer(" ", ".", "/", ".", "(", ".", ")", ".")
)

// devFileReason says why a manifest's path marks it as development, test
// or example only, or "".
func devFileReason(p string) string {
	base := path.Base(p)
	switch devWord(base) {
	case "":
	case "override":
		return "override file " + base
	default:
		return "development file " + base
	}
	switch r := role.Of(p, nil); r {
	case role.Test, role.Example, role.Benchmark:
		return "file " + p + " of the " + r.String() + "s"
	}
	for _, seg := range strings.Split(path.Dir(p), "/") {
		for _, w := range nameWords(seg) {
			if devWords[w] && w != "override" {
				return "development directory " + seg
			}
		}
	}
	return ""
}

// minSamples is the number of top-level directories with a Compose file of
// their own that make a repository a collection of sample stacks.
const minSamples = 5

// sampleCollection returns, for each directory of dirs (the directories
// holding Compose files) that is one stack of a collection of samples, why
// it is taken for one. A repository whose root holds no Compose file while
// at least minSamples of its top-level directories hold one each
// (awesome-compose: react-rust-postgres/compose.yaml, spring-postgres/...)
// is a set of independent stacks that each run on a developer's machine,
// not a deployment: its stacks are examples.
func sampleCollection(dirs []string) map[string]string {
	var top []string
	for _, d := range dirs {
		if d == "." {
			return nil // the root deploys something of its own
		}
		if !strings.Contains(d, "/") {
			top = append(top, d)
		}
	}
	if len(top) < minSamples {
		return nil
	}
	out := make(map[string]string, len(top))
	for _, d := range top {
		out[d] = fmt.Sprintf("sample stack %s, one of %d beside it in a repository of samples", d, len(top))
	}
	return out
}

// composeUpRE finds `docker compose -f FILE` and `docker-compose --file
// FILE` in a Makefile recipe or a package.json script.
var composeUpRE = regexp.MustCompile(`docker[ -]compose\b[^;&|\n]*?(?:-f|--file)[ =]+["']?([^\s"';&|]+)`)

// startedForDev returns the Compose files of a directory that the
// repository's Makefile or package.json starts from a development or test
// target ("dev", "test:e2e", "infra:dev:up"), or that its README or
// development guide starts under a heading about development or tests,
// with the reason.
func (r *reader) startedForDev(dir string) map[string]string {
	// keyed by the repo-relative path of the Compose file
	out := map[string]string{}
	for _, d := range uniqueDirs(dir, ".") {
		for _, s := range r.composeStarts(d) {
			if _, ok := out[s.file]; !ok && hasDevWord(targetSeps.Replace(s.by)) {
				out[s.file] = "started by " + s.by
			}
		}
	}
	return out
}

// A composeStart is a command that starts a Compose file, with the make
// target, script or document heading it stands under.
type composeStart struct {
	by   string // "make dev", "test:e2e", "DEVELOPMENT.md Running locally"
	file string // the repo-relative path of the Compose file
}

// composeStarts returns, in the order they appear, the Compose files that
// the Makefile, package.json and development documents of the directory d
// start. Every directory's scan includes the root's, so each directory is
// read once and remembered.
func (r *reader) composeStarts(d string) []composeStart {
	if starts, ok := r.starts[d]; ok {
		return starts
	}
	var out []composeStart
	add := func(by, line string) {
		for _, m := range composeUpRE.FindAllStringSubmatch(line, -1) {
			out = append(out, composeStart{by: by, file: joinRel(d, m[1])})
		}
	}
	scripts := r.scriptsIn(d)
	if scripts.makefile != nil {
		target := ""
		for _, line := range strings.Split(string(scripts.makefile), "\n") {
			if line != "" && line[0] != '\t' && line[0] != ' ' && line[0] != '#' {
				if name, _, ok := strings.Cut(line, ":"); ok && !strings.Contains(name, "=") {
					target = "make " + strings.TrimSpace(name)
				}
				continue
			}
			add(target, line)
		}
	}
	for _, script := range scripts.pkg {
		add(script[0], script[1])
	}
	for _, doc := range devDocs {
		data, _, ok := r.readRelated(joinRel(d, doc))
		if !ok || len(data) > 1<<20 {
			continue
		}
		// A command under a heading about development or tests, or
		// anywhere in a development guide, starts a development stack.
		context := ""
		if !strings.EqualFold(doc, "README.md") {
			context = doc
		}
		heading := ""
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "#") {
				heading = strings.TrimSpace(strings.TrimLeft(line, "#"))
				continue
			}
			add(strings.TrimSpace(context+" "+heading), line)
		}
	}
	if r.starts == nil {
		r.starts = map[string][]composeStart{}
	}
	r.starts[d] = out
	return out
}

// dirScripts are the Makefile and the package.json scripts of a
// directory, which both tell how its Compose files are started
// (composeStarts, fileLists).
type dirScripts struct {
	makefile []byte      // nil when there is none, or it is 1 MiB or more
	pkg      [][2]string // packageScripts
}

// scriptsIn returns the scripts of directory d, read once per run: every
// directory with Compose files asks for the root's.
func (r *reader) scriptsIn(d string) *dirScripts {
	if s, ok := r.scripts[d]; ok {
		return s
	}
	s := &dirScripts{pkg: r.packageScripts(d)}
	if data, _, ok := r.readRelated(joinRel(d, "Makefile")); ok && len(data) < 1<<20 {
		s.makefile = data
	}
	if r.scripts == nil {
		r.scripts = map[string]*dirScripts{}
	}
	r.scripts[d] = s
	return s
}

// packageScripts returns the scripts of the package.json in dir as name
// and command, by name.
func (r *reader) packageScripts(dir string) [][2]string {
	data, _, ok := r.readRelated(joinRel(dir, "package.json"))
	if !ok || len(data) >= 1<<20 {
		return nil
	}
	var pkg struct {
		Scripts map[string]string `json:"scripts"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return nil
	}
	out := make([][2]string, 0, len(pkg.Scripts))
	for name, cmd := range pkg.Scripts {
		out = append(out, [2]string{name, cmd})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// devManifest says why the Kubernetes manifest or kustomization at p is
// for development: by its path (devFileReason) or by the README title of
// its directory or one above it (devReadme); "" when neither does.
func (r *reader) devManifest(p string) string {
	if why := devFileReason(p); why != "" {
		return why
	}
	return r.devReadme(path.Dir(p))
}

// devReadme says why the manifests of dir are for development because the
// README of dir, or of a directory above it below the root, is titled so
// ("# Phoenix Development Environment", "# Local test stack"), or "". The
// root's README names the project, not one of its stacks, and is not read.
func (r *reader) devReadme(dir string) string {
	for d := path.Clean(dir); d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if why, ok := r.readmeTitles[d]; ok {
			if why != "" {
				return why
			}
			continue
		}
		why := ""
		if data, _, ok := r.readRelated(joinRel(d, "README.md")); ok {
			if title := markdownTitle(data); title != "" && devTitle(title) {
				why = "directory " + d + ", whose README is titled " + strconv.Quote(title)
			}
		}
		if r.readmeTitles == nil {
			r.readmeTitles = map[string]string{}
		}
		r.readmeTitles[d] = why
		if why != "" {
			return why
		}
	}
	return ""
}

// proseWords are devWords that a title uses as plain words: "Deploy it
// on Kubernetes", "A kind of pipeline".
var proseWords = map[string]bool{"it": true, "kind": true}

// devTitle reports whether a title has a development or test word, read
// as prose: split at every character that is not a letter or digit, with
// proseWords passed over.
func devTitle(title string) bool {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		if devWords[w] && !proseWords[w] {
			return true
		}
	}
	return false
}

// markdownTitle returns the text of a Markdown document's first heading
// if it is the first thing in it (blank lines, HTML comments and badges
// aside), else "".
func markdownTitle(data []byte) string {
	if len(data) > 1<<16 {
		data = data[:1<<16]
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "", strings.HasPrefix(line, "<!--"), strings.HasPrefix(line, "[!["), strings.HasPrefix(line, "!["):
			continue
		case strings.HasPrefix(line, "# "):
			return strings.TrimSpace(line[2:])
		}
		return ""
	}
	return ""
}

// devDocs are the documents whose instructions say how a stack is started.
var devDocs = []string{"README.md", "DEVELOPMENT.md", "CONTRIBUTING.md", "docs/development.md", "docs/DEVELOPMENT.md"}

func uniqueDirs(dirs ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range dirs {
		d = path.Clean(d)
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// adminTools are images of database consoles: depending on a datastore
// does not make them the application it serves.
var adminTools = []string{"dpage/pgadmin4", "adminer", "redis/redisinsight", "redislabs/redisinsight",
	"rediscommander/redis-commander", "sosedoff/pgweb", "bitnami/pgadmin4"}

func isAdminTool(w *Workload) bool {
	if w.Image == nil {
		return false
	}
	repo := ImageRepo(w.Image.Text)
	for _, t := range adminTools {
		if repo == t {
			return true
		}
	}
	return false
}

// devBuild returns why a Compose project is a development stack because
// one of its services builds a development Dockerfile (dev.Dockerfile,
// Dockerfile.dev) or a development stage of one (build: {target: dev}),
// or "".
func devBuild(ws []*Workload) string {
	for _, w := range ws {
		if w.Build == nil {
			continue
		}
		for _, word := range nameWords(path.Base(w.Build.Dockerfile)) {
			if devBuildWords[word] {
				return "a project that builds " + w.Build.Dockerfile
			}
		}
		for _, word := range nameWords(w.Build.Target) {
			if devBuildWords[word] {
				return "a project that builds the " + w.Build.Target + " stage of " + w.Build.Dockerfile
			}
		}
	}
	return ""
}

// devBuildWords are the words of a Dockerfile's name or stage that build
// for development.
var devBuildWords = map[string]bool{"dev": true, "development": true, "local": true, "debug": true}

// reloadWords are the words of a command that runs a server with live
// reload, which watches the source a developer edits: uvicorn, gunicorn,
// hypercorn and granian --reload, Django's runserver, nodemon, watchmedo,
// a package manager's dev script.
var reloadWords = map[string]bool{"--reload": true, "runserver": true, "nodemon": true, "watchmedo": true}

// devLaunch returns why a Compose project is a development stack because
// one of its services runs with live reload, or "".
func devLaunch(ws []*Workload) string {
	for _, w := range ws {
		if w.Launch == nil {
			continue
		}
		var words []string
		for _, v := range w.Launch.Argv {
			// A reload that a development or override file adds
			// (docker-compose.override.yml) marks only what that file
			// runs: the base file is what a deployment runs.
			if v != nil && (v.Loc.File == nil || devFileReason(v.Loc.File.Path) == "") {
				words = append(words, strings.Fields(v.Text)...)
			}
		}
		for i, word := range words {
			word = strings.Trim(word, `"'`)
			flag, _, _ := strings.Cut(word, "=")
			devScript := (word == "npm" || word == "yarn" || word == "pnpm") && i+1 < len(words) &&
				(words[i+1] == "dev" || i+2 < len(words) && words[i+1] == "run" && words[i+2] == "dev")
			if reloadWords[flag] || devScript {
				return "a project whose service " + w.Service + " runs with live reload (" + word + ")"
			}
		}
	}
	return ""
}

// ciWorkflowDirs are where CI services keep workflow files that may start
// a Compose file.
var ciWorkflowDirs = []string{".github/workflows"}

// A ciJob is one job of a CI workflow, with every string it holds.
type ciJob struct {
	label   string // "CI job test-docker-build of .github/workflows/pipeline.yml"
	test    bool   // its id or name is a development or test word
	strings []string
}

// ciJobs reads the jobs of the repository's CI workflows, once.
func (r *reader) ciJobs() []ciJob {
	if r.ciRead {
		return r.ci
	}
	r.ciRead = true
	for _, dir := range ciWorkflowDirs {
		entries, err := os.ReadDir(r.osPathOf(dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yml") || strings.HasSuffix(e.Name(), ".yaml")) {
				continue
			}
			rel := dir + "/" + e.Name()
			data, _, ok := r.readRelated(rel)
			if !ok || len(data) > 1<<20 {
				continue
			}
			var doc yaml.Node
			if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
				continue
			}
			jobs := yamlsrc.Lookup(doc.Content[0], "jobs")
			if jobs == nil || jobs.Kind != yaml.MappingNode {
				continue
			}
			for i := 0; i+1 < len(jobs.Content); i += 2 {
				id, body := jobs.Content[i].Value, jobs.Content[i+1]
				name := ""
				if n := yamlsrc.Lookup(body, "name"); n != nil && n.Kind == yaml.ScalarNode {
					name = n.Value
				}
				job := ciJob{label: "CI job " + id + " of " + rel, test: hasDevWord(jobNameSeps.Replace(id)) || hasDevWord(jobNameSeps.Replace(name))}
				collectStrings(body, &job.strings, 0)
				r.ci = append(r.ci, job)
			}
		}
	}
	return r.ci
}

func collectStrings(n *yaml.Node, out *[]string, depth int) {
	if n == nil || depth > 32 {
		return
	}
	if n.Kind == yaml.ScalarNode {
		*out = append(*out, n.Value)
		return
	}
	for _, c := range n.Content {
		collectStrings(c, out, depth+1)
	}
}

// startedByCI says which CI test job starts a Compose file (it names the
// file, by its path from the root, or by its name for a file at the
// root), or "": a stack CI starts to test a build is a test stack. A job
// not named for tests (a deploy job) proves nothing.
func (r *reader) startedByCI(rel string) string {
	for _, job := range r.ciJobs() {
		if !job.test {
			continue
		}
		for _, s := range job.strings {
			if mentionsFile(s, rel) {
				return "started by " + job.label
			}
		}
	}
	return ""
}

// mentionsFile reports whether s names the repo-relative file rel as a
// whole word: "docker-compose.build.yml", "-f deploy/compose.yaml".
func mentionsFile(s, rel string) bool {
	names := []string{rel, "./" + rel}
	if !strings.Contains(rel, "/") {
		names = []string{rel}
	}
	for _, name := range names {
		for i := 0; ; {
			j := strings.Index(s[i:], name)
			if j < 0 {
				break
			}
			j += i
			before, after := j == 0 || !fileNameByte(s[j-1]), j+len(name) == len(s) || !fileNameByte(s[j+len(name)])
			if before && after {
				return true
			}
			i = j + 1
		}
	}
	return false
}

func fileNameByte(b byte) bool {
	return b == '.' || b == '-' || b == '_' || b == '/' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

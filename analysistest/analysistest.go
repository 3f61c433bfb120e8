// Package analysistest runs an acr pass over golden test repositories and
// checks its findings against expectations written in the artifacts
// themselves, as golang.org/x/tools/go/analysis/analysistest does for Go.
//
// Each case is a directory testdata/src/<case>/ that the pass reviews as a
// repository root; an optional .acr.yaml there sets the plan and the pass
// settings. An expectation is a comment in the artifact's own syntax on the
// line of the expected finding:
//
//	time.sleep(1)  # want `blocking call .*\[ARX101\]`
//	SELECT data->>'k' FROM t;  -- want "expression index"
//	# want +1 "heap is 90% of the limit"
//	ENV JAVA_TOOL_OPTIONS=-Xmx9g
//
// Python, YAML, Dockerfiles, requirements, TOML and .env files use #, SQL
// uses --, Java uses //. Several patterns may follow one want; each is a
// Go-quoted or back-quoted regular expression matched against the
// finding's "message [RULE-ID]"; as in x/tools, each pattern stands for
// one finding, so two patterns on a line expect two findings there. "want +N" (or -N) moves the expectation
// N lines down (up), for lines that cannot hold a comment of their own,
// such as Dockerfile instructions. Artifacts without comments (a zip model,
// a binary) take a sidecar file NAME.want beside them whose lines are
// `"regexp"` (the whole file: line 1) or `LINE "regexp"`. Findings about
// the repository as a whole, with no position, are expected in REPO.want
// at the case root, one quoted pattern per line.
//
// A negative case, code that resembles what a rule reports but is right,
// is marked on its line with "ok: RULE-ID[,RULE-ID]" in a comment, with the
// reason after --:
//
//	await asyncio.sleep(1)  # ok: ASYNC101 -- awaited, the loop runs on
//
// A sidecar NAME.want marks the whole artifact with a "# ok: RULE-ID" line.
// A finding of a rule the line's marker names fails the test, so each
// rule's fixtures show, by its code, both what it reports and what it
// leaves alone (passes/all's TestEveryRuleHasFixtures requires both).
//
// Only artifacts of the kinds the pass (or a pass it requires) reads are
// searched for expectations, so passes can share test repositories.
// Every finding must be expected and every expectation met; run errors
// (a pass that failed or panicked) fail the test too.
package analysistest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/txtar"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/pass"
)

// Testing is the part of *testing.T the package uses, so its own tests can
// check that it fails when it should.
type Testing interface {
	Errorf(format string, args ...any)
}

// TestData returns the absolute path of the testdata directory of the
// package under test.
func TestData() string {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		panic(err)
	}
	return dir
}

// Run reviews each case directory dir/src/<case> with the analyzer and
// reports mismatches between its findings and the expectations. Every
// failure names its case, and the test's line is the caller's (t.Helper).
func Run(t Testing, dir string, a *acr.Analyzer, cases ...string) []*checker.Result {
	helper(t)
	var out []*checker.Result
	for _, c := range cases {
		ct := &caseT{t, c}
		res := runCase(ct, dir, a, c)
		if res != nil {
			check(ct, a, res)
			out = append(out, res)
		}
	}
	return out
}

// RunWithSuggestedFixes is Run, and also applies the suggested fixes of
// the findings and compares each changed file with FILE.golden beside it;
// a golden file whose source got no fix must equal the source. Every fix
// of every finding is applied, as with x/tools: a plain golden file
// expects them all at once (fixes that overlap are an error), and a
// golden file in txtar form, a section "-- MESSAGE --" per fix message,
// expects the fixes with that message alone, for findings that offer
// alternatives.
func RunWithSuggestedFixes(t Testing, dir string, a *acr.Analyzer, cases ...string) []*checker.Result {
	helper(t)
	var results []*checker.Result
	for _, c := range cases {
		ct := &caseT{t, c}
		for _, res := range Run(t, dir, a, c) {
			checkFixes(ct, res)
			results = append(results, res)
		}
	}
	return results
}

// checkFixes compares the fixed files of one case with their golden files.
func checkFixes(t Testing, res *checker.Result) {
	helper(t)
	for _, f := range res.Repo.Files() {
		if !strings.HasSuffix(f.Path, ".golden") {
			continue
		}
		src := res.Repo.Lookup(strings.TrimSuffix(f.Path, ".golden"))
		if src == nil {
			t.Errorf("%s: golden file has no source file beside it", f.Path)
			continue
		}
		want, err := os.ReadFile(f.OSPath)
		if err != nil {
			t.Errorf("%s: %v", f.Path, err)
			continue
		}
		content, err := os.ReadFile(src.OSPath)
		if err != nil {
			t.Errorf("%s: %v", src.Path, err)
			continue
		}
		if ar := txtar.Parse(want); bytes.HasPrefix(want, []byte("-- ")) && len(ar.Files) > 0 {
			for _, section := range ar.Files {
				got := applyFixes(t, res, src, content, section.Name)
				if !bytes.Equal(got, section.Data) {
					t.Errorf("%s: fix %q gives a file that differs from section %q of %s:\n%s", src.Path, section.Name, section.Name, f.Path, lineDiff(section.Data, got))
				}
			}
			continue
		}
		got := applyFixes(t, res, src, content, "")
		if !bytes.Equal(got, want) {
			t.Errorf("%s: fixed file differs from %s:\n%s", src.Path, f.Path, lineDiff(want, got))
		}
	}
}

// applyFixes applies to src every edit of every fix of every finding (of
// the fixes with that message, when message is not empty). Identical
// edits from several findings are made once; overlapping ones are an
// error, and the file is returned unfixed.
func applyFixes(t Testing, res *checker.Result, src *pass.File, content []byte, message string) []byte {
	helper(t)
	var edits []checker.Edit
	for _, fd := range res.Findings {
		for _, fix := range fd.Diagnostic.SuggestedFixes {
			if message != "" && fix.Message != message {
				continue
			}
			for _, te := range fix.TextEdits {
				f, _ := res.Resolve(te.Pos)
				if f != src {
					continue
				}
				end := te.End
				if !end.IsValid() {
					end = te.Pos
				}
				e := checker.Edit{Start: f.Offset(te.Pos), End: f.Offset(end), New: te.NewText}
				if !slices.ContainsFunc(edits, func(x checker.Edit) bool {
					return x.Start == e.Start && x.End == e.End && bytes.Equal(x.New, e.New)
				}) {
					edits = append(edits, e)
				}
			}
		}
	}
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Start != edits[j].Start {
			return edits[i].Start < edits[j].Start
		}
		return edits[i].End < edits[j].End
	})
	for i := 1; i < len(edits); i++ {
		if edits[i].Start < edits[i-1].End || edits[i].Start == edits[i-1].Start && edits[i].End == edits[i-1].End {
			t.Errorf("%s: fixes overlap at offsets %d and %d: give the alternatives one message each and a txtar golden file", src.Path, edits[i-1].Start, edits[i].Start)
			return content
		}
	}
	return checker.Apply(content, edits)
}

// caseT prefixes every failure with the name of its case.
type caseT struct {
	t    Testing
	name string
}

func (c *caseT) Errorf(format string, args ...any) {
	helper(c.t)
	c.t.Errorf("case %q: "+format, append([]any{c.name}, args...)...)
}

func (c *caseT) Helper() { helper(c.t) }

// helper marks the caller as a test helper when t is a *testing.T, so a
// failure points at the test that called Run, not into this package.
func helper(t Testing) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
}

func runCase(t Testing, dir string, a *acr.Analyzer, c string) *checker.Result {
	helper(t)
	root := filepath.Join(dir, "src", filepath.FromSlash(c))
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		t.Errorf("%s is not a directory", root)
		return nil
	}
	// Flags are package-level state of the analyzers: start every case
	// from the defaults so one case's .acr.yaml never leaks into another.
	for _, an := range acr.Closure([]*acr.Analyzer{a}) {
		an.Flags.VisitAll(func(f *flag.Flag) { _ = f.Value.Set(f.DefValue) })
	}
	res, err := checker.Run([]string{root}, []*acr.Analyzer{a}, checker.Options{Root: root})
	if err != nil {
		t.Errorf("%v", err)
		return nil
	}
	for _, e := range res.Errors {
		t.Errorf("run error: %v", e)
	}
	return res
}

type expectation struct {
	path string
	line int
	re   *regexp.Regexp
	met  bool
}

type lineKey struct {
	path string
	line int
}

func check(t Testing, a *acr.Analyzer, res *checker.Result) {
	helper(t)
	// A pass can only report on files of the kinds it and its requirements
	// read; expectations elsewhere belong to other passes sharing the data.
	reads := func(f *pass.File) bool {
		for _, an := range acr.Closure([]*acr.Analyzer{a}) {
			if an.ReadsKind(f.Kind) {
				return true
			}
		}
		return false
	}
	exps := map[lineKey][]*expectation{}
	var order []*expectation
	add := func(path string, line int, pats []string, where string) {
		for _, p := range pats {
			re, err := regexp.Compile(p)
			if err != nil {
				t.Errorf("%s: bad want pattern %q: %v", where, p, err)
				continue
			}
			e := &expectation{path: path, line: line, re: re}
			exps[lineKey{path, line}] = append(exps[lineKey{path, line}], e)
			order = append(order, e)
		}
	}
	okMarks := map[lineKey][]string{}
	for _, f := range res.Repo.Files() {
		if reads(f) {
			for line, codes := range OKMarkers(f) {
				okMarks[lineKey{f.Path, line}] = codes
			}
		}
		switch {
		case f.Path == "REPO.want" || strings.HasSuffix(f.Path, "/REPO.want"):
			readSidecar(t, f, "", add, true)
		case strings.HasSuffix(f.Path, ".golden"):
			// Golden files are expected output, not inputs with expectations.
		case strings.HasSuffix(f.Path, ".want"):
			target := res.Repo.Lookup(strings.TrimSuffix(f.Path, ".want"))
			if target == nil {
				// The artifact may be missing; judge it by its name.
				target = &pass.File{Path: strings.TrimSuffix(f.Path, ".want"), Kind: pass.DetectKind(strings.TrimSuffix(f.Path, ".want"), nil)}
			}
			if reads(target) {
				readSidecar(t, f, strings.TrimSuffix(f.Path, ".want"), add, false)
				if codes := sidecarOK(f); codes != nil {
					okMarks[lineKey{target.Path, 1}] = codes
				}
			}
		case reads(f):
			readComments(t, f, add)
		}
	}
	for _, fd := range res.Findings {
		text := fmt.Sprintf("%s [%s]", fd.Diagnostic.Message, fd.Rule.ID)
		k := lineKey{fd.Posn.Path, fd.Posn.Line}
		if fd.File == nil {
			k = lineKey{"", 0}
		}
		if slices.Contains(okMarks[k], fd.Rule.ID) {
			t.Errorf("%s: line marked ok: %s has a finding of it: %s", fd.Posn, fd.Rule.ID, text)
			continue
		}
		matched := false
		for _, e := range exps[k] {
			if !e.met && e.re.MatchString(text) {
				e.met = true
				matched = true
				break
			}
		}
		if !matched {
			where := "repository"
			if fd.File != nil {
				where = fd.Posn.String()
			}
			t.Errorf("%s: unexpected diagnostic: %s", where, text)
		}
	}
	for _, e := range order {
		if !e.met {
			where := "repository"
			if e.path != "" {
				where = fmt.Sprintf("%s:%d", e.path, e.line)
			}
			t.Errorf("%s: no diagnostic was reported matching %#q", where, e.re.String())
		}
	}
}

var okRE = regexp.MustCompile(`\bok: *([A-Z]+[0-9]+(?: *, *[A-Z]+[0-9]+)*)`)

// OKMarkers returns the rule ids each line of a fixture marks as not to be
// reported ("ok: RULE-ID" in a line comment), by line number.
func OKMarkers(f *pass.File) map[int][]string {
	m := f.Kind.LineComment()
	if m == "" {
		return nil
	}
	content, err := f.ReadFile()
	if err != nil || !bytes.Contains(content, []byte("ok:")) {
		return nil
	}
	out := map[int][]string{}
	for i, line := range strings.Split(string(content), "\n") {
		idx := strings.Index(line, m)
		if idx < 0 {
			continue
		}
		if codes := MarkedOK(line[idx:]); codes != nil {
			out[i+1] = codes
		}
	}
	return out
}

// sidecarOK returns the rule ids a sidecar's "# ok: RULE-ID" lines name
// for its artifact as a whole (a valid model zip, say).
func sidecarOK(f *pass.File) []string {
	data, err := os.ReadFile(f.OSPath)
	if err != nil {
		return nil
	}
	var codes []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "#") {
			codes = append(codes, MarkedOK(line)...)
		}
	}
	return codes
}

// MarkedOK returns the rule ids an "ok: RULE-ID[,RULE-ID]" marker in a
// comment names, or nil.
func MarkedOK(comment string) []string {
	sub := okRE.FindStringSubmatch(comment)
	if sub == nil {
		return nil
	}
	var codes []string
	for _, code := range strings.Split(sub[1], ",") {
		codes = append(codes, strings.TrimSpace(code))
	}
	return codes
}

var wantRE = regexp.MustCompile(`want(?:\s+([+-]\d+))?\s+(["` + "`" + `].*)$`)

func readComments(t Testing, f *pass.File, add func(string, int, []string, string)) {
	helper(t)
	m := f.Kind.LineComment()
	if m == "" {
		return // no comments: a sidecar .want holds the expectations
	}
	content, err := f.ReadFile()
	if err != nil || !bytes.Contains(content, []byte("want")) {
		return
	}
	for i, line := range strings.Split(string(content), "\n") {
		idx := strings.Index(line, m+" want ")
		if idx < 0 {
			continue
		}
		sub := wantRE.FindStringSubmatch(line[idx+len(m):])
		if sub == nil {
			continue
		}
		where := fmt.Sprintf("%s:%d", f.Path, i+1)
		lineNo := i + 1
		if sub[1] != "" {
			n, _ := strconv.Atoi(sub[1])
			lineNo += n
		}
		pats, err := quotedList(sub[2])
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		add(f.Path, lineNo, pats, where)
	}
}

func readSidecar(t Testing, f *pass.File, target string, add func(string, int, []string, string), repo bool) {
	helper(t)
	data, err := os.ReadFile(f.OSPath)
	if err != nil {
		t.Errorf("%s: %v", f.Path, err)
		return
	}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d", f.Path, i+1)
		lineNo := 1
		if !repo && line[0] >= '0' && line[0] <= '9' {
			num, rest, _ := strings.Cut(line, " ")
			n, err := strconv.Atoi(num)
			if err != nil {
				t.Errorf("%s: bad line number %q", where, num)
				continue
			}
			lineNo, line = n, strings.TrimSpace(rest)
		}
		pats, err := quotedList(line)
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		if repo {
			add("", 0, pats, where)
		} else {
			add(target, lineNo, pats, where)
		}
	}
}

// quotedList parses a sequence of Go-quoted or back-quoted strings.
func quotedList(s string) ([]string, error) {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		var q string
		var err error
		switch s[0] {
		case '`':
			end := strings.IndexByte(s[1:], '`')
			if end < 0 {
				return nil, fmt.Errorf("unterminated back-quoted pattern in %q", s)
			}
			q, s = s[1:1+end], s[2+end:]
		case '"':
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, fmt.Errorf("unterminated quoted pattern in %q", s)
			}
			if q, err = strconv.Unquote(s[:end+1]); err != nil {
				return nil, fmt.Errorf("bad quoted pattern %s: %v", s[:end+1], err)
			}
			s = s[end+1:]
		default:
			return nil, fmt.Errorf("want patterns must be quoted: %q", s)
		}
		out = append(out, q)
		s = strings.TrimSpace(s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want without a pattern")
	}
	return out, nil
}

// lineDiff shows the lines that differ between want and got.
func lineDiff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	var b strings.Builder
	n := max(len(w), len(g))
	shown := 0
	for i := 0; i < n && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %q\n  got:  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

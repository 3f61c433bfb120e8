// Command newrule adds a rule to a pass in one step: the rule's stub in the
// pass's rules.go (and its Rules list), a line in its doc.go, a positive and
// a negative fixture named by the rule's code, and the test that runs them.
//
//	go run ./internal/cmd/newrule -pass asyncradar -code ASYNC117 -name blocking-glob
//
// Then fill in the TODOs (CONTRIBUTING.md says what each is), write the
// check, and run `go run ./internal/docgen` and `go test ./...`.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

func main() {
	pass := flag.String("pass", "", "the pass the rule belongs to (asyncradar, schemadrift, mojo, memory, scenario)")
	code := flag.String("code", "", "the rule's code, e.g. ASYNC117")
	name := flag.String("name", "", "the rule's kebab-case name, e.g. blocking-glob")
	root := flag.String("root", ".", "the module root")
	flag.Parse()
	files, err := Scaffold(*root, *pass, *code, *name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "newrule:", err)
		os.Exit(2)
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		full := filepath.Join(*root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err == nil {
			err = os.WriteFile(full, files[p], 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "newrule:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", p)
	}
}

var (
	codeRE = regexp.MustCompile(`^[A-Z]+[0-9]{3}$`)
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	viewRE = regexp.MustCompile(`View: acr\.(\w+)`)
)

// fixture says where a pass's fixture for a new rule goes and how its
// comments are written.
type fixture struct {
	path    string // under the case directory
	comment string
	body    string // with WANT and OK where the expectation and the marker go
}

var fixtures = map[string]fixture{
	"asyncradar":  {"app.py", "#", "async def flagged():\n    pass  WANT\n\n\nasync def left_alone():\n    pass  OK\n"},
	"schemadrift": {"db/migration/V1__init.sql", "--", "SELECT 1;  WANT\nSELECT 2;  OK\n"},
	"mojo":        {"src/pipeline/train.py", "#", "import h2o\n\nflagged = None  WANT\nleft_alone = None  OK\n"},
	"memory":      {"docker-compose.yml", "#", "services:\n  flagged:  WANT\n    image: eclipse-temurin:21\n  left_alone:  OK\n    image: eclipse-temurin:21\n"},
	"scenario":    {"tests/test_scenario.py", "#", "def test_flagged():\n    pass  WANT\n\n\ndef test_left_alone():\n    pass  OK\n"},
}

// Scaffold returns the files to write, by path relative to root: the
// pass's rules.go and doc.go with the rule added, the case directory
// testdata/src/CODE with a positive and a negative fixture, and
// CODE_test.go, which runs it.
func Scaffold(root, pass, code, name string) (map[string][]byte, error) {
	fx, ok := fixtures[pass]
	switch {
	case !ok:
		return nil, fmt.Errorf("-pass %q is none of asyncradar, schemadrift, mojo, memory, scenario", pass)
	case !codeRE.MatchString(code):
		return nil, fmt.Errorf("-code %q must be upper-case letters and three digits", code)
	case !nameRE.MatchString(name):
		return nil, fmt.Errorf("-name %q must be kebab-case", name)
	}
	dir := filepath.Join("passes", pass)
	rulesPath := filepath.Join(dir, "rules.go")
	rules, err := os.ReadFile(filepath.Join(root, rulesPath))
	if err != nil {
		return nil, err
	}
	if bytes.Contains(rules, []byte(`"`+code+`"`)) {
		return nil, fmt.Errorf("%s already declares %s", rulesPath, code)
	}
	view := "Process"
	if m := viewRE.FindSubmatch(rules); m != nil {
		view = string(m[1])
	}
	ident := "Rule" + camel(name)
	rules, err = addRule(rules, ident, code, name, view)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", rulesPath, err)
	}
	docPath := filepath.Join(dir, "doc.go")
	doc, err := os.ReadFile(filepath.Join(root, docPath))
	if err != nil {
		return nil, err
	}
	doc, err = addDocLine(doc, code, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", docPath, err)
	}
	caseDir := filepath.Join(dir, "testdata", "src", code)
	body := strings.Replace(fx.body, "WANT", fx.comment+" want `TODO: the message.*\\["+code+"\\]`", 1)
	body = strings.Replace(body, "OK", fx.comment+" ok: "+code+" -- TODO: why the rule leaves this alone", 1)
	test, err := format.Source([]byte(fmt.Sprintf(`package %[1]s_test

import (
	"testing"

	"github.com/acrvet/acr/analysistest"
	"github.com/acrvet/acr/passes/%[1]s"
)

// Test%[2]s runs the fixtures of %[2]s (%[3]s): what it reports and what it
// leaves alone.
func Test%[2]s(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), %[1]s.Analyzer, %[2]q)
}
`, pass, code, name)))
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		rulesPath:                       rules,
		docPath:                         doc,
		filepath.Join(caseDir, fx.path): []byte(body),
		filepath.Join(dir, strings.ToLower(code)+"_test.go"): test,
	}, nil
}

// addRule appends the rule's declaration to rules.go and the rule to the
// pass's Rules list.
func addRule(src []byte, ident, code, name, view string) ([]byte, error) {
	list := regexp.MustCompile(`Rules = \[\]\*acr\.Rule\{`).FindIndex(src)
	if list == nil {
		return nil, fmt.Errorf("no Rules = []*acr.Rule{...} list")
	}
	depth, end := 0, -1
	for i := list[1] - 1; i < len(src); i++ {
		switch src[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth == 0 {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, fmt.Errorf("the Rules list does not close")
	}
	before := bytes.TrimRight(src[:end], " \t\n")
	entry := ", " + ident
	if bytes.HasSuffix(before, []byte(",")) {
		entry = "\n" + ident + ",\n"
	}
	out := append(append(append([]byte(nil), before...), entry...), src[end:]...)
	out = append(out, fmt.Sprintf(`
// %[1]s reports TODO: what, in one line.
var %[1]s = &acr.Rule{
	ID: %[2]q, Name: %[3]q, Title: "TODO: one-line summary, lower case",
	Severity: acr.SeverityWarning, View: acr.%[4]s, Story: "TODO: the plan's story, e.g. PROC-REV-01-01", Since: "unreleased",
	Criteria:   []string{"TODO: the plan criteria its findings are gaps of (output/criteria.go)"},
	What:       "TODO: what the rule reports, and what it leaves alone.",
	Why:        "TODO: why the flagged code is bad.",
	Example:    "TODO: code the rule reports",
	UseInstead: "TODO: the same code written right",
}
`, ident, code, name, view)...)
	return format.Source(out)
}

// addDocLine names the rule at the end of the package comment of doc.go,
// where the pass's rule list is checked against its rules.
func addDocLine(src []byte, code, name string) ([]byte, error) {
	i := bytes.Index(src, []byte("\npackage "))
	if i < 0 {
		return nil, fmt.Errorf("no package clause")
	}
	line := fmt.Sprintf("\n//\n// %s %s: TODO: one sentence on what it reports.", code, name)
	return append(append(append([]byte(nil), src[:i]...), line...), src[i:]...), nil
}

// camel turns a kebab-case name into CamelCase.
func camel(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

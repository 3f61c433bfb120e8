package multichecker_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/multichecker"
)

// A recipe command is an acrvet invocation found in a CI example, with the
// environment its step defines.
type recipeCommand struct {
	where string
	line  string
	env   map[string]string
}

// ciValues stand for what the CI system provides.
var ciValues = map[string]string{
	"github.base_ref":                          "main",
	"github.server_url":                        "https://github.com",
	"github.repository":                        "acme/platform",
	"github.event.pull_request.head.sha":       "0123abcd",
	"github.event.pull_request.number":         "7",
	"github.token":                             "token",
	"github.event.pull_request.head.repo.fork": "false",
	"CI_MERGE_REQUEST_DIFF_BASE_SHA":           "origin/main",
	"CI_PROJECT_URL":                           "https://gitlab.example.com/acme/platform",
	"CI_COMMIT_SHA":                            "0123abcd",
	"CI_MERGE_REQUEST_TARGET_BRANCH_NAME":      "main",
}

var ghExpr = regexp.MustCompile(`\$\{\{\s*([^}]+?)\s*\}\}`)

func expandGitHub(s string) string {
	return ghExpr.ReplaceAllStringFunc(s, func(m string) string {
		return ciValues[ghExpr.FindStringSubmatch(m)[1]]
	})
}

// acrvetLines returns the acrvet commands of a shell script, joining
// backslash continuations.
func acrvetLines(script string) []string {
	script = strings.ReplaceAll(script, "\\\n", " ")
	var out []string
	for _, l := range strings.Split(script, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "acrvet ") {
			out = append(out, l)
		}
	}
	return out
}

func recipeCommands(t *testing.T) []recipeCommand {
	t.Helper()
	var cmds []recipeCommand

	var gh struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string            `yaml:"name"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	readYAML(t, "../examples/ci/github-actions.yml", &gh)
	for _, job := range gh.Jobs {
		for _, st := range job.Steps {
			env := map[string]string{}
			for k, v := range st.Env {
				env[k] = expandGitHub(v)
			}
			for _, l := range acrvetLines(expandGitHub(st.Run)) {
				cmds = append(cmds, recipeCommand{"github-actions.yml: " + st.Name, l, env})
			}
		}
	}

	var gl map[string]struct {
		Script []string `yaml:"script"`
	}
	readYAML(t, "../examples/ci/gitlab-ci.yml", &gl)
	for name, job := range gl {
		for _, s := range job.Script {
			for _, l := range acrvetLines(s) {
				cmds = append(cmds, recipeCommand{"gitlab-ci.yml: " + name, l, map[string]string{"BASE": ciValues["CI_MERGE_REQUEST_DIFF_BASE_SHA"]}})
			}
		}
	}

	var hooks []struct {
		ID    string   `yaml:"id"`
		Entry string   `yaml:"entry"`
		Args  []string `yaml:"args"`
	}
	readYAML(t, "../.pre-commit-hooks.yaml", &hooks)
	for _, h := range hooks {
		cmds = append(cmds, recipeCommand{".pre-commit-hooks.yaml: " + h.ID, h.Entry + " " + strings.Join(h.Args, " "), nil})
	}
	return cmds
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(data, v), path)
}

// shellWords splits a command line as a POSIX shell would for the simple
// forms the recipes use: quotes, $VAR and ${VAR}; it stops at a
// redirection or a control operator.
func shellWords(line string, env map[string]string) []string {
	lookup := func(name string) string {
		if v, ok := env[name]; ok {
			return v
		}
		return ciValues[name]
	}
	var words []string
	var cur strings.Builder
	inWord := false
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '$' && quote != '\'':
			j := i + 1
			braced := j < len(line) && line[j] == '{'
			if braced {
				j++
			}
			k := j
			for k < len(line) && (line[k] == '_' || line[k] >= 'A' && line[k] <= 'Z' || line[k] >= 'a' && line[k] <= 'z' || line[k] >= '0' && line[k] <= '9') {
				k++
			}
			cur.WriteString(lookup(line[j:k]))
			if braced {
				k++
			}
			i = k - 1
			inWord = true
		case quote == '"':
			if c == '"' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '>' || c == '|' || c == ';' || c == '&':
			if inWord {
				words = append(words, cur.String())
			}
			return words
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// TestCIRecipesRunAsWritten runs every acrvet command of the CI examples
// and the pre-commit hooks, with the values CI would give them, in a git
// repository with an origin/main branch: each must run (exit 0 or 3) and,
// for a machine format, print a document of that format.
func TestCIRecipesRunAsWritten(t *testing.T) {
	cmds := recipeCommands(t)
	count := map[string]int{}
	for _, c := range cmds {
		count[strings.SplitN(c.where, ":", 2)[0]]++
	}
	assert.GreaterOrEqual(t, count["github-actions.yml"], 3, "SARIF, report and gate steps")
	assert.GreaterOrEqual(t, count["gitlab-ci.yml"], 4, "code quality, SARIF, report and gate")
	assert.Equal(t, 2, count[".pre-commit-hooks.yaml"])

	root := gitRepo(t)
	git(t, root, "update-ref", "refs/remotes/origin/main", "HEAD")
	t.Chdir(root)
	for _, c := range cmds {
		args := shellWords(c.line, c.env)
		require.Equal(t, "acrvet", args[0], c.where)
		t.Logf("%s: %q", c.where, args)
		var out, errb bytes.Buffer
		code := multichecker.Run("acrvet", args[1:], &out, &errb, testpasses.Todo, testpasses.Zips)
		assert.Contains(t, []int{multichecker.ExitClean, multichecker.ExitFindings}, code, "%s: %q exited %d: %s", c.where, c.line, code, errb.String())
		switch {
		case strings.Contains(c.line, "-format sarif"), strings.Contains(c.line, "-format codeclimate"):
			assert.True(t, json.Valid(out.Bytes()), "%s: not JSON", c.where)
		case strings.Contains(c.line, "-format markdown"):
			assert.True(t, strings.HasPrefix(out.String(), "<!-- acr:plan-alignment -->"), c.where)
			assert.Contains(t, out.String(), "(https://", "%s: links are absolute for a comment", c.where)
		case strings.Contains(c.line, "-format github"):
			assert.Regexp(t, `(?m)^::notice file=`, out.String(), c.where)
		}
	}
}

func TestShellWords(t *testing.T) {
	env := map[string]string{"BASE": "origin/main", "X": "a b"}
	assert.Equal(t, []string{"acrvet", "-new-from-rev", "origin/main", "-link-base", "https://h/a b/", "./..."},
		shellWords(`acrvet -new-from-rev "$BASE" -link-base "https://h/${X}/" ./... > out.md || [ $? -eq 3 ]`, env))
	assert.Equal(t, []string{"acrvet", "$BASE", "x"}, shellWords(`acrvet '$BASE' x; echo`, env))
}

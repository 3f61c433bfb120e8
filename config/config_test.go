package config_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/internal/testpasses"
	"github.com/acrvet/acr/pass"
)

func TestParse(t *testing.T) {
	c, err := config.Parse(".acr.yaml", []byte(`
passes: [asyncradar]
exclude: [legacy/, "*.gen.py"]
kinds:
  "deploy/*.tpl": kubernetes
  "deploy/special.tpl": compose
plan:
  service: [api]
  heap_ratio: 0.6
settings:
  asyncradar:
    cpu-bound: [read_csv, merge]
`))
	require.NoError(t, err)
	assert.Equal(t, []string{"api"}, c.Plan.Service)
	assert.Equal(t, []string{"src/pipeline"}, c.Plan.Pipeline, "unset plan fields take the spec's defaults")
	assert.Equal(t, 0.6, c.Plan.HeapRatio)
	assert.Equal(t, "read_csv,merge", c.Settings["asyncradar"]["cpu-bound"].Text)
	assert.Equal(t, 12, c.Settings["asyncradar"]["cpu-bound"].Line)
	k, ok := c.KindOverride("deploy/special.tpl")
	assert.True(t, ok)
	assert.Equal(t, pass.Compose, k, "the longer, more specific pattern wins")
	k, _ = c.KindOverride("deploy/x.tpl")
	assert.Equal(t, pass.Kubernetes, k)
	assert.True(t, c.Excluded("legacy/old.py"))
	assert.True(t, c.Excluded("src/a.gen.py"))
	assert.False(t, c.Excluded("src/a.py"))
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"plan:\n  heap_ratio: lots\n":                    `.acr.yaml:2:15: plan.heap_ratio must be a number, not "lots"`,
		"plan:\n  heap_ratio: 1.5\n":                     ".acr.yaml:2:15: plan.heap_ratio must be in (0, 1]",
		"plan:\n  large_tables: [events, \"audit_[\"]\n": `.acr.yaml:2:26: plan.large_tables: "audit_[" is not a table name or glob pattern`,
		"plan:\n  runtime: onnx\n":                       `.acr.yaml:2:12: plan.runtime must be genmodel or daimojo, got "onnx"`,
		"plan:\n  runtime: genmodl\n":                    `did you mean "genmodel"?`,
		"kinds:\n  '*.x': cobol\n":                       `.acr.yaml:2:10: kinds: "*.x" maps to unknown kind "cobol"`,
		"kinds:\n  '*.x': sqll\n":                        `did you mean "sql"?`,
		"passses: [a]\n":                                 `.acr.yaml:1:1: unknown key "passses": did you mean "passes"? (known: passes, disable, settings, exclude, kinds, max_file_size, plan, verify)`,
		"plan:\n  servce: [api]\n":                       `.acr.yaml:2:3: unknown key "servce" in plan: did you mean "service"?`,
		"settings:\n  p:\n    f: {a: 1}\n":               "line 3: a setting is a value or a list of values, not a mapping",
		"passes: asyncradar\n":                           `.acr.yaml:1:9: passes must be a list, such as [a, b] or one "- item" per line, not "asyncradar"`,
		"exclude: [[a]]\n":                               ".acr.yaml:1:11: exclude: each item must be a single value, not a list",
		"max_file_size: [1]\n":                           ".acr.yaml:1:16: max_file_size must be a whole number, not a list",
		"plan: [a]\n":                                    ".acr.yaml:1:7: plan must be a mapping of key: value, not a list",
		"plan:\n  enterprise: maybe\n":                   `.acr.yaml:2:15: plan.enterprise must be true or false, not "maybe"`,
		"passes: [a]\npasses: [b]\n":                     ".acr.yaml:2:1: passes is set twice",
		// The parser gives up lines later; the mistake is the bracket.
		"passes: [asyncradar\nexclude: [a]\nplan:\n  service: [x]\n": ".acr.yaml:1:9: this [ is never closed",
		"plan:\n  service: [x\n  tests: [t]\n":                       ".acr.yaml:2:12: this [ is never closed",
		"kinds: {'a': sql\nexclude: [x]\n":                           ".acr.yaml:1:8: this { is never closed",
	}
	for in, want := range cases {
		_, err := config.Parse(".acr.yaml", []byte(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
		for _, goWord := range []string{"!!", "unmarshal", "[]string", "config.", "float64"} {
			assert.NotContains(t, err.Error(), goWord, "messages are in the user's terms: %s", in)
		}
	}
}

func TestCheckNamesAgainstTheAnalyzers(t *testing.T) {
	known := []*acr.Analyzer{testpasses.Todo}
	c, err := config.Parse(".acr.yaml", []byte("passes: [todo, tood]\ndisable: [TODO001, todo, todo-marker, TODO01, nope]\nsettings:\n  todoo: {}\n"))
	require.NoError(t, err)
	err = c.Check(known)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `.acr.yaml:1:16: passes: unknown pass "tood": did you mean "todo"? (passes: todo)`)
	assert.Contains(t, msg, `.acr.yaml:2:39: disable: "TODO01" is no pass, rule id or rule name: did you mean "TODO001"?`)
	assert.Contains(t, msg, `.acr.yaml:2:47: disable: "nope" is no pass, rule id or rule name`)
	assert.Contains(t, msg, `.acr.yaml:4:3: settings: unknown pass "todoo": did you mean "todo"?`)
	assert.Equal(t, 4, strings.Count(msg, "\n")+1, "one line per problem: %s", msg)

	c, err = config.Parse(".acr.yaml", []byte("passes: [todo]\ndisable: [ACR003, todo-marker]\n"))
	require.NoError(t, err)
	assert.NoError(t, c.Check(known), "driver rules and rule names are known")
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("plan:\n  service: [api]\n"))
	f.Add([]byte("settings:\n  a:\n    b: [1, 2]\nkinds: {'*.x': sql}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := config.Parse("fuzz.yaml", data)
		if err == nil && c.Plan == nil {
			t.Fatal("a parsed config always has a plan")
		}
	})
}

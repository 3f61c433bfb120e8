package config_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/config"
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
		"plan:\n  heap_ratio: lots\n":      "line 2: cannot unmarshal !!str `lots`",
		"plan:\n  heap_ratio: 1.5\n":       "plan.heap_ratio must be in (0, 1]",
		"plan:\n  runtime: onnx\n":         `plan.runtime must be genmodel or daimojo, got "onnx"`,
		"kinds:\n  '*.x': cobol\n":         `maps to unknown kind "cobol"`,
		"passses: [a]\n":                   "line 1: field passses not found",
		"settings:\n  p:\n    f: {a: 1}\n": "line 3: a setting is a value or a list of values",
	}
	for in, want := range cases {
		_, err := config.Parse(".acr.yaml", []byte(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
		assert.Contains(t, err.Error(), ".acr.yaml", "errors name the file")
	}
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

package acr_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/pass"
)

func noop(*acr.Pass) (any, error) { return nil, nil }

func TestValidate(t *testing.T) {
	good := &acr.Analyzer{Name: "good", Doc: "fine", Run: noop}
	require.NoError(t, acr.Validate([]*acr.Analyzer{good}))

	a := &acr.Analyzer{Name: "a", Doc: "a", Run: noop}
	b := &acr.Analyzer{Name: "b", Doc: "b", Run: noop, Requires: []*acr.Analyzer{a}}
	a.Requires = []*acr.Analyzer{b}
	err := acr.Validate([]*acr.Analyzer{a})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cycle in Requires: a -> b -> a")

	cases := map[string]*acr.Analyzer{
		`analyzer "Bad-Name": name must be a lower-case identifier`: {Name: "Bad-Name", Doc: "x", Run: noop},
		`analyzer "nodoc" has no Doc`:                               {Name: "nodoc", Run: noop},
		`analyzer "norun" has no Run function`:                      {Name: "norun", Doc: "x"},
		`rule id "bad" must be upper-case letters then digits`:      {Name: "r", Doc: "x", Run: noop, Rules: []*acr.Rule{{ID: "bad", Title: "t", What: "w", Why: "y"}}},
		`rule X1 needs a Title, What and Why`:                       {Name: "r", Doc: "x", Run: noop, Rules: []*acr.Rule{{ID: "X1"}}},
		`rule id ACR001 is declared twice`:                          {Name: "r", Doc: "x", Run: noop, Rules: []*acr.Rule{{ID: "ACR001", Title: "t", What: "w", Why: "y"}}},
		`analyzer "self": bad former name "self"`:                   {Name: "self", Doc: "x", Run: noop, Formerly: []string{"self"}},
	}
	cases[`analyzer "d": DiffSettings names "scope", which is not one of its flags`] =
		&acr.Analyzer{Name: "d", Doc: "x", Run: noop, DiffSettings: map[string]string{"scope": "all"}}
	for want, an := range cases {
		err := acr.Validate([]*acr.Analyzer{an})
		require.Error(t, err, want)
		assert.Contains(t, err.Error(), want)
	}

	dup1 := &acr.Analyzer{Name: "dup", Doc: "x", Run: noop}
	dup2 := &acr.Analyzer{Name: "dup", Doc: "y", Run: noop}
	err = acr.Validate([]*acr.Analyzer{dup1, dup2})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `duplicate analyzer name "dup"`)
}

func TestAnswersByFormerName(t *testing.T) {
	a := &acr.Analyzer{Name: "exposure", Formerly: []string{"memory"}}
	ok, former := a.Answers("exposure")
	assert.True(t, ok)
	assert.False(t, former)
	ok, former = a.Answers("memory")
	assert.True(t, ok)
	assert.True(t, former)
	ok, _ = a.Answers("mojo")
	assert.False(t, ok)
}

func TestClosureOrdersRequirementsFirst(t *testing.T) {
	base := &acr.Analyzer{Name: "base", Doc: "x", Run: noop}
	mid := &acr.Analyzer{Name: "mid", Doc: "x", Run: noop, Requires: []*acr.Analyzer{base}}
	top := &acr.Analyzer{Name: "top", Doc: "x", Run: noop, Requires: []*acr.Analyzer{mid, base}}
	assert.Equal(t, []*acr.Analyzer{base, mid, top}, acr.Closure([]*acr.Analyzer{top, mid}))
}

func TestWantsUsesKindsAndTriggers(t *testing.T) {
	a := &acr.Analyzer{Name: "a", Doc: "x", Run: noop, Kinds: []pass.Kind{pass.Python, pass.SQL},
		Triggers: []string{"async def"}, KindTriggers: map[pass.Kind][]string{pass.SQL: nil}}
	assert.True(t, a.Wants(pass.Python, []byte("async def f(): pass")))
	assert.False(t, a.Wants(pass.Python, []byte("def f(): pass")))
	assert.True(t, a.Wants(pass.SQL, []byte("select 1")), "a nil kind trigger list means every file of the kind")
	assert.False(t, a.Wants(pass.YAML, []byte("async def")))
}

func TestPlanDefaultsFollowTheSpec(t *testing.T) {
	p := (&acr.Plan{Service: []string{"api"}}).WithDefaults()
	assert.Equal(t, []string{"api"}, p.Service)
	assert.Equal(t, []string{"src/pipeline"}, p.Pipeline)
	assert.Equal(t, 0.70, p.HeapRatio)
	assert.True(t, acr.InTree("src/pipeline/blocks/x.py", p.Pipeline))
	assert.False(t, acr.InTree("src/pipelines/x.py", p.Pipeline))
}

func TestExtractDoc(t *testing.T) {
	src := "// Package p does things.\n//\n// # Analyzer p\n//\n// p: find the\n// things.\n//\n// More about p.\n//\n// # Settings\n//\n// None.\npackage p\n"
	doc, err := acr.ExtractDoc(src, "p")
	if err != nil || doc != "find the things\n\nMore about p." {
		t.Fatalf("ExtractDoc = %q, %v", doc, err)
	}
	if _, err := acr.ExtractDoc(src, "q"); err == nil {
		t.Error("a missing section is an error")
	}
	if _, err := acr.ExtractDoc("// # Analyzer p\n//\n// finds things\npackage p\n", "p"); err == nil {
		t.Error("a section without \"p: summary\" is an error")
	}
}

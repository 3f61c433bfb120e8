package schemadrift

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass/sqlsrc"
	"github.com/acrvet/acr/passes/schemadrift/schema"
)

func TestQualifierLen(t *testing.T) {
	for _, tc := range []struct {
		text  string
		parts int
		want  int
	}{
		{"cf.features->>'k'", 1, 3},
		{`"My Cf" . features`, 1, 10},
		{`"a""b".features`, 1, 7},
		{"public.customer_features.features", 2, 25},
		{"features->>'k'", 1, 0},
		{`"unterminated.features`, 1, 0},
		{"", 1, 0},
	} {
		assert.Equal(t, tc.want, qualifierLen(tc.text, tc.parts), tc.text)
	}
}

// The deparser is the fallback when the source text does not come apart:
// what it writes must be the same expression, with no qualifier left.
func TestDeparseBare(t *testing.T) {
	for _, expr := range []string{
		"cf.features->>'plan_tier'",
		"(s.cf.features->>'n')::int",
		"lower(cf.features #>> '{a,b}')",
	} {
		node, ok := parseExpression(expr)
		require.True(t, ok, expr)
		text, ok := deparseBare(sqlsrc.Unwrap(node))
		require.True(t, ok, expr)
		assert.NotContains(t, text, "cf.", expr)
		want, _ := schema.ExprKey(node)
		assert.True(t, sameExpression(text, want), "%s deparsed as %s", expr, text)
	}
}

func FuzzQualifierLen(f *testing.F) {
	for _, s := range []string{"cf.features->>'k'", `"a""b" . c`, "a.b.c", `"x`, ". .", ""} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, text string, parts int) {
		if len(text) > 1<<10 {
			return // a qualifier is a few names; longer text only slows the fuzzer
		}
		n := qualifierLen(text, parts%4)
		if n < 0 || n > len(text) {
			t.Fatalf("qualifierLen(%q, %d) = %d, outside the text", text, parts%4, n)
		}
	})
}

// FuzzDeparseBare checks that the fallback writer never panics and that
// what it writes parses.
func FuzzDeparseBare(f *testing.F) {
	for _, s := range []string{"cf.features->>'k'", "(a.b.c->>'n')::int", "lower(x.d #>> '{a,b}')", "t.c COLLATE \"C\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		node, ok := parseExpression(expr)
		if !ok {
			return
		}
		text, ok := deparseBare(sqlsrc.Unwrap(node))
		if !ok {
			return
		}
		if _, ok := parseExpression(text); !ok {
			t.Fatalf("%q deparsed as %q, which does not parse", expr, text)
		}
	})
}

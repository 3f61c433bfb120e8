package yamlsrc

import (
	"errors"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/acrvet/acr/pass"
)

func parse(t testing.TB, src string) (*Stream, error) {
	t.Helper()
	f := pass.NewFile(token.NewFileSet(), "docker-compose.yml", "docker-compose.yml", pass.Compose, []byte(src), 0)
	return Parse(f)
}

func TestMultiDocAndPositions(t *testing.T) {
	src := "apiVersion: v1\nkind: Pod\n---\n# second\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"h2o\"\n  label: 'it''s'\n---\n"
	s, err := parse(t, src)
	require.NoError(t, err)
	require.Len(t, s.Docs, 3)
	roots := s.Roots()
	assert.True(t, IsNull(roots[2]), "an empty document has a null root")
	v, ok := Scalar(Lookup(roots[1], "kind"))
	require.True(t, ok)
	assert.Equal(t, "Deployment", v)

	name := Lookup(roots[1], "metadata", "name")
	require.NotNil(t, name)
	assert.Equal(t, `"h2o"`, src[s.Offset(name):s.End(name)])
	label := Lookup(roots[1], "metadata", "label")
	assert.Equal(t, `'it''s'`, src[s.Offset(label):s.End(label)])
	assert.Equal(t, "it's", label.Value)
	kind := Lookup(roots[1], "kind")
	assert.Equal(t, "Deployment", src[s.Offset(kind):s.End(kind)])
	assert.Equal(t, 6, s.File.Position(s.Offset(kind)).Line)
}

func TestMergeKeys(t *testing.T) {
	src := `x-base: &base
  image: h2oai/h2o-open-source-k8s:3.46.0.1
  mem_limit: 4g
  environment: &env
    JAVA_OPTS: -Xmx3g
x-extra: &extra
  mem_limit: 16g
  restart: always
services:
  h2o:
    <<: [*base, *extra]
    mem_limit: 8g
  worker:
    <<: *extra
    "<<": literal
  nested:
    <<: *h2o_like
x-h2o-like: &h2o_like
  <<: *base
  command: java
`
	// The anchor is used before it is defined in the last service: yaml
	// refuses that, so test it on a stream where order is right.
	_, err := parse(t, src)
	require.Error(t, err)
	var se *pass.SyntaxError
	require.True(t, errors.As(err, &se))
	assert.Contains(t, se.Error(), "docker-compose.yml:17:9:")
	assert.Contains(t, se.Error(), "unknown anchor 'h2o_like'")

	src = strings.Replace(src, "  nested:\n    <<: *h2o_like\n", "", 1)
	s, err := parse(t, src)
	require.NoError(t, err, src)
	root := s.Roots()[0]

	h2o := Lookup(root, "services", "h2o")
	mem, _ := Scalar(Lookup(h2o, "mem_limit"))
	assert.Equal(t, "8g", mem, "own keys win over merged ones")
	restart, _ := Scalar(Lookup(h2o, "restart"))
	assert.Equal(t, "always", restart)
	opts, _ := Scalar(Lookup(h2o, "environment", "JAVA_OPTS"))
	assert.Equal(t, "-Xmx3g", opts)
	p, ok := LookupPair(h2o, "image")
	require.True(t, ok)
	require.NotNil(t, p.Merge)
	assert.Equal(t, 11, p.Merge.Line, "a merged pair points at its merge key")

	worker := Lookup(root, "services", "worker")
	mem, _ = Scalar(Lookup(worker, "mem_limit"))
	assert.Equal(t, "16g", mem)
	lit, _ := Scalar(Lookup(worker, "<<"))
	assert.Equal(t, "literal", lit, "a quoted << is an ordinary key")

	// Earlier merge sources win over later ones.
	s, err = parse(t, "a: &a {m: 1}\nb: &b {m: 2, n: 3}\nc:\n  <<: [*a, *b]\n")
	require.NoError(t, err)
	m, _ := Scalar(Lookup(s.Roots()[0], "c", "m"))
	assert.Equal(t, "1", m)
	var keys []string
	for _, p := range MappingPairs(Lookup(s.Roots()[0], "c")) {
		keys = append(keys, p.KeyString())
	}
	assert.Equal(t, []string{"m", "n"}, keys)

	// Merges through merges.
	s, err = parse(t, "a: &a {m: 1}\nb: &b\n  <<: *a\n  n: 2\nc:\n  <<: *b\n")
	require.NoError(t, err)
	m, _ = Scalar(Lookup(s.Roots()[0], "c", "m"))
	assert.Equal(t, "1", m)
}

func TestTags(t *testing.T) {
	s, err := parse(t, "services:\n  app:\n    ports: !reset []\n    environment: !override\n      A: b\n")
	require.NoError(t, err)
	app := Lookup(s.Roots()[0], "services", "app")
	assert.True(t, HasTag(Lookup(app, "ports"), "!reset"))
	assert.True(t, HasTag(Lookup(app, "environment"), "!override"))
	assert.False(t, HasTag(Lookup(app, "environment"), "!reset"))
	assert.True(t, IsNull(Lookup(app, "missing")))
}

func TestSyntaxErrors(t *testing.T) {
	for src, want := range map[string]string{
		"services:\n  app:\n    image: x\n   bad: [\n": "docker-compose.yml:1:1: invalid YAML: did not find expected key",
		"a: b\nc: d: e\n":                 "docker-compose.yml:2:1: invalid YAML: mapping values are not allowed in this context",
		"a: \"unterminated\n":             "invalid YAML:",
		"key: \x00value\n":                "invalid YAML:",
		"a: &a\n  b: *a\n":                "YAML anchor \"a\" contains an alias to itself",
		"a:\n\tb: c\n":                    "invalid YAML:",
		strings.Repeat("- ", 300) + "x\n": "nested deeper than 256 levels",
		strings.Repeat("[", 20000) + strings.Repeat("]", 20000): "invalid YAML: exceeded max depth",
	} {
		_, err := parse(t, src)
		require.Error(t, err, src)
		var se *pass.SyntaxError
		require.True(t, errors.As(err, &se), "%T", err)
		assert.Contains(t, se.Error(), want)
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	_, err := parse(t, b.String())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "alias bomb")
	assert.Contains(t, err.Error(), "docker-compose.yml:")

	// A few levels of sharing are fine.
	f := pass.NewFile(token.NewFileSet(), "x.yaml", "x.yaml", pass.YAML, []byte(b.String()), 0)
	s, err := ParseLimits(f, Limits{MaxExpandedNodes: 1 << 30})
	require.NoError(t, err)
	require.Len(t, s.Docs, 1)
}

func TestEnd(t *testing.T) {
	src := "a: plain text  # c\nb: |\n  line1\n  line2\nc: [1, 2]\nd: {x: 1}\ne: *anc\n"
	src = "z: &anc v\n" + src
	s, err := parse(t, src)
	require.NoError(t, err)
	r := s.Roots()[0]
	for key, want := range map[string]string{
		"a": "plain text", "b": "|\n  line1\n  line2", "c": "[1, 2]", "d": "{x: 1}",
	} {
		p, ok := LookupPair(r, key)
		require.True(t, ok)
		assert.Equal(t, want, src[s.Offset(p.Value):s.End(p.Value)], key)
	}
	p, _ := LookupPair(r, "e")
	assert.Equal(t, yaml.AliasNode, p.Value.Kind)
	assert.Equal(t, "*anc", src[s.Offset(p.Value):s.End(p.Value)])
}

func TestMemo(t *testing.T) {
	f := pass.NewFile(token.NewFileSet(), "a.yaml", "a.yaml", pass.YAML, []byte("a: 1\n"), 0)
	a, _ := Parse(f)
	b, _ := Parse(f)
	assert.Same(t, a, b)
}

func FuzzParse(f *testing.F) {
	f.Add("services:\n  a:\n    <<: *x\n")
	f.Add("x: &x {a: 1}\ny:\n  <<: [*x]\n  b: !reset [1]\n---\nkind: List\n")
	f.Add("a: |\n  b\n c: 'd''e'\n")
	f.Add("a: &a [*a]\n")
	f.Fuzz(func(t *testing.T, src string) {
		file := pass.NewFile(token.NewFileSet(), "f.yaml", "f.yaml", pass.YAML, []byte(src), 0)
		s, err := ParseLimits(file, Limits{MaxExpandedNodes: 10_000, MaxDepth: 64})
		if err != nil {
			var se *pass.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("not a SyntaxError: %v", err)
			}
			if se.Offset < 0 || se.Offset > len(src) {
				t.Fatalf("offset %d out of range", se.Offset)
			}
		}
		if s == nil {
			t.Fatal("nil stream")
		}
		// Every helper must terminate on whatever Parse accepted.
		var walk func(n *yaml.Node, depth int)
		walk = func(n *yaml.Node, depth int) {
			if n == nil || depth > 70 {
				return
			}
			if start, end := s.Offset(n), s.End(n); start < 0 || end < start || end > len(src) {
				t.Fatalf("bad span [%d,%d) of %d bytes", start, end, len(src))
			}
			for _, p := range MappingPairs(n) {
				walk(Resolve(p.Value), depth+1)
			}
			for _, it := range Items(n) {
				walk(it, depth+1)
			}
		}
		for _, r := range s.Roots() {
			walk(Resolve(r), 0)
		}
	})
}

func TestBOM(t *testing.T) {
	src := "\ufeffservices:\n  db:\n    image: postgres\n"
	f := pass.NewFile(token.NewFileSet(), "docker-compose.yml", "docker-compose.yml", pass.Compose, []byte(src), 0)
	s, err := Parse(f)
	require.NoError(t, err)
	key := s.Docs[0].Content[0].Content[0]
	assert.Equal(t, "services", key.Value)
	assert.Equal(t, 3, f.OffsetOf(key.Line, key.Column))
}

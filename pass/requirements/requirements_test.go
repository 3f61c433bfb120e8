package requirements

import (
	"errors"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
)

func parseString(t testing.TB, path, src string) (*File, error) {
	t.Helper()
	kind := pass.Requirements
	if strings.HasSuffix(path, ".toml") || strings.HasSuffix(path, "Pipfile") {
		kind = pass.Pyproject
	}
	f := pass.NewFile(token.NewFileSet(), path, path, kind, []byte(src), 0)
	return Parse(f)
}

// text returns the file bytes in [start, end).
func text(src string, start, end int) string { return src[start:end] }

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"H2O": "h2o", "Flask_SQLAlchemy": "flask-sqlalchemy", "zope.interface": "zope-interface",
		"a-_.b": "a-b", "scikit-learn": "scikit-learn", "Django": "django",
	} {
		assert.Equal(t, want, Normalize(in), in)
	}
}

func TestPip(t *testing.T) {
	src := "# service deps\n" +
		"-r base.txt\n" +
		"--constraint=constraints.txt\n" +
		"--index-url https://pypi.example/simple\n" +
		"H2O==3.46.0.1  # pinned for the MOJO runtime\n" +
		"fastapi[all,standard] >=0.110, <1.0 ; python_version >= \"3.10\"\n" +
		"requests \\\n" +
		"  ==2.31.0 \\\n" +
		"  --hash=sha256:aaaa --hash sha256:bbbb\n" +
		"pandas (>=2.0)\n" +
		"numpy==1.26.*\n" +
		"mylib @ https://example.com/mylib-1.0.tar.gz ; sys_platform == 'linux'\n" +
		"-e git+https://github.com/org/proj.git#egg=proj_core\n" +
		"./wheels/daimojo-2.8.1-cp310-cp310-linux_x86_64.whl\n" +
		"   # indented comment \\\n" +
		"httpx==${HTTPX_VERSION}\n"
	f, err := parseString(t, "requirements.txt", src)
	require.NoError(t, err)
	require.Len(t, f.Includes, 2)
	assert.Equal(t, "base.txt", f.Includes[0].Path)
	assert.False(t, f.Includes[0].Constraint)
	assert.Equal(t, "-r base.txt", text(src, f.Includes[0].Start, f.Includes[0].End))
	assert.True(t, f.Includes[1].Constraint)
	assert.Equal(t, "constraints.txt", f.Includes[1].Path)
	require.Len(t, f.Options, 1)
	assert.Equal(t, "--index-url", f.Options[0].Name)
	assert.Equal(t, "https://pypi.example/simple", f.Options[0].Value)

	byName := map[string]*Requirement{}
	for _, r := range f.Requirements {
		byName[r.Normalized] = r
	}
	h2o := byName["h2o"]
	require.NotNil(t, h2o)
	v, ok := h2o.Pin()
	assert.True(t, ok)
	assert.Equal(t, "3.46.0.1", v)
	assert.Equal(t, "H2O==3.46.0.1", text(src, h2o.Start, h2o.End))
	assert.Equal(t, "H2O", text(src, h2o.NameStart, h2o.NameEnd))
	assert.Equal(t, "==3.46.0.1", text(src, h2o.SpecStart, h2o.SpecEnd))
	assert.Equal(t, 5, h2o.Line)

	fa := byName["fastapi"]
	require.NotNil(t, fa)
	assert.Equal(t, []string{"all", "standard"}, fa.Extras)
	assert.Equal(t, ">=0.110,<1.0", fa.SpecString())
	assert.Equal(t, `python_version >= "3.10"`, fa.Marker)
	_, ok = fa.Pin()
	assert.False(t, ok)

	rq := byName["requests"]
	require.NotNil(t, rq)
	assert.Equal(t, "==2.31.0", rq.SpecString())
	assert.Equal(t, []string{"sha256:aaaa", "sha256:bbbb"}, rq.Hashes)
	assert.Equal(t, 7, rq.Line)
	assert.Equal(t, "==2.31.0", text(src, rq.SpecStart, rq.SpecEnd), "offsets survive line continuations")

	pd := byName["pandas"]
	require.NotNil(t, pd)
	assert.Equal(t, ">=2.0", text(src, pd.SpecStart, pd.SpecEnd))

	_, ok = byName["numpy"].Pin()
	assert.False(t, ok, "a wildcard is not a pin")

	ml := byName["mylib"]
	require.NotNil(t, ml)
	assert.Equal(t, "https://example.com/mylib-1.0.tar.gz", ml.URL)
	assert.Equal(t, "sys_platform == 'linux'", ml.Marker)

	pc := byName["proj-core"]
	require.NotNil(t, pc)
	assert.True(t, pc.Editable)
	assert.Equal(t, "proj_core", text(src, pc.NameStart, pc.NameEnd))

	dm := byName["daimojo"]
	require.NotNil(t, dm)
	v, ok = dm.Pin()
	assert.True(t, ok)
	assert.Equal(t, "2.8.1", v)

	assert.Equal(t, "==${HTTPX_VERSION}", byName["httpx"].SpecString())
	assert.Len(t, f.Requirements, 9)
}

func TestPipErrors(t *testing.T) {
	src := "h2o==3.46.0.1\nflask >=\nnumpy\n-r\nuvicorn#no-space-so-not-a-comment\n"
	f, err := parseString(t, "requirements.txt", src)
	var se *pass.SyntaxError
	require.True(t, errors.As(err, &se))
	assert.Equal(t, "requirements.txt:2:9: invalid requirement: expected a version after >=", se.Error())
	require.Len(t, f.Errors, 3)
	assert.Contains(t, f.Errors[1].Error(), "requirements.txt:4:1: option -r needs a value")
	assert.Len(t, f.Requirements, 2, "good lines are still read")
}

func TestPyproject(t *testing.T) {
	src := `[build-system]
requires = ["setuptools>=68", "wheel"]

[project]
name = "platform"
dependencies = [
  "h2o==3.46.0.1",  # cluster and client must match
  'fastapi>=0.110',
  """httpx""",
]
optional-dependencies = { ml = ["xgboost==2.0.3"] }

[project.optional-dependencies]
test = ["pytest", "locust>=2"]

[dependency-groups]
dev = ["ruff", {include-group = "test"}]

[tool.poetry.dependencies]
python = "^3.10"
h2o = "3.46.0.1"
pandas = { version = "^2.1", extras = ["performance"], markers = "python_version >= '3.10'" }
"Flask_Cors" = "~4.0"
mage-ai = "*"

[tool.poetry.group.test.dependencies]
pytest-asyncio = ">=0.23,<1"

[[tool.poetry.source]]
name = "private"
url = "https://example.com"
`
	f, err := parseString(t, "pyproject.toml", src)
	require.NoError(t, err)
	got := map[string]*Requirement{}
	var names []string
	for _, r := range f.Requirements {
		got[r.Section+":"+r.Normalized] = r
		names = append(names, r.Section+":"+r.Normalized)
	}
	assert.Equal(t, []string{
		"build-system.requires:setuptools", "build-system.requires:wheel",
		"project.dependencies:h2o", "project.dependencies:fastapi", "project.dependencies:httpx",
		"project.optional-dependencies.ml:xgboost",
		"project.optional-dependencies.test:pytest", "project.optional-dependencies.test:locust",
		"dependency-groups.dev:ruff",
		"tool.poetry.dependencies:h2o", "tool.poetry.dependencies:pandas", "tool.poetry.dependencies:flask-cors",
		"tool.poetry.dependencies:mage-ai",
		"tool.poetry.group.test.dependencies:pytest-asyncio",
	}, names)

	h := got["project.dependencies:h2o"]
	assert.Equal(t, "h2o==3.46.0.1", text(src, h.Start, h.End))
	assert.Equal(t, 7, h.Line)

	ph := got["tool.poetry.dependencies:h2o"]
	v, ok := ph.Pin()
	assert.True(t, ok, "a bare Poetry version is exact")
	assert.Equal(t, "3.46.0.1", v)
	assert.Equal(t, `h2o = "3.46.0.1"`, text(src, ph.Start, ph.End))
	assert.Equal(t, "3.46.0.1", text(src, ph.SpecStart, ph.SpecEnd))

	pd := got["tool.poetry.dependencies:pandas"]
	assert.Equal(t, "^2.1", pd.SpecString())
	assert.Equal(t, []string{"performance"}, pd.Extras)
	assert.Equal(t, "python_version >= '3.10'", pd.Marker)

	fc := got["tool.poetry.dependencies:flask-cors"]
	assert.Equal(t, "Flask_Cors", text(src, fc.NameStart, fc.NameEnd))
	assert.Empty(t, got["tool.poetry.dependencies:mage-ai"].Specifiers)
	assert.Equal(t, ">=0.23,<1", got["tool.poetry.group.test.dependencies:pytest-asyncio"].SpecString())
	assert.Len(t, f.Lookup("H2O"), 2)
}

func TestPipfile(t *testing.T) {
	src := "[[source]]\nurl = \"https://pypi.org/simple\"\n\n[packages]\nh2o = \"==3.46.0.1\"\nrequests = {version = \"*\", extras = [\"socks\"]}\nmylib = {path = \".\", editable = true}\n\n[dev-packages]\npytest = \"*\"\n\n[requires]\npython_version = \"3.11\"\n"
	f, err := parseString(t, "Pipfile", src)
	require.NoError(t, err)
	require.Len(t, f.Requirements, 4)
	assert.Equal(t, Pipfile, f.Format)
	v, ok := f.Requirements[0].Pin()
	assert.True(t, ok)
	assert.Equal(t, "3.46.0.1", v)
	assert.Equal(t, "packages", f.Requirements[0].Section)
	assert.Equal(t, []string{"socks"}, f.Requirements[1].Extras)
	assert.True(t, f.Requirements[2].Editable)
	assert.Equal(t, ".", f.Requirements[2].URL)
	assert.Equal(t, "dev-packages", f.Requirements[3].Section)
}

func TestTOMLErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"[project]\ndependencies = [\"h2o==3\",\n", "pyproject.toml:2:16: unclosed [ array"},
		{"[project]\ndependencies = [\"h2o==\"]\n", "pyproject.toml:2:23: invalid requirement in project.dependencies: expected a version after =="},
		{"[project\n", "pyproject.toml:1:9: expected ] to close the table header"},
		{"name = \"x\n", "pyproject.toml:1:8: unterminated string"},
		{"a = 1 2\n", "pyproject.toml:1:7: unexpected \"2\" after value"},
		{"[tool.poetry.dependencies]\nh2o = \"3.46 !\"\n", "pyproject.toml:2:12: invalid version constraint for h2o: unexpected \" !\" in version"},
		{"x = " + strings.Repeat("[", 100) + "\n", "nested too deeply"},
	} {
		_, err := parseString(t, "pyproject.toml", tc.src)
		require.Error(t, err, tc.src)
		assert.Contains(t, err.Error(), tc.want, tc.src)
	}
	// One bad value does not hide the rest of the file.
	f, err := parseString(t, "pyproject.toml", "[project]\nname = \"x\ndependencies = [\"h2o==3.46.0.1\"]\n")
	require.Error(t, err)
	require.Len(t, f.Requirements, 1)
}

func TestMemo(t *testing.T) {
	f := pass.NewFile(token.NewFileSet(), "requirements.txt", "", pass.Requirements, []byte("h2o\n"), 0)
	a, _ := Parse(f)
	b, _ := Parse(f)
	assert.Same(t, a, b)
}

func FuzzParse(f *testing.F) {
	f.Add("requirements.txt", "h2o==3.46.0.1\n-r a.txt\nx[y]>=1;python_version<'3'\\\n --hash=sha256:a\n")
	f.Add("pyproject.toml", "[project]\ndependencies=['a>=1',\"\"\"b\"\"\"]\n[tool.poetry.dependencies]\nc={version='^1'}\n")
	f.Add("Pipfile", "[packages]\nh2o = \"==3\"\n")
	f.Add("pyproject.toml", "x = \"\\u00e9\\\n\"\n[[a.b]]\n")
	f.Fuzz(func(t *testing.T, name, src string) {
		path := "requirements.txt"
		switch {
		case strings.HasSuffix(name, "toml"):
			path = "pyproject.toml"
		case strings.HasSuffix(name, "Pipfile"):
			path = "Pipfile"
		}
		rf, err := parseString(t, path, src)
		if rf == nil {
			t.Fatalf("no file returned (err %v)", err)
		}
		if err != nil && len(rf.Errors) == 0 {
			t.Fatalf("error without Errors: %v", err)
		}
		for _, r := range rf.Requirements {
			for _, o := range [][2]int{{r.Start, r.End}, {r.NameStart, r.NameEnd}, {r.SpecStart, r.SpecEnd}} {
				if o[0] < 0 || o[0] > o[1] || o[1] > len(src) {
					t.Fatalf("requirement %q: bad range %v in %d bytes", r.Name, o, len(src))
				}
			}
		}
		for _, e := range rf.Errors {
			if e.Offset < 0 || e.Offset > len(src) {
				t.Fatalf("error offset %d out of range", e.Offset)
			}
		}
	})
}

func TestBOM(t *testing.T) {
	for path, src := range map[string]string{
		"requirements.txt": "\ufeffh2o==3.46.0.11\n",
		"pyproject.toml":   "\ufeff[project]\nname = \"svc\"\ndependencies = [\"h2o==3.46.0.11\"]\n",
	} {
		f, err := parseString(t, path, src)
		require.NoError(t, err, path)
		require.Len(t, f.Requirements, 1, path)
		r := f.Requirements[0]
		assert.Equal(t, "h2o", r.Name, path)
		assert.Equal(t, "h2o", text(src, r.NameStart, r.NameEnd), path)
	}
}

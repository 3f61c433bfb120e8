package dockerfile

import (
	"errors"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/pass"
)

func parseString(t testing.TB, src string) (*File, error) {
	t.Helper()
	f := pass.NewFile(token.NewFileSet(), "Dockerfile", "Dockerfile", pass.Dockerfile, []byte(src), 0)
	return Parse(f)
}

func TestInstructions(t *testing.T) {
	src := `# syntax=docker/dockerfile:1
ARG H2O_VERSION=3.46.0.1
FROM --platform=linux/amd64 python:3.11-slim AS build
# a comment
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Xss1m" \
    # dropped comment inside a continuation
    PATH=/opt/venv/bin:$PATH
ENV LEGACY_KEY some value with spaces
RUN pip install --no-cache-dir \
      h2o==${H2O_VERSION} && \
    echo done
FROM eclipse-temurin:17-jre
COPY --from=build /opt/venv /opt/venv
EXPOSE 54321
ENTRYPOINT ["java", "-Xmx4g", "-jar", "/opt/h2o.jar"]
CMD java -jar "/opt/h2o app.jar"
`
	df, err := parseString(t, src)
	require.NoError(t, err)
	require.Len(t, df.Directives, 1)
	assert.Equal(t, "syntax", df.Directives[0].Name)
	require.Len(t, df.Stages, 2)
	assert.Equal(t, "build", df.Stages[0].Name)
	assert.Equal(t, "python:3.11-slim", df.Stages[0].Image)
	assert.Equal(t, "linux/amd64", df.Stages[0].Platform)
	assert.Same(t, df.Stages[0], df.Stage("BUILD"))
	assert.Equal(t, "eclipse-temurin:17-jre", df.Final().Image)

	cmds := []string{}
	for _, in := range df.Instructions {
		cmds = append(cmds, in.Cmd)
	}
	assert.Equal(t, []string{"ARG", "FROM", "ENV", "ENV", "RUN", "FROM", "COPY", "EXPOSE", "ENTRYPOINT", "CMD"}, cmds)
	assert.Nil(t, df.Instructions[0].Stage, "a global ARG belongs to no stage")
	arg, ok := df.Instructions[0].Env("H2O_VERSION")
	require.True(t, ok)
	assert.Equal(t, "3.46.0.1", arg.Value)

	env := df.Instructions[2]
	assert.Equal(t, 5, env.Line)
	require.Len(t, env.KeyValues, 2)
	jto := env.KeyValues[0]
	assert.Equal(t, "JAVA_TOOL_OPTIONS", jto.Key)
	assert.Equal(t, "-XX:MaxRAMPercentage=50 -Xss1m", jto.Value)
	assert.Equal(t, `"-XX:MaxRAMPercentage=50 -Xss1m"`, src[jto.ValueStart:jto.ValueEnd])
	p := env.KeyValues[1]
	assert.Equal(t, "PATH=/opt/venv/bin:$PATH", src[p.Start:p.End], "ranges survive dropped continuation lines")
	assert.Equal(t, 7, df.File.Position(p.Start).Line)
	assert.Equal(t, "ENV JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=50 -Xss1m\" \\\n    # dropped comment inside a continuation\n    PATH=/opt/venv/bin:$PATH", src[env.Start:env.End])

	legacy := df.Instructions[3].KeyValues
	require.Len(t, legacy, 1)
	assert.Equal(t, "LEGACY_KEY", legacy[0].Key)
	assert.Equal(t, "some value with spaces", legacy[0].Value)
	assert.Equal(t, "some value with spaces", src[legacy[0].ValueStart:legacy[0].ValueEnd])

	run := df.Instructions[4]
	assert.False(t, run.JSON)
	assert.Equal(t, "pip install --no-cache-dir       h2o==${H2O_VERSION} &&     echo done", run.Args)

	cp := df.Instructions[6]
	fl, ok := cp.Flag("from")
	require.True(t, ok)
	assert.Equal(t, "build", fl.Value)
	assert.Equal(t, "--from=build", src[fl.Start:fl.End])

	ep := df.Instructions[8]
	require.True(t, ep.JSON)
	require.Len(t, ep.Exec, 4)
	assert.Equal(t, "-Xmx4g", ep.Exec[1].Value)
	assert.Equal(t, `"-Xmx4g"`, src[ep.Exec[1].Start:ep.Exec[1].End])

	cmd := df.Instructions[9]
	assert.False(t, cmd.JSON)
	require.Len(t, cmd.Words, 3)
	assert.Equal(t, "/opt/h2o app.jar", cmd.Words[2].Value)
}

func TestEscapeDirective(t *testing.T) {
	src := "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir C:\\ `\n    && echo hi\nENV A=x`\"y\n"
	df, err := parseString(t, src)
	require.NoError(t, err)
	assert.Equal(t, byte('`'), df.Escape)
	run := df.Instructions[1]
	assert.Equal(t, `dir C:\     && echo hi`, run.Args)
	assert.Equal(t, 3, run.Line)
	kv, _ := df.Instructions[2].Env("A")
	assert.Equal(t, `x"y`, kv.Value)

	// A directive after a comment is only a comment.
	df, err = parseString(t, "# hello\n# escape=`\nFROM a\nRUN echo \\\n  hi\n")
	require.NoError(t, err)
	assert.Equal(t, byte('\\'), df.Escape)
	assert.Equal(t, "echo   hi", df.Instructions[1].Args)
}

func TestHeredocs(t *testing.T) {
	src := "FROM alpine\nRUN <<EOF\nset -e\necho $JAVA_OPTS\nEOF\nCOPY <<-\"CONF\" /etc/app.conf\n\tkey=value\n\tCONF\nUSER app\n"
	df, err := parseString(t, src)
	require.NoError(t, err)
	require.Len(t, df.Instructions, 4)
	run := df.Instructions[1]
	require.Len(t, run.Heredocs, 1)
	assert.Equal(t, "set -e\necho $JAVA_OPTS\n", run.Heredocs[0].Body)
	assert.Equal(t, "RUN <<EOF\nset -e\necho $JAVA_OPTS\nEOF", src[run.Start:run.End])
	cp := df.Instructions[2]
	require.Len(t, cp.Heredocs, 1)
	assert.True(t, cp.Heredocs[0].StripTabs)
	assert.True(t, cp.Heredocs[0].Quoted)
	assert.Equal(t, "key=value\n", cp.Heredocs[0].Body)
	assert.Equal(t, "USER", df.Instructions[3].Cmd)

	// BuildKit reads blanks between << and the word as part of it.
	src = "FROM node\nRUN mkdir -p /cfg && cat > /cfg/vite.config.mts << 'EOF'\nimport { defineConfig } from \"vite\";\nEOF\nRUN cat <<- END > /x\n\tdone\n\tEND\nUSER app\n"
	df, err = parseString(t, src)
	require.NoError(t, err)
	require.Len(t, df.Instructions, 4)
	require.Len(t, df.Instructions[1].Heredocs, 1)
	assert.Equal(t, "import { defineConfig } from \"vite\";\n", df.Instructions[1].Heredocs[0].Body)
	assert.True(t, df.Instructions[1].Heredocs[0].Quoted)
	require.Len(t, df.Instructions[2].Heredocs, 1)
	assert.Equal(t, "done\n", df.Instructions[2].Heredocs[0].Body)
	assert.Equal(t, "USER", df.Instructions[3].Cmd)

	// A << that ends the line, or is followed by no word a heredoc can
	// be named by, opens none; a shift in arithmetic is no heredoc.
	for _, src := range []string{"FROM a\nRUN cat <<\nUSER app\n", "FROM a\nRUN cat << \\\n  > /f\nUSER app\n",
		"FROM a\nRUN echo $((1 << 2))\nUSER app\n", "FROM a\nRUN cat <<- <<EOF\nx\nEOF\nUSER app\n"} {
		df, err = parseString(t, src)
		require.NoError(t, err, src)
		require.Len(t, df.Instructions, 3, src)
		assert.Equal(t, "USER", df.Instructions[2].Cmd, src)
	}
}

func TestErrors(t *testing.T) {
	for src, want := range map[string]string{
		"FROM a\nFOO bar\n":                  "Dockerfile:2:1: unknown instruction: FOO",
		"FROM\n":                             "Dockerfile:1:1: FROM requires at least one argument",
		"RUN echo\n":                         "Dockerfile:1:1: RUN before the first FROM",
		"FROM a\nRUN <<EOF\necho\n":          "Dockerfile:2:5: unterminated heredoc",
		"FROM a\nENV A=1 B\n":                "Dockerfile:2:9: ENV expects key=value pairs",
		"FROM a\nENV ONLYKEY\n":              "Dockerfile:2:1: ENV ONLYKEY needs a value",
		"# escape=x\nFROM a\n":               "Dockerfile:1:1: invalid escape directive x",
		"FROM a b c d\n":                     "FROM takes an image and an optional AS name",
		"# just a comment\n\nARG A=1\n":      "no FROM instruction",
		"FROM a\nRUN [\"unterminated\n  x\n": "Dockerfile:3:3: unknown instruction: x",
	} {
		df, err := parseString(t, src)
		require.Error(t, err, src)
		require.NotNil(t, df)
		var se *pass.SyntaxError
		require.True(t, errors.As(err, &se))
		assert.Contains(t, se.Error(), want, src)
	}
	// Shell form when the JSON is not valid.
	df, err := parseString(t, "FROM a\nCMD [\"java\", -Xmx1g]\n")
	require.NoError(t, err)
	assert.False(t, df.Instructions[1].JSON)
}

func TestMemo(t *testing.T) {
	f := pass.NewFile(token.NewFileSet(), "Dockerfile", "Dockerfile", pass.Dockerfile, []byte("FROM a\n"), 0)
	a, _ := Parse(f)
	b, _ := Parse(f)
	assert.Same(t, a, b)
}

func FuzzParse(f *testing.F) {
	f.Add("FROM a AS b\nENV A=1 B=\"2 3\"\nRUN <<EOF\nx\nEOF\nCMD [\"a\"]\n")
	f.Add("# escape=`\nFROM a\nRUN x `\n  # c\n  y\nENV K v v\n")
	f.Add("FROM a\nCOPY --from=b <<-E /x\n\tE\nHEALTHCHECK --interval=5s CMD [\"curl\"]\n")
	f.Add("ARG A\nFROM ${A}\nLABEL \"a b\"='c\\'' d=e\\\n")
	f.Fuzz(func(t *testing.T, src string) {
		df, err := parseString(t, src)
		if df == nil {
			t.Fatalf("nil file (err %v)", err)
		}
		check := func(what string, s, e int) {
			if s < 0 || e < s || e > len(src) {
				t.Fatalf("%s: bad range [%d,%d) in %d bytes", what, s, e, len(src))
			}
		}
		for _, in := range df.Instructions {
			check("instruction", in.Start, in.End)
			for _, w := range append(append([]Word{}, in.Words...), in.Exec...) {
				check("word", w.Start, w.End)
			}
			for _, kv := range in.KeyValues {
				check("pair", kv.Start, kv.End)
				check("value", kv.ValueStart, kv.ValueEnd)
			}
			for _, fl := range in.Flags {
				check("flag", fl.Start, fl.End)
			}
		}
		if err != nil && !strings.Contains(err.Error(), "Dockerfile:") {
			t.Fatalf("error without position: %v", err)
		}
	})
}

func TestBOM(t *testing.T) {
	src := "\ufeff# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN true\n"
	df, err := parseString(t, src)
	require.NoError(t, err)
	require.Len(t, df.Directives, 1)
	require.Len(t, df.Instructions, 2)
	assert.Equal(t, "FROM", df.Instructions[0].Cmd)
	assert.Equal(t, "FROM python:3.12", src[df.Instructions[0].Start:df.Instructions[0].End])

	df, err = parseString(t, "\ufeffFROM python:3.12\n")
	require.NoError(t, err)
	require.Len(t, df.Instructions, 1)
	assert.Equal(t, "FROM", df.Instructions[0].Cmd)
	assert.Equal(t, 3, df.Instructions[0].Start)
}

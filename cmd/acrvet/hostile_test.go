package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr/multichecker"
	"github.com/acrvet/acr/passes/all"
)

func zipBytes(t *testing.T, entries map[string][]byte, method uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		require.NoError(t, err)
		_, err = w.Write(body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// Every pass of acrvet runs over a repository of hostile inputs: each gets
// a clear message with its path, nothing panics, nothing hangs, and the
// run still reports the real finding next to them.
func TestHostileRepository(t *testing.T) {
	root := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	goodIni := []byte("[info]\nh2o_version = 3.46.0.11\nmojo_version = 1.40\nalgo = gbm\nalgorithm = Gradient Boosting Machine\n")
	valid := zipBytes(t, map[string][]byte{"model.ini": goodIni}, zip.Deflate)
	write("models/truncated.zip", valid[:len(valid)/2])
	write("models/traversal.zip", zipBytes(t, map[string][]byte{"../../etc/passwd": []byte("x"), "model.ini": goodIni}, zip.Deflate))
	write("models/bomb.zip", zipBytes(t, map[string][]byte{"model.ini": append(goodIni, bytes.Repeat([]byte("a"), 200<<20)...)}, zip.Deflate))
	write("k8s/bomb.yaml", []byte("apiVersion: v1\nkind: ConfigMap\n"+
		"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"+
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"+
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"+
		"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"))
	write("docker-compose.yml", []byte("services:\n  base: &base\n    image: redis:7\n    <<: *base\n  x: {<<: *x}\n"))
	write("src/service/bad_utf8.py", []byte("async def f():\n    s = '\xff\xfe'\n    time.sleep(1)\n"))
	write("src/service/nul.py", []byte("async def f():\x00\x00\n"))
	write("src/service/syntax.py", []byte("async def f(:\n    time.sleep(1)\n"))
	write("db/migrations/V1__broken.sql", []byte("CREATE TABLE t (data json;\nCREATE TABLE u (data json);\n"))
	write("db/huge.sql", bytes.Repeat([]byte("-- filler\n"), 50<<20/10))
	write("Dockerfile", []byte("FROM \\\n"))
	write("requirements.txt", []byte("h2o==\n-r \n\xff\n"))
	require.NoError(t, os.Symlink(filepath.Join(root, "loop"), filepath.Join(root, "loop")))

	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		done <- multichecker.Run("acrvet", []string{"-v", root}, &out, &errOut, all.Analyzers()...)
	}()
	var code int
	select {
	case code = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("acrvet did not finish on hostile input within two minutes")
	}
	text := out.String() + errOut.String()
	t.Logf("acrvet took %v, exit %d\n%s", time.Since(start), code, text)
	assert.NotContains(t, text, "panic")
	assert.Equal(t, multichecker.ExitFindings, code, "hostile files are findings or notes, not run errors")
	for _, want := range []string{
		"models/truncated.zip",
		"models/traversal.zip",
		"models/bomb.zip",
		"k8s/bomb.yaml",
		"db/huge.sql: skipped",
		"loop: broken or looping symlink",
		"src/service/nul.py: skipped: binary file",
		"src/service/syntax.py:1:",
		"db/migrations/V1__broken.sql:1:",
		"db/migrations/V1__broken.sql:2:", // the statement after the syntax error is still reviewed
		"src/service/bad_utf8.py:3:5",
	} {
		assert.Contains(t, text, want)
	}
	assert.True(t, strings.Count(text, "\n") < 200, "one message per problem, not a flood")
}

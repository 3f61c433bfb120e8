package asyncradar

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acrvet/acr"
	"github.com/acrvet/acr/checker"
	"github.com/acrvet/acr/config"
	"github.com/acrvet/acr/internal/cuttest"
)

// truncatedSource holds the constructs the cost classes read (a cache
// filled on a miss, an os.walk that stops at the top, listings, archives,
// uploads, Popen in a with, Redis round trips), for TestTruncatedSource to
// cut anywhere.
const truncatedSource = `import os
import glob
import subprocess
import tarfile
import shutil
import redis
from pathlib import Path
from fastapi import FastAPI, UploadFile

app = FastAPI()
r = redis.Redis()


class Cache:
    def exists(self):
        return os.path.exists("/tmp/c")

    async def build(self, top, recursive=False):
        for root, dirs, files in os.walk(top):
            for name in sorted(files):
                open(os.path.join(root, name)).read()
            if not (recursive):
                break
        for name in sorted(list(os.listdir(top))):
            open(name).read()
        for m in tarfile.open(top).getmembers():
            open(m.name).read()
        with subprocess.Popen(["ls"]) as proc:
            pass
        subprocess.Popen(["ls"])

    @classmethod
    async def initialize(cls, replace=False):
        cache = cls()
        if replace or not (cache.exists()):
            await cache.build("/")
        if cache is None:
            await cache.build("/")
        return cache


@app.post("/up")
async def upload(files: list[UploadFile], roots: list[str]):
    for f in files:
        with open(f.filename, "wb") as out:
            shutil.copyfileobj(f.file, out)
    for root in roots:
        os.listdir(root)
    paths = [p for p in glob.glob("*.txt")]
    for p in paths:
        Path(p).read_text()
    r.get("k")
    await Cache.initialize()
`

// TestTruncatedSource runs the pass over every prefix of a module cut
// before a newline, bracket, colon or dot, with an open bracket, a colon or
// a stray break appended: syntax errors around the constructs the cost
// classes read must not panic.
func TestTruncatedSource(t *testing.T) {
	t.Cleanup(func() { require.NoError(t, Analyzer.Flags.Set("scope", scopeRequestPath)) })
	// Every async def, so the cache's methods are analysed too.
	cfg, err := config.Parse(".acr.yaml", []byte("settings:\n  asyncradar:\n    scope: all-async\n"))
	require.NoError(t, err)
	// Each tail ends with an async def, which makes the pass parse the file.
	const after = "\nasync def after():\n    pass\n"
	whole := cuttest.Run(t, []*acr.Analyzer{Analyzer}, "app.py", truncatedSource, "\n(:.",
		[]string{after, "(" + after, ":\n" + after, "\n    break\n" + after}, checker.Options{Config: cfg, PassesChosen: true})
	require.Greater(t, len(whole.Findings), 10, "the whole module is analysed")
}

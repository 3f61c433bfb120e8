import os
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
ROOT = Path("/srv/blocks")


class BlockCache:
    def exists(self):
        return os.path.exists(ROOT / ".cache.json")

    async def build(self):
        # Filled only when the caller finds the cache missing: notes.
        for path in ROOT.rglob("*.py"):  # want `ROOT\.rglob \(pathlib\.Path\.rglob\) in async def BlockCache\.build .*\(a note: it fills a cache, and runs only when its caller finds that cache missing\) \[ARX104\]`
            with open(path) as f:  # want `open in async def BlockCache\.build .*\(a note: it fills a cache, and runs only when its caller finds that cache missing\) \[ARX104\]`
                self.store(path, f.read())  # want `f\.read \(a file from open\) .*\(a note: it touches one local file\) \[ARX104\]`

    async def refresh(self):
        # Called once behind the miss test and once without it: every call.
        for path in ROOT.rglob("*.sql"):  # want `ROOT\.rglob \(pathlib\.Path\.rglob\) in async def BlockCache\.refresh blocks .*\.\.\.\) \[ARX104\]`
            self.store(path, None)

    async def warm(self):
        # self is not a cache that was tested for absence.
        for path in ROOT.rglob("*.yaml"):  # want `ROOT\.rglob \(pathlib\.Path\.rglob\) in async def BlockCache\.warm blocks .*\.\.\.\) \[ARX104\]`
            self.store(path, None)

    async def reindex(self):
        # Guarded by a setting, not by a test for the cache's absence.
        for path in ROOT.rglob("*.md"):  # want `ROOT\.rglob \(pathlib\.Path\.rglob\) in async def BlockCache\.reindex blocks .*\.\.\.\) \[ARX104\]`
            self.store(path, None)

    def store(self, path, content):
        pass

    def enabled(self):
        return True

    @classmethod
    async def initialize(cls, replace: bool = False) -> "BlockCache":
        cache = BlockCache()
        if replace or not cache.exists():
            await cache.build()
            await cache.refresh()
        await cache.refresh()
        if not cache.enabled():
            await cache.warm()
            await cache.reindex()
        return cache

    async def ensure(self):
        if not self.exists():
            await self.warm()


@app.get("/blocks")
async def blocks():
    cache = await BlockCache.initialize()
    await cache.ensure()
    return {"ok": True}

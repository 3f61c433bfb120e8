import shutil
from pathlib import Path


class Bucket:
    # A library package (no entry point, no web framework): its async API
    # runs in its callers' event loops, flows as often as servers, so even
    # a tree copy is a note that says where it is.
    async def aget_directory(self, src: Path, dest: Path):
        shutil.copytree(src, dest)  # want `shutil\.copytree in async def Bucket\.aget_directory blocks .*\.\.\.\) \(in a library package, whose callers \(flows, scripts, workers\) the graph cannot see\) \[ARX104\]`

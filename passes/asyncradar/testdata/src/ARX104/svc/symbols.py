import ast
import inspect
import os
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
BASE = Path("/srv/symbols")


@app.get("/symbols")
async def symbols(tree: ast.Module, module, archive):
    # ast.walk and inspect.getmembers list no files: one file per item, a note.
    for node in ast.walk(tree):
        open(BASE / node.name).read()  # want `open\(BASE / node\.name\)\.read \(a file from open\) in async def symbols .*\(a note: it touches one local file per item of a collection that is not a directory listing, and its cost is that of the files' sizes\) \[ARX104\]`
    for name, _member in inspect.getmembers(module):
        open(BASE / name).read()  # want `open\(BASE / name\)\.read \(a file from open\) in async def symbols .*\(a note: it touches one local file per item of a collection that is not a directory listing, and its cost is that of the files' sizes\) \[ARX104\]`
    # An archive's entries unpacked into the tree: the whole archive.
    for name in archive.namelist():
        open(BASE / name).read()  # want `open\(BASE / name\)\.read \(a file from open\) in async def symbols blocks .*\.\.\.\) \[ARX104\]`


@app.get("/tops")
async def tops(root: str):
    # A continue before the break walks on past every directory it skips.
    found = []
    for top, _dirs, files in os.walk(root):  # want `os\.walk in async def tops blocks .*\.\.\.\) \[ARX104\]`
        if top.endswith(".git"):
            continue
        found.extend(files)
        break
    return found


@app.get("/tops-of")
async def tops_of(roots: list[str]):
    # A walk that stops at the top lists one directory: once per root given, a note;
    # once per entry of a listing, it walks the tree.
    found = []
    for root in roots:
        for _top, _dirs, files in os.walk(root):  # want `os\.walk in async def tops_of .*\(a note: it lists one directory per item it was given, which reads names, not file data\) \[ARX104\]`
            found.extend(files)
            break
    for entry in os.listdir(BASE):  # want `os\.listdir in async def tops_of .*\(a note: it touches one local file\) \[ARX104\]`
        for _top, _dirs, files in os.walk(BASE / entry):  # want `os\.walk in async def tops_of blocks .*\.\.\.\) \[ARX104\]`
            found.extend(files)
            break
    return found

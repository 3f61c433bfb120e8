import glob
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

import anyio
from fastapi import FastAPI, UploadFile

app = FastAPI()
BASE = Path("/srv/projects")


@app.post("/projects/{name}")
async def create_project(name: str, upload: UploadFile):
    # Whole trees and streams: no bound, errors (an upload is spooled locally: one file).
    shutil.copytree(BASE / "template", BASE / name)  # want `shutil\.copytree in async def create_project blocks the event loop on file I/O; use aiofiles or anyio\.Path, or offload it with await asyncio\.to_thread\(\.\.\.\) \[ARX104\]`
    for _root, _dirs, _files in os.walk(BASE / name):  # want `os\.walk in async def create_project blocks the event loop on file I/O; use aiofiles or anyio\.Path, or offload it with await asyncio\.to_thread\(\.\.\.\) \[ARX104\]`
        pass
    sources = list((BASE / name).rglob("*.py"))  # want `\(BASE / name\)\.rglob \(pathlib\.Path\.rglob\) in async def create_project blocks .*\.\.\.\) \[ARX104\]`
    logs = glob.glob(str(BASE / "**" / "*.log"), recursive=True)  # want `glob\.glob in async def create_project blocks .*\.\.\.\) \[ARX104\]`
    every = list(BASE.glob("**/*.yaml"))  # want `BASE\.glob \(pathlib\.Path\.glob\) in async def create_project blocks .*\.\.\.\) \[ARX104\]`
    with open(BASE / name / upload.filename, "wb") as out:  # want `open in async def create_project .*\(a note: it touches one local file\) \[ARX104\]`
        shutil.copyfileobj(upload.file, out)  # want `shutil\.copyfileobj in async def create_project blocks .*\(a note: it touches one local file\) \[ARX104\]`
    # One local file or one directory listing: notes.
    (BASE / name / "README.md").write_text("# " + name)  # want `\(BASE / name / "README\.md"\)\.write_text \(pathlib\.Path\.write_text\) in async def create_project blocks the event loop on file I/O; use aiofiles or anyio\.Path, or offload it with await asyncio\.to_thread\(\.\.\.\) \(a note: it touches one local file\) \[ARX104\]`
    names = os.listdir(BASE)  # want `os\.listdir .*\(a note: it touches one local file\) \[ARX104\]`
    configs = glob.glob(str(BASE / "*.json"))  # want `glob\.glob .*\(a note: it touches one local file\) \[ARX104\]`
    parts = list(BASE.glob("*.yaml"))  # want `BASE\.glob \(pathlib\.Path\.glob\) .*\(a note: it touches one local file\) \[ARX104\]`
    with tempfile.NamedTemporaryFile("w") as tmp:  # want `tempfile\.NamedTemporaryFile .*\(a note: it touches one local file\) \[ARX104\]`
        tmp.write(name)  # want `tmp\.write \(a file from tempfile\.NamedTemporaryFile\) .*\(a note: it touches one local file\) \[ARX104\]`
    shutil.copy2(BASE / "logo.png", BASE / name / "logo.png")  # want `shutil\.copy2 .*\(a note: it touches one local file\) \[ARX104\]`
    text = await anyio.Path(BASE / name / "README.md").read_text()  # ok: ARX104 -- anyio.Path is async
    return {"n": len(sources) + len(logs) + len(every), "names": names, "configs": configs, "parts": parts, "text": text}


@app.delete("/projects/{name}")
async def delete_project(name: str):
    shutil.rmtree(BASE / name)  # want `shutil\.rmtree in async def delete_project blocks .*\.\.\.\) \[ARX104\]`
    await anyio.to_thread.run_sync(shutil.rmtree, BASE / name)  # ok: ARX104 -- offloaded


@app.post("/jobs")
async def run_job(script: str):
    job_dir = Path(tempfile.mkdtemp())  # want `tempfile\.mkdtemp .*\[ARX117\]`
    try:
        (job_dir / "script.py").write_text(script)  # want `write_text .*\(a note: it touches one local file\) \[ARX104\]`
    except OSError:
        shutil.rmtree(job_dir)  # want `shutil\.rmtree in async def run_job .*\(a note: it removes a scratch directory on a cleanup path\) \[ARX104\]`
        raise
    finally:
        shutil.rmtree(job_dir, ignore_errors=True)  # want `shutil\.rmtree .*\(a note: it removes a scratch directory on a cleanup path\) \[ARX104\]`
    shutil.rmtree(BASE / "stale", True)  # want `shutil\.rmtree .*\(a note: it removes a scratch directory on a cleanup path\) \[ARX104\]`


@app.post("/bundles/{name}")
async def unpack_bundle(name: str, files: dict[str, bytes]):
    # One file per item of a collection that is not a listing: its cost is
    # that of file sizes nothing states, a note; per entry of a listing or
    # of an archive the loop reads or writes the whole tree, an error.
    for rel, data in files.items():
        (BASE / name / rel).write_bytes(data)  # want `\(BASE / name / rel\)\.write_bytes \(pathlib\.Path\.write_bytes\) in async def unpack_bundle .*\(a note: it touches one local file per item of a collection that is not a directory listing, and its cost is that of the files' sizes\) \[ARX104\]`
    texts = [open(BASE / name / rel).read() for rel in files]  # want `open\(BASE / name / rel\)\.read \(a file from open\) in async def unpack_bundle .*\(a note: it touches one local file per item of a collection that is not a directory listing, and its cost is that of the files' sizes\) \[ARX104\]`
    every = [open(BASE / name / entry).read() for entry in os.listdir(BASE / name)]  # want `open\(BASE / name / entry\)\.read \(a file from open\) in async def unpack_bundle blocks the event loop on file I/O; use aiofiles or anyio\.Path, or offload it with await asyncio\.to_thread\(\.\.\.\) \[ARX104\]` `os\.listdir .*\(a note: it touches one local file\) \[ARX104\]`
    with tarfile.open(BASE / name / "bundle.tar") as tar:  # want `tarfile\.open .*\(a note: it touches one local file\) \[ARX104\]`
        for member in tar.getmembers():
            with open(BASE / name / member.name, "wb") as out:  # want `open in async def unpack_bundle blocks the event loop on file I/O; use aiofiles or anyio\.Path, or offload it with await asyncio\.to_thread\(\.\.\.\) \[ARX104\]`
                out.write(b"")  # want `out\.write \(a file from open\) .*\(a note: it touches one local file\) \[ARX104\]`
    for _attempt in range(3):
        (BASE / name / "done").write_text("ok")  # want `write_text .*\(a note: it touches one local file\) \[ARX104\]`
    return len(texts) + len(every)


def scratch_dir():
    return Path(tempfile.gettempdir()) / "projects"


@app.get("/scratch")
async def list_scratch():
    # The value a helper of the module returns is followed: a path.
    return [p.name for p in scratch_dir().rglob("*.py")]  # want `scratch_dir\(\)\.rglob \(pathlib\.Path\.rglob\) in async def list_scratch blocks .*\.\.\.\) \[ARX104\]`


@app.post("/mirror")
async def mirror(url: str, uploads: list[UploadFile]):
    # A stream from elsewhere has no bound; an upload is spooled locally,
    # and one copy per upload of the request is bounded by the request's
    # own body, which the server has already received.
    import urllib.request

    resp = urllib.request.urlopen(url)  # want `urllib\.request\.urlopen .*\[ARX102\]`
    with open(BASE / "mirror", "wb") as out:  # want `open in async def mirror .*\(a note: it touches one local file\) \[ARX104\]`
        shutil.copyfileobj(resp, out)  # want `shutil\.copyfileobj in async def mirror blocks .*\.\.\.\) \[ARX104\]`
    for upload in uploads:
        with open(BASE / upload.filename, "wb") as out:  # want `open in async def mirror .*\(a note: it handles the request's own uploads, which the server has already received\) \[ARX104\]`
            shutil.copyfileobj(upload.file, out)  # want `shutil\.copyfileobj in async def mirror .*\(a note: it handles the request's own uploads, which the server has already received\) \[ARX104\]`
    for name in os.listdir(BASE):  # want `os\.listdir in async def mirror .*\(a note: it touches one local file\) \[ARX104\]`
        for upload in uploads:
            # once per upload and per entry of a listing: no bound
            shutil.copyfileobj(upload.file, open(BASE / name / upload.filename, "wb"))  # want `shutil\.copyfileobj in async def mirror blocks .*\.\.\.\) \[ARX104\]` `open in async def mirror blocks .*\.\.\.\) \[ARX104\]`


@app.get("/roots")
async def list_roots(roots: list[str], extra: str):
    # A directory listed per root it was given reads names, not file data:
    # a note, like a stat. Per entry of a listing it is a walk: an error.
    found = []
    for root in set(roots + [extra]):
        found.extend(os.listdir(root))  # want `os\.listdir in async def list_roots .*\(a note: it lists one directory per item it was given, which reads names, not file data\) \[ARX104\]`
    for entry in os.listdir(BASE):  # want `os\.listdir in async def list_roots .*\(a note: it touches one local file\) \[ARX104\]`
        found.extend(os.listdir(BASE / entry))  # want `os\.listdir in async def list_roots blocks .*\.\.\.\) \[ARX104\]`
    dirs = sorted(d for d in BASE.iterdir())  # want `BASE\.iterdir .*\(a note: it touches one local file\) \[ARX104\]`
    for d in dirs:
        found.extend(os.listdir(d))  # want `os\.listdir in async def list_roots blocks .*\.\.\.\) \[ARX104\]`
    for _root, subdirs, _files in os.walk(BASE):  # want `os\.walk in async def list_roots blocks .*\[ARX104\]`
        for sub in subdirs:
            found.extend(os.scandir(sub))  # want `os\.scandir in async def list_roots blocks .*\.\.\.\) \[ARX104\]`
    return found


def list_files(directory, recursive: bool = False):
    found = []
    for root, _dirs, files in os.walk(directory):
        found.extend(os.path.join(root, f) for f in files)
        if not recursive:
            break
    return found


@app.get("/downloads")
async def downloads(task: str):
    # os.walk that stops after the top directory unless asked: one listing.
    tops = []
    for _root, _dirs, files in os.walk(BASE / task):  # want `os\.walk in async def downloads .*\(a note: it touches one local file\) \[ARX104\]`
        tops.extend(files)
        break
    for _root, _dirs, files in os.walk(BASE):  # want `os\.walk in async def downloads blocks .*\.\.\.\) \[ARX104\]`
        if "stop" in files:
            break
        tops.extend(files)
    return tops + list_files(BASE / task)  # want `list_files\(\) in async def downloads calls sync helper list_files.*\(a note: it touches one local file\) \[ARX110\]`

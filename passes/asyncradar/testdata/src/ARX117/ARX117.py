import asyncio
import glob
import os
import os.path
import shutil
import tempfile
from pathlib import Path

import anyio

BASE = Path("/srv/data")


async def metadata(name: str, p: Path):
    os.path.exists(name)  # want `os\.path\.exists in async def metadata blocks the event loop on a file-system call; use anyio\.Path or aiofiles\.os, or offload it with await asyncio\.to_thread\(\.\.\.\) \(in a library package, whose callers \(flows, scripts, workers\) the graph cannot see\) \[ARX117\]`
    os.path.join(BASE, name)  # ok: ARX117 -- computes on strings
    os.path.normpath(name)  # ok: ARX117 -- computes on strings
    os.path.abspath(name)
    p.exists()  # want `p\.exists \(pathlib\.Path\.exists\) in async def metadata .*\[ARX117\]`
    (BASE / name).is_file()  # want `\(BASE / name\)\.is_file .*\[ARX117\]`
    Path.home().joinpath(".cache").mkdir(exist_ok=True)  # want `mkdir .*\[ARX117\]`
    os.makedirs(name, exist_ok=True)  # want `os\.makedirs .*\[ARX117\]`
    shutil.which("convert")  # want `shutil\.which .*\[ARX117\]`
    tempfile.mkdtemp()  # want `tempfile\.mkdtemp .*\[ARX117\]`
    p.with_suffix(".csv").name
    await anyio.Path(name).exists()  # ok: ARX117 -- anyio.Path is async


async def data(name: str, p: Path):
    p.read_text()  # want `p\.read_text \(pathlib\.Path\.read_text\) in async def data blocks the event loop on file I/O.*\[ARX104\]`
    (BASE / name).write_bytes(b"")  # want `write_bytes .*\[ARX104\]`
    for child in p.iterdir():  # want `p\.iterdir .*\[ARX104\]`
        print(child)
    os.listdir(BASE)  # want `os\.listdir .*\[ARX104\]`
    shutil.rmtree(name)  # want `shutil\.rmtree .*\[ARX104\]`
    glob.glob("*.csv")  # want `glob\.glob .*\[ARX104\]`
    with tempfile.NamedTemporaryFile() as tmp:  # want `tempfile\.NamedTemporaryFile .*\[ARX104\]`
        tmp.write(b"x")  # want `tmp\.write \(a file from tempfile\.NamedTemporaryFile\) .*\[ARX104\]`
    await anyio.Path(name).read_text()
    await asyncio.to_thread(p.read_text)  # ok: ARX104 -- offloaded


async def handles(stream):
    f = open(stream.name)  # want `open in async def handles .*\[ARX104\]`
    for line in f:  # want `iterating f \(a file from open\) in async def handles reads the file on the event loop.*\[ARX104\]`
        print(line)
    lines = [x for x in f]  # want `iterating f .*\[ARX104\]`
    f.fileno()
    for line in stream:
        print(line)
    async for chunk in stream:
        print(chunk)


def sync_code(p: Path):
    p.read_text()
    os.path.exists(p)
    for line in open(p):
        print(line)


async def archives(content: bytes, path):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        zf.namelist()
    buf = io.BytesIO(content)
    zipfile.ZipFile(buf)
    zipfile.ZipFile(path)  # want `zipfile\.ZipFile .*\[ARX104\]`


def only_stats(p: Path):
    return p.exists() and os.path.getsize(p) > 0


def reads(p: Path):
    if p.exists():
        return p.read_text()


async def helpers(p: Path):
    only_stats(p)
    reads(p)  # want `reads\(\) in async def helpers calls sync helper reads, which blocks the event loop: p\.read_text \(pathlib\.Path\.read_text\) at line \d+ \(ARX104\).*\[ARX110\]`

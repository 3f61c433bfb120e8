import asyncio
from pathlib import Path

from fastapi import APIRouter

from svc import storage
from svc.storage import fetch_manifest, pure

from .storage import copy_tree, write_marker

router = APIRouter()


@router.post("/sync")
async def sync(url: str):
    # Helpers imported from another module block as much as local ones.
    manifest = fetch_manifest(url)  # want `fetch_manifest\(\) in async def sync calls sync helper fetch_manifest of svc/storage\.py, which blocks the event loop: requests\.get at line 8 \(ARX102\); make the helper async or offload the call with await asyncio\.to_thread\(fetch_manifest, \.\.\.\) \[ARX110\]`
    copy_tree("/srv/a", "/srv/b")  # want `copy_tree\(\) in async def sync calls sync helper copy_tree of svc/storage\.py, which blocks the event loop: shutil\.copytree at line 16 \(ARX104\);.*\[ARX110\]`
    storage.write_marker(Path("/srv/done"))  # want `storage\.write_marker\(\) .* of svc/storage\.py, .*\(a note: it touches one local file\) \[ARX110\]`
    write_marker(Path("/srv/done"))  # want `write_marker\(\) .*\(a note: it touches one local file\) \[ARX110\]`
    await asyncio.to_thread(fetch_manifest, url)  # ok: ARX110 -- offloaded
    return pure(len(manifest))  # ok: ARX110 -- the helper does not block

import asyncio

from fastapi import APIRouter, Depends

from svc import blobs
from svc.blobs import BlobStore, make_blob_store
from svc.clients import Api, Archive, Storage, make_storage, storage

from . import clients

router = APIRouter()


class Uploader:
    def __init__(self):
        self.store = Storage("uploads")
        self.blobs = BlobStore()

    async def handle(self, key, body):
        # self.x = Storage(): an attribute holds an instance of an imported class.
        self.store.upload(key, body)  # want `self\.store\.upload\(\) in async def Uploader\.handle calls sync method Storage\.upload of svc/clients\.py, which blocks the event loop: self\.s3\.put_object \(boto3\.client\.put_object\) at line 13 \(ARX118\); make the method async or offload the call with await asyncio\.to_thread\(self\.store\.upload, \.\.\.\) \[ARX110\]`
        self.blobs.put("/tmp/a", "/tmp/b")  # want `self\.blobs\.put\(\) .* sync method BlobStore\.put of svc/blobs/store\.py, .*shutil\.copyfile at line 6 \(ARX104\);.*\(a note: it touches one local file\) \[ARX110\]`
        return self.store.url(key)  # ok: ARX110 -- the method does not block


uploader = Uploader()
router.add_api_route("/upload", uploader.handle, methods=["POST"])


@router.post("/models/{key}")
async def upload_model(key: str, body: bytes, store: Storage = Depends(make_storage)):
    # An annotated dependency, a local instance, a factory of another module.
    store.upload(key, body)  # want `store\.upload\(\) in async def upload_model calls sync method Storage\.upload of svc/clients\.py.*\[ARX110\]`
    s = Storage("models")
    s.upload(key, body)  # want `s\.upload\(\) in async def upload_model calls sync method Storage\.upload .*\[ARX110\]`
    make_storage().upload(key, body)  # want `make_storage\(\)\.upload\(\) in async def upload_model calls sync method Storage\.upload .*\[ARX110\]`
    Archive("old").upload(key, body)  # want `Archive\("old"\)\.upload\(\) .* sync method Storage\.upload of svc/clients\.py.*\[ARX110\]`
    storage.upload(key, body)  # want `storage\.upload\(\) in async def upload_model calls sync method Storage\.upload .*\[ARX110\]`
    clients.storage.upload(key, body)  # want `clients\.storage\.upload\(\) .*sync method Storage\.upload .*\[ARX110\]`
    Storage.run_sync(["sync"])  # want `Storage\.run_sync\(\) in async def upload_model calls sync method Storage\.run_sync of svc/clients\.py, which blocks the event loop: subprocess\.run at line 27 \(ARX103\);.*\[ARX110\]`
    Api().get("https://example.com")  # want `Api\(\)\.get \(requests\.Session\.get\) in async def upload_model blocks the event loop on network I/O, on an Api of svc/clients\.py; .*\[ARX102\]`
    await s.aupload(key, body)  # ok: ARX110 -- an async method
    await asyncio.to_thread(s.upload, key, body)  # ok: ARX110 -- offloaded
    Api().health()  # ok: ARX110,ARX102 -- the method does not block
    Archive("old").label()  # ok: ARX110 -- the method does not block
    return s.region  # ok: ARX110 -- a property is not a call


@router.post("/blobs/{key}")
async def put_blob(key: str):
    # A class and a factory a package's __init__.py re-exports.
    make_blob_store().put("/tmp/a", key)  # want `make_blob_store\(\)\.put\(\) .* sync method BlobStore\.put of svc/blobs/store\.py.*\[ARX110\]`
    b = BlobStore()
    b.put("/tmp/a", key)  # want `b\.put\(\) .* sync method BlobStore\.put of svc/blobs/store\.py.*\[ARX110\]`
    blobs.mirror("/srv/a", "/srv/b")  # want `blobs\.mirror\(\) in async def put_blob calls sync helper mirror of svc/blobs/store\.py, which blocks the event loop: shutil\.copytree at line 17 \(ARX104\);.*\[ARX110\]`
    return b.ping()  # ok: ARX110 -- the method does not block

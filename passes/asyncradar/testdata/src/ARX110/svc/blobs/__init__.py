from .store import BlobStore, make_blob_store, mirror

__all__ = ["BlobStore", "make_blob_store", "mirror"]

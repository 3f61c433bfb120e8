import shutil


class BlobStore:
    def put(self, src, dest):
        shutil.copyfile(src, dest)

    def ping(self):
        return True


def make_blob_store():
    return BlobStore()


def mirror(src, dest):
    shutil.copytree(src, dest)

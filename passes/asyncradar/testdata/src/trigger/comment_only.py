# The words async def appear only in this comment: the file is parsed, nothing is found.
import time


def worker():
    time.sleep(1)

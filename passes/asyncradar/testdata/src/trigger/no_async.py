"""No coroutine here, so the pass never parses this file."""
import time


def worker():
    time.sleep(1)

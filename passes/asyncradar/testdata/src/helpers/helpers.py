import time
import requests
import asyncio
import functools


def fetch(url):
    return requests.get(url).json()


def pause():
    time.sleep(0.1)


def harmless(x):
    return x * 2


def nested_only():
    def inner():
        time.sleep(1)
    return inner


def generator_helper():
    time.sleep(1)
    yield 1


def two_levels():
    return fetch("u")


class Repo:
    def _load(self):
        with open("data.json") as f:
            return f.read()

    async def handler(self):
        return self._load()  # want `self\._load\(\) in async def Repo\.handler calls sync helper Repo\._load, which blocks the event loop: open at line 36 \(ARX104\); make the helper async or offload the call with await asyncio\.to_thread\(self\._load, \.\.\.\) \(a note: it touches one local file\) \(in a library package, whose callers \(flows, scripts, workers\) the graph cannot see\) \[ARX110\]`

    async def offloaded(self):
        return await asyncio.to_thread(self._load)


async def route():
    data = fetch("u")  # want `fetch\(\) in async def route calls sync helper fetch, which blocks the event loop: requests\.get at line 8 \(ARX102\).*\[ARX110\]`
    pause()  # want `pause\(\) .*sync helper pause.*time\.sleep at line 12 \(ARX101\).*\[ARX110\]`
    harmless(2)
    nested_only()
    for _ in generator_helper():
        pass
    two_levels()  # one level only: two_levels itself calls no blocking function
    return data


async def offloaded_helpers():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, fetch, "u")
    await loop.run_in_executor(None, functools.partial(fetch, "u"))
    await asyncio.to_thread(pause)  # ok: ARX110 -- the helper runs in a worker thread


def sync_caller():
    return fetch("u")

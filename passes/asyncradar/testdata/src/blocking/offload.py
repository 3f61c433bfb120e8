"""Offloaded work is recognized; work done before offloading is not."""
import asyncio
import functools
import time
import requests
from starlette.concurrency import run_in_threadpool
from fastapi.concurrency import run_in_threadpool as fastapi_threadpool
import anyio
import anyio.to_thread


async def executor_reference():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, time.sleep, 1)


async def executor_partial():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, functools.partial(requests.get, "u", timeout=3))  # ok: ARX102 -- the request runs in the executor


async def executor_lambda():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, lambda: requests.get("u"))


async def to_thread_reference():
    await asyncio.to_thread(time.sleep, 1)  # ok: ARX101 -- the sleep runs in a worker thread


async def threadpool_forms():
    await run_in_threadpool(requests.get, "u")
    await fastapi_threadpool(time.sleep, 1)
    await anyio.to_thread.run_sync(time.sleep, 1)


async def executor_called_too_early():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, requests.get("u"))  # want `requests\.get .*\(it runs here, before loop\.run_in_executor is called: pass the function and its arguments instead\) \[ARX102\]`


async def to_thread_called_too_early():
    await asyncio.to_thread(time.sleep(1))  # want `time\.sleep .*before asyncio\.to_thread is called.*\[ARX101\]`


async def partial_called_too_early():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, functools.partial(requests.get("u")))  # want `requests\.get .*before functools\.partial is called.*\[ARX102\]`


async def console_offloaded():
    return await asyncio.to_thread(input, "name: ")  # ok: ARX106 -- input runs in a worker thread

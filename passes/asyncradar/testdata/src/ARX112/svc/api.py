import functools
from typing import Any

import httpx
from fastapi import FastAPI

app = FastAPI()

_publishable_key = None
VIEW_CACHE: dict[str, Any] = {}
_client = None


@app.get("/key")
async def publishable_key():
    global _publishable_key
    if _publishable_key:
        return {"key": _publishable_key}
    async with httpx.AsyncClient() as client:  # ok: ARX112 -- only on a miss of the module-level key
        _publishable_key = (await client.get("https://keys.example.com")).text
    return {"key": _publishable_key}


async def get_view(view: str):
    try:
        return VIEW_CACHE[view]
    except KeyError:
        pass
    async with httpx.AsyncClient() as client:  # ok: ARX112 -- only on a miss of the view cache
        data = (await client.get("https://views.example.com/" + view)).json()
    VIEW_CACHE[view] = data
    return data


@app.get("/views/{view}")
async def read_view(view: str):
    return await get_view(view)


def shared_client():
    global _client
    _client = _client or httpx.AsyncClient()  # ok: ARX112 -- a lazy singleton
    return _client


@functools.cache
def cached_client():
    return httpx.AsyncClient()  # ok: ARX112 -- functools.cache makes it once


@app.get("/ping")
async def ping():
    await shared_client().get("https://example.com")
    await cached_client().get("https://example.com")
    async with httpx.AsyncClient() as client:  # want `httpx\.AsyncClient in request handler ping creates an HTTP client and its connection pool on every request; .*\(a note: an HTTP client per request costs a connection handshake per call, not the connections of a shared server\) \[ARX112\]`
        return (await client.get("https://example.com")).status_code


@app.get("/lookup/{k}")
async def lookup(k: str):
    if k in VIEW_CACHE:
        print("seen")
    async with httpx.AsyncClient() as client:  # want `httpx\.AsyncClient in request handler lookup creates .*\[ARX112\]`
        return (await client.get("https://example.com/" + k)).json()

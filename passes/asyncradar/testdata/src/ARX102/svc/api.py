from fastapi import FastAPI

from svc.http import make_async_client, make_client, make_session
from svc.http.factories import client, headers

app = FastAPI()


@app.get("/status/{name}")
async def status(name: str):
    # What a factory of another module returns, through the package's
    # __init__.py, is as blocking as the client it builds.
    session = make_session()
    r = session.get(f"https://status.example.com/{name}")  # want `session\.get \(requests\.Session\.get\) in async def status blocks the event loop on network I/O, on what make_session of svc/http/factories\.py returns; use httpx\.AsyncClient \(await client\.get\(\.\.\.\)\) or aiohttp, or offload it with await asyncio\.to_thread\(\.\.\.\) \[ARX102\]`
    with make_client() as c:
        c.post("https://audit.example.com", json={"name": name})  # want `c\.post \(httpx\.Client\.post\) in async def status .*, on what make_client of svc/http/factories\.py returns; .*\[ARX102\]`
    client.get("/ready")  # want `client\.get \(httpx\.Client\.get\) in async def status .*, on client of svc/http/factories\.py; .*\[ARX102\]`
    return r.json()


@app.get("/fast/{name}")
async def fast(name: str):
    async with make_async_client() as c:
        r = await c.get(f"https://status.example.com/{name}")  # ok: ARX102 -- an async client, awaited
    h = headers()
    h.get("User-Agent")  # ok: ARX102 -- a dict, not a client
    return r.json()

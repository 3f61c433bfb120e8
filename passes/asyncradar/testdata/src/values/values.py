import subprocess
import time
from time import sleep as nap

import httpx as h
import requests as r
import urllib3
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker
from fastapi import Request

engine = create_async_engine("postgresql+asyncpg://")
AsyncLocal = sessionmaker(engine, class_=AsyncSession)
AsyncLocal2 = async_sessionmaker(engine)
SyncLocal = sessionmaker(bind=engine)
http = urllib3.PoolManager()


class Client:
    session: r.Session

    def __init__(self):
        self.client = h.Client()

    async def fetch(self):
        self.client.get("u")  # want `self\.client\.get \(httpx\.Client\.get\) in async def Client\.fetch blocks the event loop on network I/O.*\[ARX102\]`
        self.session.get("u")  # want `self\.session\.get \(requests\.Session\.get\) .*\[ARX102\]`


def make_client() -> h.Client:
    return h.Client()


async def aliases(x):
    r.get("u")  # want `r\.get \(requests\.get\) .*\[ARX102\]`
    nap(1)  # want `nap \(time\.sleep\) .*\[ARX101\]`
    getattr(time, "sleep")(1)  # want `getattr\(time, "sleep"\) \(time\.sleep\) .*\[ARX101\]`
    http.request("GET", "u")  # want `http\.request \(urllib3\.PoolManager\.request\) .*\[ARX102\]`
    c = make_client()
    c.post("u")  # want `c\.post \(httpx\.Client\.post\) .*\[ARX102\]`
    with h.Client() as hc:
        hc.get("u")  # want `hc\.get \(httpx\.Client\.get\) .*\[ARX102\]`
    x.request("GET", "u")  # want `x\.request in async def aliases blocks the event loop on network I/O.*\[ARX102\]`
    x.request("fetch")
    await x.request("GET", "u")
    async with x.request("POST", "u") as resp:
        print(resp)


async def sessions(db: Session, obj):
    await db.execute("select 1")
    db.execute("select 1")  # want `db\.execute \(sqlalchemy\.orm\.Session\.execute\) .*\[ARX107\]`
    async with AsyncLocal() as s:
        await s.execute("q")
        s.add(obj)
    async with AsyncLocal2() as s2:
        s2.add(obj)
    with SyncLocal() as s3:
        s3.execute("q")  # want `s3\.execute .*\[ARX107\]`


async def processes():
    proc = subprocess.Popen(["ls"])  # want `subprocess\.Popen .*\[ARX103\]`
    if proc.poll() is not None:
        out, err = proc.communicate()
    other = subprocess.Popen(["ls"])  # want `subprocess\.Popen in async def .* blocks the event loop while it forks and starts a process; .*\(a note: it returns once the process has started; waiting on it \(wait\(\), communicate\(\)\) is reported where it blocks\) \[ARX103\]`
    other.wait()  # want `other\.wait \(subprocess\.Popen\.wait\) .*\[ARX103\]`
    with subprocess.Popen(["ls"]) as waited:  # want `subprocess\.Popen in async def processes blocks the event loop while it runs a process; use await asyncio\.create_subprocess_exec\(\.\.\.\) or create_subprocess_shell\(\.\.\.\) \[ARX103\]`
        waited.poll()


async def typed_request_chain(request: Request, frame):
    request.app.state.model.predict(frame)  # want `request\.app\.state\.model\.predict in async def typed_request_chain blocks the event loop with CPU-bound model inference.*\[ARX109\]`
    request.app.state.features_df.groupby("k")  # want `request\.app\.state\.features_df\.groupby .*\[ARX116\]`

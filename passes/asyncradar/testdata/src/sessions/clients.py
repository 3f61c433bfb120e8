"""Session objects are followed wherever they live."""
from __future__ import annotations

import httpx
import requests
import urllib3
from requests import Session
from typing import TYPE_CHECKING, Optional, Annotated

if TYPE_CHECKING:
    from httpx import Client

SHARED = requests.Session()
POOL = urllib3.PoolManager()
ASYNC_CLIENT = httpx.AsyncClient()


async def local_session():
    s = requests.Session()
    return s.get("u")  # want `s\.get \(requests\.Session\.get\) in async def local_session blocks the event loop on network I/O.*\[ARX102\]`


async def with_target():
    with requests.Session() as s:
        s.post("u", data=b"x")  # want `s\.post \(requests\.Session\.post\) .*\[ARX102\]`


async def module_global():
    return SHARED.get("u")  # want `SHARED\.get \(requests\.Session\.get\) .*\[ARX102\]`


async def chained_constructor():
    return requests.Session().get("u")  # want `requests\.Session\(\)\.get \(requests\.Session\.get\) .*\[ARX102\]`


async def annotated_parameter(session: requests.Session):
    return session.get("u")  # want `session\.get .*\[ARX102\]`


async def string_annotation(session: "Session"):
    return session.get("u")  # want `session\.get \(requests\.Session\.get\) .*\[ARX102\]`


async def optional_annotation(session: Optional[Session] = None):
    return session.get("u")  # want `session\.get .*\[ARX102\]`


async def union_annotation(client: Client | None = None):
    return client.get("u")  # want `client\.get \(httpx\.Client\.get\) .*\[ARX102\]`


async def annotated_dependency(session: Annotated[Session, Depends(get_session)]):
    return session.get("u")  # want `session\.get .*\[ARX102\]`


async def sync_httpx_client():
    with httpx.Client() as client:
        return client.get("u")  # want `client\.get \(httpx\.Client\.get\) .*\[ARX102\]`


async def urllib3_pool():
    return POOL.request("GET", "u")  # want `POOL\.request \(urllib3\.PoolManager\.request\) .*\[ARX102\]`


async def async_client_is_fine():
    async with httpx.AsyncClient() as client:
        r = await client.get("u")
    await ASYNC_CLIENT.get("u")
    return r


async def response_methods_are_not_requests():
    r = SHARED.get("u")  # want `SHARED\.get .*\[ARX102\]`
    return r.json()


class Gateway:
    session: requests.Session

    def __init__(self):
        self.client = httpx.Client(timeout=3)
        self.aclient = httpx.AsyncClient()

    def connect(self):
        self.http = requests.Session()

    async def fetch(self):
        self.client.get("u")  # want `self\.client\.get \(httpx\.Client\.get\) in async def Gateway\.fetch .*\[ARX102\]`
        self.http.get("u")  # want `self\.http\.get \(requests\.Session\.get\) .*\[ARX102\]`
        self.session.get("u")  # want `self\.session\.get \(requests\.Session\.get\) .*\[ARX102\]`
        return await self.aclient.get("u")

    async def closure(self):
        async def inner():
            return self.client.get("u")  # want `self\.client\.get .*\[ARX102\]`
        return await inner()


class SubSession(requests.Session):
    pass


async def subclass_instance():
    s = SubSession()
    return s.get("u")  # want `s\.get \(requests\.Session\.get\) .*\[ARX102\]`


def make_session() -> requests.Session:
    return requests.Session()


async def factory_return_annotation():
    s = make_session()
    return s.get("u")  # want `s\.get \(requests\.Session\.get\) .*\[ARX102\]`


async def reassigned_to_async(url):
    c = httpx.Client()
    c = httpx.AsyncClient()
    return await c.get(url)

import time

from fastapi import APIRouter

router = APIRouter()


@router.get("/users")
async def list_users():
    time.sleep(1)  # want `time.sleep in async def list_users blocks the event loop thread while it sleeps; use await asyncio.sleep\(\.\.\.\) \[`


async def never_called():
    time.sleep(1)  # want `blocks the event loop.* \(off the request path: reached from no entry point of its package, which serves requests\)`

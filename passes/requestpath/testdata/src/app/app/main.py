from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import health
from app.api.users import router
from app.worker import consume


@asynccontextmanager
async def lifespan(app):  # want "serving: on the request path from lifespan handler app/main.py:lifespan"
    import asyncio

    task = asyncio.create_task(consume())
    yield
    task.cancel()


app = FastAPI(lifespan=lifespan)
app.include_router(router)
app.add_api_route("/health", health.check)

from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.api.recipes import router
from app.db.init_db import init


@asynccontextmanager
async def lifespan(_: FastAPI):
    # the application migrates itself before it serves: nothing waits on the locks
    init()
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(router)

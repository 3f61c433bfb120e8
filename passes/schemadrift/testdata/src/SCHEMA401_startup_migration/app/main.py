from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.db.init_db import init


@asynccontextmanager
async def lifespan(_: FastAPI):
    # the application migrates itself before it serves: nothing waits on the locks
    init()
    yield


app = FastAPI(lifespan=lifespan)

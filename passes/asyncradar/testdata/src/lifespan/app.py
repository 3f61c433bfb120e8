import json
import shutil
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app):
    with open("/etc/app/config.json") as f:
        app.state.config = json.load(f)
    yield
    shutil.rmtree("/tmp/app-cache", ignore_errors=True)


app = FastAPI(lifespan=lifespan)


@app.on_event("startup")
async def warm():
    with open("/models/thresholds.json") as f:
        app.state.thresholds = json.load(f)


@app.get("/config")
async def config():
    with open("/etc/app/config.json") as f:  # want `open in async def config blocks the event loop on file I/O.*\[ARX104\]`
        return json.load(f)

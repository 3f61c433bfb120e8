from contextlib import asynccontextmanager

import daimojo.model
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

MOJO_PATH = "/models/current/pipeline.mojo"


def load_mojo(path: str):
    return daimojo.model(path)


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.model = load_mojo(MOJO_PATH)
    yield


app = FastAPI(lifespan=lifespan)


class Reload(BaseModel):
    path: str


@app.post("/score")
async def score(request: Request, row: dict):
    model = request.app.state.model
    return {"score": await run_in_threadpool(model.predict, row)}


@app.post("/admin/reload")
async def reload(req: Reload):
    # Build the new model off the event loop, then publish it with one
    # reference assignment: each request sees the old or the new model.
    new_model = await run_in_threadpool(load_mojo, req.path)
    app.state.model = new_model
    return {"loaded": req.path}

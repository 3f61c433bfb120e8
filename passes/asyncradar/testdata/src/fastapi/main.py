from contextlib import asynccontextmanager
from functools import lru_cache
import functools
import time

import asyncpg
import httpx
import requests
import redis.asyncio as aioredis
from fastapi import APIRouter, Depends, FastAPI
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine
import h2o

DSN = "postgresql://db/app"
ENGINE = create_async_engine(DSN)
CLIENT = httpx.AsyncClient()


@asynccontextmanager
async def lifespan(app):
    app.state.pool = await asyncpg.create_pool(DSN)  # ok: ARX112 -- created once, in the lifespan
    app.state.redis = aioredis.from_url("redis://cache")
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)
router = APIRouter()


@app.on_event("startup")
async def startup():
    app.state.http = httpx.AsyncClient()


@app.get("/sync")
def sync_route():
    time.sleep(1)
    return requests.get("u").json()


@router.post("/sync-too")
def sync_router_route():
    return requests.post("u").json()


@app.get("/items")
async def items():
    pool = await asyncpg.create_pool(DSN)  # want `asyncpg\.create_pool in request handler items creates a connection pool on every request; create it once at startup \(lifespan or a cached dependency\) and reuse it \[ARX112\]`
    return await pool.fetch("select 1")


@router.get("/proxy")
async def proxy():
    async with httpx.AsyncClient() as client:  # want `httpx\.AsyncClient in request handler proxy creates an HTTP client and its connection pool on every request.*\[ARX112\]`
        return (await client.get("u")).json()


@app.api_route("/cache", methods=["GET"])
async def cache():
    r = aioredis.Redis(host="cache")  # want `aioredis\.Redis \(redis\.asyncio\.Redis\) in request handler cache creates a Redis client and its connection pool.*\[ARX112\]`
    r2 = aioredis.from_url("redis://cache")  # want `redis\.asyncio\.from_url.*\[ARX112\]`
    return r, r2


@app.get("/engine")
async def engine():
    e = create_async_engine(DSN)  # want `create_async_engine \(sqlalchemy\.ext\.asyncio\.create_async_engine\) in request handler engine creates a database engine and its pool.*\[ARX112\]`
    return e


@app.get("/connect")
async def connect():
    conn = await asyncpg.connect(DSN)  # want `asyncpg\.connect in request handler connect creates a database connection on every request.*\[ARX112\]`
    return conn


async def get_client():
    async with httpx.AsyncClient() as client:  # want `httpx\.AsyncClient in request dependency get_client .*\[ARX112\]`
        yield client


@lru_cache
def get_settings_client():
    return httpx.AsyncClient()


@app.get("/deps")
async def deps(client=Depends(get_client), cached=Depends(get_settings_client)):
    return await client.get("u")


@app.get("/shared")
async def shared():
    return await CLIENT.get("u")


async def not_a_handler():
    return httpx.AsyncClient()


@app.middleware("http")
async def middleware(request, call_next):
    async with httpx.AsyncClient() as c:  # want `httpx\.AsyncClient in request handler middleware .*\[ARX112\]`
        await c.get("u")
    return await call_next(request)


def make_engine():
    return create_engine(DSN)  # want `create_engine \(sqlalchemy\.create_engine\) in request handler helpers, through helper make_engine, creates a database engine and its pool on every request.*\[ARX112\]`


_pool = None


async def shared_pool():
    global _pool
    if _pool is None:
        _pool = await asyncpg.create_pool(DSN)
    return _pool


@functools.cache
def cached_engine():
    return create_engine(DSN)


@app.get("/helpers")
async def helpers():
    make_engine()
    await shared_pool()
    cached_engine()
    return h2o.init()  # want `h2o\.init in request handler helpers creates a connection to the H2O cluster.*\[ARX112\]`

"""Churn scoring API: features from Postgres, a Redis look-aside cache, MOJO scoring
off the event loop, and a model that can be swapped without a restart."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import asyncpg
import httpx
from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel
from redis.asyncio import Redis
from redis.exceptions import RedisError

from src.common.features import features_frame
from src.common.settings import Settings
from src.service import legacy, reports
from src.service.drift import check_drift_and_retrain
from src.service.model_holder import ModelHolder, MojoModel

logger = logging.getLogger(__name__)

LATEST_FEATURES_SQL = """
    SELECT customer_id, features
    FROM customer_features
    WHERE customer_id = $1
    ORDER BY event_time DESC
    LIMIT 1
"""

LATEST_FEATURES_BATCH_SQL = """
    SELECT DISTINCT ON (customer_id) customer_id, features
    FROM customer_features
    WHERE customer_id = ANY($1::bigint[])
    ORDER BY customer_id, event_time DESC
"""

# A known-good row the swap endpoint scores before a new MOJO takes traffic.
PROBE_FEATURES = {"tenure_months": 14, "monthly_charges": 64.5, "support_tickets": 1, "plan_tier": "plus"}


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Everything shared is made once here, never per request.
    settings = Settings()
    app.state.settings = settings
    app.state.pool = await asyncpg.create_pool(
        settings.database_url, min_size=2, max_size=10, init=_init_connection
    )
    app.state.redis = Redis.from_url(settings.redis_url, socket_timeout=0.05)
    app.state.http = httpx.AsyncClient(timeout=5.0)
    app.state.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mojo")
    initial = MojoModel(
        settings.model_version, settings.model_dir / f"{settings.model_version}.zip", settings.genmodel_jar
    )
    app.state.models = ModelHolder(initial)
    try:
        yield
    finally:
        await app.state.http.aclose()
        await app.state.redis.aclose()
        await app.state.pool.close()
        app.state.executor.shutdown(wait=False)


app = FastAPI(title="churn-service", lifespan=lifespan)
app.include_router(legacy.router)
app.include_router(reports.router)


class ChurnScore(BaseModel):
    customer_id: int
    model_version: str
    churn_probability: float
    cached: bool = False


class BatchRequest(BaseModel):
    customer_ids: list[int]


@app.get("/customers/{customer_id}/churn", response_model=ChurnScore)
async def churn_score(customer_id: int, request: Request) -> ChurnScore:
    state = request.app.state
    model = state.models.current  # one model for the whole request, even across a swap
    # Look-aside: the key names the model version, so a swap never serves stale scores.
    cache_key = f"churn:{model.version}:{customer_id}"
    try:
        cached = await state.redis.get(cache_key)
    except RedisError:
        logger.warning("redis unavailable; scoring without the cache", exc_info=True)
        cached = None
    if cached is not None:
        return ChurnScore(
            customer_id=customer_id, model_version=model.version, churn_probability=float(cached), cached=True
        )

    row = await state.pool.fetchrow(LATEST_FEATURES_SQL, customer_id)
    if row is None:
        raise HTTPException(status_code=404, detail="no features for this customer")
    frame = features_frame([dict(row)])
    # MOJO scoring runs in a JVM and burns CPU: hand it to a worker thread.
    (probability,) = await asyncio.to_thread(model.predict, frame)
    try:
        await state.redis.set(cache_key, probability, ex=state.settings.cache_ttl_seconds)
    except RedisError:
        logger.warning("could not cache the score of customer %s", customer_id, exc_info=True)
    return ChurnScore(customer_id=customer_id, model_version=model.version, churn_probability=probability)


@app.post("/churn/batch", response_model=list[ChurnScore])
async def churn_batch(body: BatchRequest, request: Request) -> list[ChurnScore]:
    state = request.app.state
    model = state.models.current
    rows = await state.pool.fetch(LATEST_FEATURES_BATCH_SQL, body.customer_ids)
    frame = features_frame(dict(r) for r in rows)
    loop = asyncio.get_running_loop()
    probabilities = await loop.run_in_executor(state.executor, functools.partial(model.predict, frame))
    return [
        ChurnScore(customer_id=r["customer_id"], model_version=model.version, churn_probability=p)
        for r, p in zip(rows, probabilities)
    ]


@app.post("/admin/models/{version}", status_code=200)
async def activate_model(version: str, request: Request) -> dict[str, str]:
    """Hot-swap to models/<version>.zip, written by the pipeline's export_mojo block."""
    state = request.app.state
    candidate = MojoModel(version, state.settings.model_dir / f"{version}.zip", state.settings.genmodel_jar)
    if not await asyncio.to_thread(candidate.mojo_path.is_file):
        raise HTTPException(status_code=404, detail=f"no MOJO for version {version}")
    previous = await state.models.swap(candidate, features_frame([{"features": PROBE_FEATURES}]))
    return {"serving": candidate.version, "previous": previous.version}


@app.post("/admin/drift-check")
async def drift_check(request: Request) -> list[dict[str, object]]:
    state = request.app.state
    found = await check_drift_and_retrain(state.pool, state.http, state.settings)
    return [{"feature": r.feature, "psi": r.psi, "ks_p_value": r.ks_p_value, "drifted": r.drifted} for r in found]

"""v1 endpoints, kept for the old mobile client until it is retired.

This module is where the service goes against the plan; each line acr reports is
marked with what it finds.
"""

from __future__ import annotations

import json
import time

import asyncpg
import h2o
import requests
from fastapi import APIRouter, HTTPException, Request
from redis.exceptions import RedisError

from src.common.features import features_frame

# acr finds: the service imports the pipeline (src/pipeline); shared code belongs in src/common
from src.pipeline.transformers.build_training_frame import FEATURE_COLUMNS

router = APIRouter(prefix="/v1", tags=["legacy"])

CRM_URL = "http://crm:8080/api/customers"
H2O_URL = "http://h2o:54321"
MOJO_PATH = "/models/churn_gbm.zip"
THRESHOLDS_FILE = "/etc/churn/thresholds.json"


class CrmClient:
    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"

    async def profile(self, customer_id: int) -> dict:
        # acr finds: blocking requests.Session call on the event loop (the session is held on self)
        response = self.session.get(f"{CRM_URL}/{customer_id}", timeout=2)
        response.raise_for_status()
        return response.json()


crm = CrmClient()


def load_thresholds() -> dict[str, float]:
    with open(THRESHOLDS_FILE) as f:
        return json.load(f)


@router.get("/customers/{customer_id}/profile")
async def customer_profile(customer_id: int) -> dict:
    return await crm.profile(customer_id)


@router.get("/customers/{customer_id}/segment")
async def customer_segment(customer_id: int) -> dict:
    # acr finds: blocking requests.get on the event loop; use httpx.AsyncClient
    segment = requests.get(f"{CRM_URL}/{customer_id}/segment", timeout=2).json()
    # acr finds: sync helper load_thresholds blocks the event loop (it calls open())
    thresholds = load_thresholds()
    return {"segment": segment, "thresholds": thresholds}


@router.post("/customers/{customer_id}/score")
async def legacy_score(customer_id: int, request: Request) -> dict:
    state = request.app.state
    try:
        # acr finds: cache key without the model version ("v1" is the API version)
        cached = await state.redis.get(f"churn-v1:{customer_id}")
    except RedisError:
        cached = None
    if cached is not None:
        return {"customer_id": customer_id, "churn_probability": float(cached)}

    # acr finds: connection pool created per request; create it once in the lifespan
    pool = await asyncpg.create_pool(state.settings.database_url, min_size=1, max_size=1)
    try:
        row = await pool.fetchrow(
            "SELECT features FROM customer_features WHERE customer_id = $1 ORDER BY event_time DESC LIMIT 1",
            customer_id,
        )
    finally:
        await pool.close()
    if row is None:
        raise HTTPException(status_code=404, detail="no features for this customer")
    frame = features_frame([{"features": json.loads(row["features"])}])

    # acr finds: blocking time.sleep on the event loop; use await asyncio.sleep
    time.sleep(0.05)  # the v1 client writes its consent flag just before it asks for a score
    mojo_path = str(state.models.current.mojo_path)
    # acr finds: h2o.mojo_predict_pandas blocks the event loop (it starts a JVM per call)
    scored = h2o.mojo_predict_pandas(frame, mojo_zip_path=mojo_path, genmodel_jar_path=state.settings.genmodel_jar)
    probability = float(scored.iloc[0, -1])
    try:
        # acr finds: redis SET without ex, so the key never expires; and the key lacks the model version
        await state.redis.set(f"churn-v1:{customer_id}", probability)
    except RedisError:
        pass
    return {"customer_id": customer_id, "churn_probability": probability}


@router.post("/customers/{customer_id}/score-on-cluster")
def score_on_cluster(customer_id: int, features: dict[str, float | str]) -> dict:
    """Scores on the H2O cluster. A sync route: FastAPI runs it in its thread pool."""
    missing = [c for c in FEATURE_COLUMNS if c not in features]
    if missing:
        raise HTTPException(status_code=422, detail=f"missing features: {missing}")
    h2o.connect(url=H2O_URL, verbose=False)
    # acr finds: MOJO loaded inside a request handler; load it at startup and swap by reference
    model = h2o.import_mojo(MOJO_PATH)
    frame = h2o.H2OFrame({name: [value] for name, value in features.items()})
    prediction = model.predict(frame).as_data_frame()
    return {"customer_id": customer_id, "churn_probability": float(prediction.iloc[0, -1])}

"""CSV exports for the retention team.

The route is a plain ``def``: FastAPI runs it in its thread pool, so the blocking
driver does not stall the event loop. The driver itself is still against the plan.
"""

from __future__ import annotations

import csv
import io
import os

import psycopg2  # acr finds: sync DB driver psycopg2 imported in the service; use the asyncpg pool
from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

router = APIRouter(prefix="/reports", tags=["reports"])

HIGH_RISK_SQL = """
    SELECT customer_id, model_version, churn_probability, scored_at
    FROM scoring_events
    WHERE churn_probability >= %s AND scored_at >= now() - interval '1 day'
    ORDER BY churn_probability DESC
"""


@router.get("/high-risk.csv", response_class=PlainTextResponse)
def high_risk_report(threshold: float = 0.7) -> str:
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with conn.cursor() as cur:
            cur.execute(HIGH_RISK_SQL, (threshold,))
            rows = cur.fetchall()
    finally:
        conn.close()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["customer_id", "model_version", "churn_probability", "scored_at"])
    writer.writerows(rows)
    return out.getvalue()

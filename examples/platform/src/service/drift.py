"""Drift check over the feature store; fires the Mage retraining trigger on drift."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
import httpx
import numpy as np

from src.common.drift import DriftReport, detect_drift
from src.common.settings import Settings

logger = logging.getLogger(__name__)

MONITORED_FEATURES = ("tenure_months", "monthly_charges")

# The last 7 days against the 30 days before them. ->> in the select list only:
# the filter is on the relational event_time column.
DRIFT_WINDOW_SQL = """
    SELECT (features->>'tenure_months')::float8 AS tenure_months,
           (features->>'monthly_charges')::float8 AS monthly_charges,
           event_time >= now() - interval '7 days' AS recent
    FROM customer_features
    WHERE event_time >= now() - interval '37 days'
"""


def drift_reports(rows: Sequence[Mapping[str, Any]]) -> list[DriftReport]:
    """One report per monitored feature: recent rows against the reference window."""
    reports = []
    for feature in MONITORED_FEATURES:
        reference = np.array([r[feature] for r in rows if not r["recent"] and r[feature] is not None], dtype=float)
        current = np.array([r[feature] for r in rows if r["recent"] and r[feature] is not None], dtype=float)
        if len(reference) and len(current):
            reports.append(detect_drift(feature, reference, current))
    return reports


async def check_drift_and_retrain(pool: asyncpg.Pool, http: httpx.AsyncClient, settings: Settings) -> list[DriftReport]:
    rows = await pool.fetch(DRIFT_WINDOW_SQL)
    # PSI and KS over a month of rows is CPU work: off the event loop.
    reports = await asyncio.to_thread(drift_reports, rows)
    drifted = [r.feature for r in reports if r.drifted]
    if drifted and settings.mage_trigger_url:
        logger.warning("drift in %s: triggering train_churn", ", ".join(drifted))
        response = await http.post(
            settings.mage_trigger_url,
            json={"pipeline_run": {"variables": {"reason": "drift", "features": drifted}}},
        )
        response.raise_for_status()
    return reports

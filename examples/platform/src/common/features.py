"""The churn model's feature contract, shared by training and serving."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

# Column order of the training frame; the MOJO's [columns] section lists the same.
FEATURE_COLUMNS = ["tenure_months", "monthly_charges", "support_tickets", "plan_tier"]
RESPONSE_COLUMN = "churned"
PLAN_TIERS = ["basic", "plus", "premium"]


def features_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a scoring frame from feature-store rows.

    Each record holds the relational columns and the JSONB ``features`` document;
    keys missing from a document become NaN, which the MOJO scores as missing.
    """
    rows = []
    for record in records:
        features = dict(record.get("features") or {})
        rows.append({column: features.get(column) for column in FEATURE_COLUMNS})
    frame = pd.DataFrame(rows, columns=FEATURE_COLUMNS)
    frame["plan_tier"] = pd.Categorical(frame["plan_tier"], categories=PLAN_TIERS)
    return frame

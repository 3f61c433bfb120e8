"""Data drift detection: population stability index and the two-sample KS test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

# Conventional PSI reading: < 0.1 stable, 0.1-0.2 moderate, > 0.2 significant shift.
PSI_THRESHOLD = 0.2
KS_P_VALUE = 0.01


def population_stability_index(reference: np.ndarray, current: np.ndarray, bins: int = 10) -> float:
    """PSI of ``current`` against ``reference`` over the reference's quantile bins."""
    edges = np.unique(np.quantile(reference, np.linspace(0.0, 1.0, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    expected = np.histogram(reference, edges)[0] / len(reference)
    actual = np.histogram(current, edges)[0] / len(current)
    # Empty bins would make the log infinite; a small floor keeps PSI finite.
    expected = np.clip(expected, 1e-6, None)
    actual = np.clip(actual, 1e-6, None)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


@dataclass(frozen=True)
class DriftReport:
    feature: str
    psi: float
    ks_statistic: float
    ks_p_value: float

    @property
    def drifted(self) -> bool:
        return self.psi > PSI_THRESHOLD or self.ks_p_value < KS_P_VALUE


def detect_drift(feature: str, reference: np.ndarray, current: np.ndarray) -> DriftReport:
    """Compare one numeric feature's recent values with its training distribution."""
    ks = stats.ks_2samp(reference, current)
    return DriftReport(
        feature=feature,
        psi=population_stability_index(reference, current),
        ks_statistic=float(ks.statistic),
        ks_p_value=float(ks.pvalue),
    )

"""Compares live feature distributions with the training reference."""
import os

import httpx
import numpy as np

PSI_THRESHOLD = 0.2
# http://mage:6789/api/pipeline_schedules/<id>/pipeline_runs/<token>, from the deployment.
MAGE_RETRAIN_TRIGGER_URL = os.environ["MAGE_RETRAIN_TRIGGER_URL"]


def population_stability_index(expected, actual, bins=10):
    edges = np.histogram_bin_edges(expected, bins=bins)
    e, _ = np.histogram(expected, bins=edges)
    a, _ = np.histogram(actual, bins=edges)
    e = np.clip(e / e.sum(), 1e-6, None)
    a = np.clip(a / a.sum(), 1e-6, None)
    return float(np.sum((a - e) * np.log(a / e)))


def check_drift(reference, live):
    scores = {col: population_stability_index(reference[col], live[col]) for col in reference.columns}
    drifted = sorted(col for col, score in scores.items() if score > PSI_THRESHOLD)
    if drifted:
        httpx.post(MAGE_RETRAIN_TRIGGER_URL, json={"pipeline_run": {"variables": {"drifted": drifted}}}).raise_for_status()
    return drifted

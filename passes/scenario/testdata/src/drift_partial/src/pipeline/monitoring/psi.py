import httpx
import numpy as np

MAGE = "http://mage:6789"


def psi(expected, actual, bins=10):
    edges = np.histogram_bin_edges(expected, bins=bins)
    e = np.histogram(expected, bins=edges)[0] / len(expected) + 1e-6
    a = np.histogram(actual, bins=edges)[0] / len(actual) + 1e-6
    return float(np.sum((a - e) * np.log(a / e)))


def on_batch(reference, batch, schedule_id, token):
    if psi(reference, batch) > 0.2:
        httpx.post(f"{MAGE}/api/pipeline_schedules/{schedule_id}/pipeline_runs/{token}", json={"pipeline_run": {}})

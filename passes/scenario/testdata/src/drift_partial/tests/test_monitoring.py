from unittest.mock import patch

import numpy as np

from pipeline.monitoring.psi import on_batch, psi


def test_psi_is_zero_for_identical_batches(reference):
    assert psi(reference, reference) < 1e-3


def test_shifted_batch_triggers_retraining(reference):  # want `drift test test_shifted_batch_triggers_retraining never asserts that retraining exports a new MOJO.*\[SCN101\]`
    shifted_batch = reference + 2.5
    with patch("pipeline.monitoring.psi.httpx.post") as post:
        on_batch(reference, shifted_batch, schedule_id=7, token="t0k3n")
    url = post.call_args.args[0]
    assert url.endswith("/api/pipeline_schedules/7/pipeline_runs/t0k3n")

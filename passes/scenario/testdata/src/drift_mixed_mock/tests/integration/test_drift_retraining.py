from unittest.mock import patch

import pandas as pd
import pytest

from monitoring.drift import check_drift


@pytest.fixture
def reference():
    return pd.DataFrame({"amount": [10.0, 12.0, 11.0, 9.5, 10.5] * 40})


# Stable data must not retrain: a negative assertion, fine beside the
# positive one below, which is the evidence.
def test_stable_data_does_not_retrain(reference):
    with patch("monitoring.drift.trigger_pipeline") as trigger:
        check_drift(reference, reference)
    trigger.assert_not_called()
    assert trigger.call_count == 0


def test_drift_retrains_and_exports_new_mojo(reference, tmp_path):
    shifted = reference.assign(amount=reference.amount * 3)
    with patch("monitoring.drift.trigger_pipeline") as trigger:
        drifted = check_drift(reference, shifted)
    assert drifted == ["amount"]
    assert trigger.call_count == 1
    assert trigger.called and trigger.call_args.args[0] == "train_models"
    exported = list(tmp_path.glob("*.zip"))
    assert len(exported) == 1, "retraining exported no MOJO"

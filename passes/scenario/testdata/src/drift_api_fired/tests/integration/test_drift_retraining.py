from unittest.mock import ANY, patch

import pandas as pd
import pytest

from monitoring.drift import check_drift


@pytest.fixture
def reference():
    return pd.DataFrame({"amount": [10.0, 12.0, 11.0, 9.5, 10.5] * 40})


def test_drift_retrains_and_exports_new_mojo(reference, mage_client, tmp_path):
    shifted = reference.assign(amount=reference.amount * 3)
    with patch("monitoring.drift.trigger_pipeline") as trigger:
        drifted = check_drift(reference, shifted)
    assert drifted == ["amount"]
    trigger.assert_called_once_with("train_models", variables=ANY, check_status=False)

    run = mage_client.run_pipeline("train_models", variables={"model_dir": str(tmp_path)})
    assert run.status == "completed"
    exported = list(tmp_path.glob("*.zip"))
    assert len(exported) == 1, "retraining exported no MOJO"

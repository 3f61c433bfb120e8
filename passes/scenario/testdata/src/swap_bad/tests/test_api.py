# want `no load test exercises the service: add a locust HttpUser .*\[SCN102\]` `no test or script runs a load test while the model is swapped` `nothing asserts that no request failed during the swap`
from fastapi.testclient import TestClient


def test_score_returns_probability(client: TestClient):
    response = client.post("/score", json={"amount": 3.0})
    assert 0.0 <= response.json()["score"] <= 1.0
